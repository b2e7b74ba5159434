/** The .ico writer: what it writes, a parser reads back image for image, and bad input is refused. */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseIco, pngSize, writeIco } from './ico-writer';
import { ICO_SIZES } from './render-icons';

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(zlib.crc32(body) >>> 0, 8 + data.length);
  return out;
}

/** A real, decodable RGBA PNG of one colour. */
function png(width: number, height = width): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 4, 0x7f)]);
  const idat = zlib.deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

describe('ico writer', () => {
  it('round-trips every image byte for byte, smallest first, 256 stored as 0', () => {
    const images = [png(256), png(16), png(48), png(32)];
    const ico = writeIco(images);
    expect(ico.readUInt16LE(0)).toBe(0);
    expect(ico.readUInt16LE(2)).toBe(1);
    expect(ico.readUInt16LE(4)).toBe(4);
    expect(ico.readUInt8(6 + 16 * 3)).toBe(0); // the 256 px entry's width byte
    const back = parseIco(ico);
    expect(back.map((i) => i.width)).toEqual([16, 32, 48, 256]);
    for (const img of back) {
      expect(img.height).toBe(img.width);
      expect(img.png.equals(images.find((p) => pngSize(p).width === img.width)!)).toBe(true);
    }
  });

  it('lays the images out back to back after the directory', () => {
    const ico = writeIco([png(16), png(32)]);
    const first = ico.readUInt32LE(6 + 12);
    const second = ico.readUInt32LE(6 + 16 + 12);
    expect(first).toBe(6 + 2 * 16);
    expect(second).toBe(first + ico.readUInt32LE(6 + 8));
    expect(second + ico.readUInt32LE(6 + 16 + 8)).toBe(ico.length);
  });

  it('refuses what Windows could not use', () => {
    expect(() => writeIco([])).toThrow('at least one image');
    expect(() => writeIco([png(512)])).toThrow('1 to 256 px');
    expect(() => writeIco([png(32, 16)])).toThrow('square');
    expect(() => writeIco([png(32), png(32)])).toThrow('two images of 32 px');
    expect(() => writeIco([Buffer.from('GIF89a not a png at all')])).toThrow('not a PNG');
  });

  it('the parser refuses damaged files', () => {
    const ico = writeIco([png(16)]);
    expect(() => parseIco(Buffer.from('nope'))).toThrow('not an .ico');
    expect(() => parseIco(ico.subarray(0, ico.length - 10))).toThrow('past the end');
    const lying = Buffer.from(ico);
    lying.writeUInt8(32, 6);
    expect(() => parseIco(lying)).toThrow('says 32x16 but holds 16x16');
  });

  it('the committed app icon holds every Windows size', () => {
    const ico = parseIco(fs.readFileSync(path.join(__dirname, 'icons/icon.ico')));
    expect(ico.map((i) => i.width)).toEqual([...ICO_SIZES]);
  });
});
