/**
 * A Windows .ico with PNG entries (Vista and later read PNG at every size): a 6-byte header, one
 * 16-byte directory entry per image, then the PNG files as they are. Small enough to own and test.
 */

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const HEADER = 6;
const ENTRY = 16;

export interface IcoImage {
  readonly width: number;
  readonly height: number;
  readonly png: Buffer;
}

/** Width and height from a PNG's IHDR chunk, which the format puts first. */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (png.length < 24 || !png.subarray(0, 8).equals(PNG_SIGNATURE) || png.toString('latin1', 12, 16) !== 'IHDR') {
    throw new Error('not a PNG file');
  }
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

export function writeIco(pngs: readonly Buffer[]): Buffer {
  if (pngs.length === 0) throw new Error('an icon needs at least one image');
  // Smallest first, as Windows' own icons are laid out; one image per size.
  const images = pngs.map((png) => ({ ...pngSize(png), png })).sort((a, b) => a.width - b.width);
  const seen = new Set<number>();
  for (const { width, height } of images) {
    if (width !== height || width < 1 || width > 256) throw new Error(`icon images must be square, 1 to 256 px: got ${width}x${height}`);
    if (seen.has(width)) throw new Error(`two images of ${width} px`);
    seen.add(width);
  }
  const header = Buffer.alloc(HEADER + ENTRY * images.length);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // 1 = icon (2 would be a cursor)
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ width, height, png }, i) => {
    const at = HEADER + ENTRY * i;
    header.writeUInt8(width === 256 ? 0 : width, at); // a byte: 0 stands for 256
    header.writeUInt8(height === 256 ? 0 : height, at + 1);
    header.writeUInt8(0, at + 2); // no palette
    header.writeUInt8(0, at + 3); // reserved
    header.writeUInt16LE(1, at + 4); // colour planes
    header.writeUInt16LE(32, at + 6); // bits per pixel
    header.writeUInt32LE(png.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.png)]);
}

/** Reads an .ico back (PNG entries only): what the tests and the packaging check use to verify one. */
export function parseIco(ico: Buffer): IcoImage[] {
  if (ico.length < HEADER || ico.readUInt16LE(0) !== 0 || ico.readUInt16LE(2) !== 1) throw new Error('not an .ico file');
  const count = ico.readUInt16LE(4);
  if (ico.length < HEADER + ENTRY * count) throw new Error('.ico directory is truncated');
  const out: IcoImage[] = [];
  for (let i = 0; i < count; i++) {
    const at = HEADER + ENTRY * i;
    const width = ico.readUInt8(at) || 256;
    const height = ico.readUInt8(at + 1) || 256;
    const size = ico.readUInt32LE(at + 8);
    const offset = ico.readUInt32LE(at + 12);
    if (offset + size > ico.length) throw new Error(`.ico entry ${i} points past the end of the file`);
    const png = ico.subarray(offset, offset + size);
    const actual = pngSize(png);
    if (actual.width !== width || actual.height !== height) throw new Error(`.ico entry ${i} says ${width}x${height} but holds ${actual.width}x${actual.height}`);
    out.push({ width, height, png });
  }
  return out;
}
