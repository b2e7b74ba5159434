/**
 * `npm run icons`: renders build/icon.svg (the one source image) to every PNG size with headless
 * Chromium and packs the Windows sizes into build/icons/icon.ico.
 *
 * The results are committed, with the source's hash beside them: a release machine (Windows, signing
 * certificate at hand) then needs no Chromium, and `npm run package:check` fails when icon.svg changed
 * but the icons were not rendered again.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { writeIco } from './ico-writer';

export const ICON_SOURCE = path.join(__dirname, 'icon.svg');
export const ICONS_DIR = path.join(__dirname, 'icons');
export const ICO_FILE = path.join(ICONS_DIR, 'icon.ico');
export const SOURCE_HASH_FILE = path.join(ICONS_DIR, 'source.sha256');
/** Windows picks from these for 100-250 % scaling, the taskbar, Explorer's views and the installer. */
export const ICO_SIZES = [16, 20, 24, 32, 40, 48, 64, 128, 256] as const;
/** Linux desktops read a folder of NxN.png; 512 is what app stores and docks ask for. */
export const PNG_SIZES = [16, 32, 48, 64, 128, 256, 512] as const;

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export function sourceHash(svg: string | Buffer = fs.readFileSync(ICON_SOURCE)): string {
  return createHash('sha256').update(svg).digest('hex');
}

/** One PNG per size, transparent outside the mark, rendered by the browser's own SVG engine. */
export async function renderPngs(svg: string, sizes: readonly number[], executablePath = '/usr/bin/chromium'): Promise<Map<number, Buffer>> {
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  try {
    const page = await browser.newPage({ viewport: { width: 512, height: 512 }, deviceScaleFactor: 1 });
    const out = new Map<number, Buffer>();
    for (const size of sizes) {
      const sized = svg.replace('<svg ', `<svg width="${size}" height="${size}" `);
      await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${sized}</body></html>`);
      out.set(size, await page.screenshot({ type: 'png', omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } }));
    }
    return out;
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const svg = fs.readFileSync(ICON_SOURCE, 'utf8');
  const sizes = [...new Set([...ICO_SIZES, ...PNG_SIZES])].sort((a, b) => a - b);
  const pngs = await renderPngs(svg, sizes, process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');
  fs.mkdirSync(path.join(ICONS_DIR, 'png'), { recursive: true });
  for (const size of PNG_SIZES) fs.writeFileSync(path.join(ICONS_DIR, 'png', `${size}x${size}.png`), pngs.get(size)!);
  fs.writeFileSync(ICO_FILE, writeIco(ICO_SIZES.map((s) => pngs.get(s)!)));
  fs.writeFileSync(SOURCE_HASH_FILE, `${sourceHash(svg)}  icon.svg\n`);
  console.log(`icons: ${ICO_SIZES.length} sizes in ${path.relative(process.cwd(), ICO_FILE)}, ${PNG_SIZES.length} PNGs in ${path.relative(process.cwd(), path.join(ICONS_DIR, 'png'))}`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
