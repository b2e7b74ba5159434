/**
 * Lists an app.asar from its header alone: an 8-byte pickle giving the header's size, then a pickle
 * holding one JSON tree of folders and files (with sizes). Reading that is all the check needs, so it
 * does not lean on @electron/asar, which is only here as electron-builder's own dependency.
 */
import fs from 'node:fs';

export interface AsarFile {
  /** Path inside the archive, with '/' separators and no leading slash. */
  readonly path: string;
  readonly size: number;
  /** Stored beside the archive in app.asar.unpacked rather than in it. */
  readonly unpacked: boolean;
}

interface AsarNode {
  files?: Record<string, AsarNode>;
  size?: number;
  unpacked?: boolean;
  link?: string;
}

/** The header JSON from the first bytes of an archive. */
export function parseAsarHeader(head: Buffer): { header: AsarNode; headerSize: number } {
  if (head.length < 16 || head.readUInt32LE(0) !== 4) throw new Error('not an asar archive (bad size pickle)');
  const headerSize = head.readUInt32LE(4);
  const pickle = head.subarray(8, 8 + headerSize);
  if (pickle.length < headerSize) throw new Error('asar header is truncated');
  const length = pickle.readInt32LE(4);
  if (length < 0 || 8 + length > pickle.length) throw new Error('asar header string is truncated');
  return { header: JSON.parse(pickle.toString('utf8', 8, 8 + length)) as AsarNode, headerSize };
}

export function listAsarHeader(header: AsarNode): AsarFile[] {
  const out: AsarFile[] = [];
  const walk = (node: AsarNode, prefix: string) => {
    for (const [name, child] of Object.entries(node.files ?? {})) {
      const p = prefix ? `${prefix}/${name}` : name;
      if (child.files) walk(child, p);
      else if (child.link === undefined) out.push({ path: p, size: Number(child.size ?? 0), unpacked: child.unpacked === true });
    }
  };
  walk(header, '');
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

export function listAsar(file: string): AsarFile[] {
  const fd = fs.openSync(file, 'r');
  try {
    const sizes = Buffer.alloc(8);
    fs.readSync(fd, sizes, 0, 8, 0);
    const head = Buffer.alloc(8 + sizes.readUInt32LE(4));
    fs.readSync(fd, head, 0, head.length, 0);
    return listAsarHeader(parseAsarHeader(head).header);
  } finally {
    fs.closeSync(fd);
  }
}
