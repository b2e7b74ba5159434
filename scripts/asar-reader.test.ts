/** The asar header reader, on an archive laid out by hand the way @electron/asar writes one. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listAsar, parseAsarHeader } from './asar-reader';

/** Chromium's pickle format: uint32 sizes, the JSON string padded to 4 bytes. */
function asar(header: unknown, body = Buffer.alloc(0)): Buffer {
  const json = Buffer.from(JSON.stringify(header));
  const padded = Math.ceil(json.length / 4) * 4;
  const pickle = Buffer.alloc(8 + padded);
  pickle.writeUInt32LE(4 + padded, 0);
  pickle.writeInt32LE(json.length, 4);
  json.copy(pickle, 8);
  const sizes = Buffer.alloc(8);
  sizes.writeUInt32LE(4, 0);
  sizes.writeUInt32LE(pickle.length, 4);
  return Buffer.concat([sizes, pickle, body]);
}

const header = {
  files: {
    'package.json': { size: 20, offset: '0' },
    out: { files: { main: { files: { 'index.js': { size: 300, offset: '20', executable: true } } } } },
    node_modules: {
      files: {
        ssh2: { files: { util: { files: { 'pagent.exe': { size: 50688, unpacked: true } } } } },
        '.bin': { files: { tool: { link: 'node_modules/tool/cli.js' } } },
      },
    },
  },
};

describe('asar reader', () => {
  it('lists every file with its size and whether it is unpacked, skipping links', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'asar-')), 'app.asar');
    fs.writeFileSync(file, asar(header, Buffer.alloc(320)));
    expect(listAsar(file)).toEqual([
      { path: 'node_modules/ssh2/util/pagent.exe', size: 50688, unpacked: true },
      { path: 'out/main/index.js', size: 300, unpacked: false },
      { path: 'package.json', size: 20, unpacked: false },
    ]);
  });

  it('refuses what is not an asar archive or is cut short', () => {
    expect(() => parseAsarHeader(Buffer.from('PK\x03\x04 a zip file, not an asar'))).toThrow('not an asar');
    expect(() => parseAsarHeader(asar(header).subarray(0, 40))).toThrow('truncated');
  });
});
