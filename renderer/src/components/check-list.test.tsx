import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { cleanup, render, screen } from '@testing-library/react';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { remedy, ref, rerun } from '../../../electron/shared/remedy';
import type { CheckResult } from '../store/run-types';
import { CheckList } from './check-list';
import { RERUN_BUTTON } from './rerun-buttons';

const inTheme = (ui: React.ReactElement) => render(<FluentProvider theme={webLightTheme}>{ui}</FluentProvider>);
afterEach(cleanup);

const failing = (r: CheckResult['remedy']): CheckResult => ({ id: 'database.login', title: 'Database login works from this computer', area: 'database', target: 'cluster', status: 'fail', detail: 'refused', remedy: r, durationMs: 1 });

describe('CheckList remedies', () => {
  it('names the page, the field and the page’s own button; never a profile path or "re-run validation"', () => {
    inTheme(<CheckList results={[failing(remedy`Check the login and ${ref('database.password')}, then ${rerun}.`)]} rerunButton={RERUN_BUTTON.database} />);
    const bar = screen.getByText(/What to do/).closest('div')!;
    expect(bar.textContent).toBe('What to do: Check the login and the Password field on the Database page, then press “Test the database” again.');
    expect(bar.textContent).not.toMatch(/database\.password|re-run validation/);
  });

  it('the SQL Server certificate remedy points at the switch, not at a keyword to type', () => {
    inTheme(<CheckList results={[failing(remedy`Accepting the risk, ${ref('database.trust-server-certificate')}.`)]} />);
    expect(screen.getByText(/What to do/).closest('div')!.textContent).toBe('What to do: Accepting the risk, turn on “Trust the server’s certificate without validating it” on the Database page.');
  });

  it('each page has the button its remedies name', () => {
    const pages: Record<keyof typeof RERUN_BUTTON, string> = {
      servers: 'servers-page.tsx', database: 'database-page.tsx', storage: 'storage-page.tsx',
      encryption: 'encryption-page.tsx', 'load-balancer': 'load-balancer-page.tsx', review: 'review-page.tsx',
    };
    for (const [scope, file] of Object.entries(pages)) {
      const source = readFileSync(`renderer/src/pages/${file}`, 'utf8');
      expect(source, `${file} has a button “${RERUN_BUTTON[scope as keyof typeof RERUN_BUTTON]}”`).toContain(RERUN_BUTTON[scope as keyof typeof RERUN_BUTTON].replace(/ again$/, ''));
    }
  });
});
