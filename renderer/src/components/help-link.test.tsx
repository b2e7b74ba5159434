/** Every step's page links to its Inedo documentation page, for every product, and opens it through shell.openExternal. */
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { HELP_STEPS, helpLinkFor } from '../../../electron/shared/help-links';
import { PRODUCT_IDS } from '../../../electron/shared/products';
import { STEPS } from '../store/steps';
import { wizard } from '../store/wizard-store';
import { installFakeEngine, renderPage } from '../testing/fake-engine';
import { PageFrame } from './page-frame';

afterEach(cleanup);

describe('help links', () => {
  it('every wizard step has an entry in the one table', () => {
    expect([...HELP_STEPS].sort()).toEqual(STEPS.map((s) => s.id).sort());
    for (const p of PRODUCT_IDS) for (const step of HELP_STEPS) expect(helpLinkFor(p, step)!.url, `${p} ${step}`).toMatch(/^https:\/\/docs\.inedo\.com\/docs\/[a-z-]+\/[a-z0-9/#-]+$/);
  });

  it.each(PRODUCT_IDS.flatMap((p) => HELP_STEPS.map((step) => [p, step] as const)))('%s, %s: the page frame links to its page and opens it in the browser', async (product, step) => {
    const engine = installFakeEngine({ 'shell.openExternal': () => ({ opened: true }) });
    renderPage(<PageFrame title="A page" onSubmit={() => undefined} primaryLabel="Next">content</PageFrame>, () => {
      wizard().setDraft({ product });
      wizard().goTo(step);
    });
    const expected = helpLinkFor(product, step)!;
    const link = screen.getByRole('link', { name: new RegExp(`Inedo documentation: ${expected.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) });
    expect(link.getAttribute('href')).toBe(expected.url);
    fireEvent.click(link);
    await waitFor(() => expect(engine.calls.filter((c) => c.name === 'shell.openExternal')).toEqual([{ name: 'shell.openExternal', input: { url: expected.url } }]));
  });
});
