/**
 * axe-core inside the wizard's page: every serious or critical accessibility violation of the page as
 * it is now, in light, dark and forced colours (Windows' high contrast themes), each the way Chromium
 * emulates it. axe's source is evaluated through the DevTools protocol, so the page's CSP does not
 * apply to it and nothing is added to the app.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE: string = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

export const COLOUR_MODES = ['light', 'dark', 'forced'] as const;
export type ColourMode = (typeof COLOUR_MODES)[number];

export interface AxeViolation {
  rule: string;
  impact: string;
  help: string;
  /** Up to five offending elements: axe's selector and the start of their HTML. */
  nodes: { target: string; html: string }[];
}

/**
 * Faults that are Fluent's own and cannot be fixed by this app's markup, each with the reason. A rule
 * listed here is ignored only on the elements it names, so any other element breaking it still fails.
 */
export const KNOWN_FLUENT_FAULTS: { rule: string; target: RegExp; why: string }[] = [
  {
    // Tabster (Fluent's focus management) puts <i tabindex="0" aria-hidden="true" data-tabster-dummy>
    // around dialogs, tab lists and mover groups so Tab can be caught at the edges; they take focus
    // only to pass it on at once and are hidden from screen readers on purpose. Helper "review" owns
    // the Review/Apply placeholders; this entry stands until Fluent marks them inert.
    rule: 'aria-hidden-focus',
    target: /data-tabster-dummy/,
    why: 'Fluent (tabster) focus-trap placeholders: aria-hidden on purpose, focus passes through them',
  },
];

/** Switches the page's colour mode and waits until its media queries say so. */
export async function setColourMode(page: Page, mode: ColourMode): Promise<void> {
  await page.emulateMedia({ colorScheme: mode === 'dark' ? 'dark' : 'light', forcedColors: mode === 'forced' ? 'active' : 'none' });
  await page.waitForFunction((m) => matchMedia('(forced-colors: active)').matches === (m === 'forced') && matchMedia('(prefers-color-scheme: dark)').matches === (m === 'dark'), mode);
  // Fluent re-renders its theme on the media change, later on a busy machine: read colours only once
  // every element's computed colours have stayed the same for two looks in a row (axe caught a half-
  // switched page with a fixed wait).
  let last = '';
  for (let i = 0; i < 50; i++) {
    await page.waitForTimeout(100);
    const now = await page.evaluate(() => Array.from(document.body.querySelectorAll('*'), (el) => {
      const c = getComputedStyle(el);
      return `${c.color}|${c.backgroundColor}`;
    }).join(';'));
    if (now === last) return;
    last = now;
  }
  throw new Error(`the page's colours did not settle after switching to ${mode}`);
}

/** Every element a known fault excused, for a spec's report (so an entry that no longer matches shows). */
export const excused: { rule: string; target: string; html: string }[] = [];

/** The page's serious and critical violations now (Fluent's known faults taken out). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[]; html: string; impact?: string | null }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ rule: v.id, impact: v.impact ?? '', help: v.help, nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' '), html: n.html.slice(0, 200), impact: n.impact ?? v.impact ?? '' })) }));
  });
  const out: AxeViolation[] = [];
  for (const v of found) {
    const serious = v.nodes.filter((n) => n.impact === 'serious' || n.impact === 'critical');
    const known = (n: (typeof serious)[number]) => KNOWN_FLUENT_FAULTS.some((k) => k.rule === v.rule && (k.target.test(n.html) || k.target.test(n.target)));
    for (const n of serious.filter(known)) excused.push({ rule: v.rule, target: n.target, html: n.html });
    const nodes = serious.filter((n) => !known(n));
    if (nodes.length) out.push({ rule: v.rule, impact: v.impact, help: v.help, nodes: nodes.slice(0, 5).map(({ target, html }) => ({ target, html })) });
  }
  return out;
}

/** The page in every colour mode: mode -> its violations (empty when none); ends back in light. */
export async function axeInEveryMode(page: Page): Promise<Record<ColourMode, AxeViolation[]>> {
  const seen = {} as Record<ColourMode, AxeViolation[]>;
  for (const mode of COLOUR_MODES) {
    await setColourMode(page, mode);
    seen[mode] = await axeViolations(page);
  }
  await setColourMode(page, 'light');
  return seen;
}
