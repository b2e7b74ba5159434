/** The past reports list and its buttons call the contract with exactly the ids the engine listed; Apply's Save report names its run. */
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApplyReports } from '../pages/apply/apply-reports';
import { installFakeEngine, renderPage } from '../testing/fake-engine';
import { PastReports } from './past-reports';

afterEach(cleanup);

const LISTING = {
  folder: '/home/admin/.config/HA Wizard/reports', kept: 100,
  runs: [
    { id: '2026-11-30T11-00-05-000Z-apply', kind: 'apply' as const, at: '2026-11-30T11:00:05.000Z', summary: 'Applied: 3 of 3 servers changed' },
    { id: '2026-11-30T10-00-02-000Z-checks', kind: 'checks' as const, at: '2026-11-30T10:00:02.000Z', summary: 'Not ready: 20 passed, 1 warnings, 1 failed, 0 skipped' },
  ],
};

describe('past reports', () => {
  it('lists each kept run with its outcome; opens one, and the folder, through the contract', async () => {
    const engine = installFakeEngine({ 'reports.list': () => LISTING, 'reports.open': () => ({ opened: true }), 'reports.openFolder': () => ({ opened: true }) });
    renderPage(<PastReports />);
    expect(await screen.findByText('Applied: 3 of 3 servers changed')).toBeTruthy();
    expect(screen.getByText(/Every check run and apply is saved in \/home\/admin\/\.config\/HA Wizard\/reports \(the newest 100 are kept\)/)).toBeTruthy();
    const items = screen.getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([expect.stringMatching(/^Apply, .*Applied: 3 of 3/), expect.stringMatching(/^Check run, .*Not ready/)]);
    fireEvent.click(screen.getByText(/^Check run, /));
    fireEvent.click(screen.getByRole('button', { name: 'Open reports folder' }));
    await waitFor(() => expect(engine.calls.filter((c) => c.name !== 'reports.list')).toEqual([
      { name: 'reports.open', input: { id: '2026-11-30T10-00-02-000Z-checks' } },
      { name: 'reports.openFolder', input: {} },
    ]));
  });

  it('an empty folder says so; a host with no folder offers no button', async () => {
    installFakeEngine();
    renderPage(<PastReports />);
    expect(await screen.findByText(/No reports yet/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Open reports folder' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('Apply\'s Save report asks the engine for that run\'s report, HTML or JSON', async () => {
    const engine = installFakeEngine({ 'report.save': (i) => ({ saved: true, path: `/downloads/apply.${'format' in i ? i.format : 'json'}` }) });
    renderPage(<ApplyReports runId="apply-1" />);
    fireEvent.click(screen.getByRole('button', { name: 'Save report (HTML)' }));
    expect(await screen.findByText('Saved /downloads/apply.html.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save report (JSON)' }));
    expect(await screen.findByText('Saved /downloads/apply.json.')).toBeTruthy();
    expect(engine.calls.filter((c) => c.name === 'report.save').map((c) => c.input)).toEqual([{ of: 'apply', runId: 'apply-1', format: 'html' }, { of: 'apply', runId: 'apply-1', format: 'json' }]);
  });
});
