/** What a small window (1024x700) must not do to the wizard, measured in the page as laid out. */
import type { Page } from 'playwright-core';

export const SMALL = { width: 1024, height: 700 } as const;

export interface RadioLayout { label: string; lines: number; overflows: boolean }

/**
 * Every visible radio label of a horizontal radio group: on how many lines its text is laid out (the
 * distinct line boxes of its text), and whether it sticks out of its group's container.
 */
export async function horizontalRadioLabels(page: Page): Promise<RadioLayout[]> {
  return page.evaluate(() => {
    const out: { label: string; lines: number; overflows: boolean }[] = [];
    for (const group of Array.from(document.querySelectorAll<HTMLElement>('[role="radiogroup"]'))) {
      if (getComputedStyle(group).flexDirection !== 'row' || !group.offsetParent) continue;
      const box = (group.parentElement ?? group).getBoundingClientRect();
      for (const label of Array.from(group.querySelectorAll<HTMLElement>('.fui-Radio__label'))) {
        const range = document.createRange();
        range.selectNodeContents(label);
        const tops = new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        const r = label.getBoundingClientRect();
        out.push({ label: (label.textContent ?? '').trim(), lines: tops.size, overflows: r.right > box.right + 1 });
      }
    }
    return out;
  });
}

/** The radios laid out badly: more than one line, or out of their container ([] when all is well). */
export async function badRadios(page: Page): Promise<RadioLayout[]> {
  return (await horizontalRadioLabels(page)).filter((r) => r.lines !== 1 || r.overflows);
}

/** Whether the element is wholly inside the window (scrolled to or not). */
export async function whollyInView(page: Page, selector: string): Promise<{ box: { top: number; bottom: number } | null; inView: boolean }> {
  return page.locator(selector).first().evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { box: { top: r.top, bottom: r.bottom }, inView: r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth };
  });
}
