/** Lab helper for the drift tests: give one node an extension the others lack (a file its stand-in reads on every /health). */
import fs from 'node:fs';
import path from 'node:path';
import { EXTRA_EXTENSIONS_FILE } from './stand-in/extra-extensions';

/** Gives the node (its lab dir) extra extensions; returns the undo. */
export function addExtraExtensions(nodeDir: string, extensions: Record<string, string>): () => void {
  const file = path.join(nodeDir, 'state', EXTRA_EXTENSIONS_FILE);
  fs.writeFileSync(file, JSON.stringify(extensions), { mode: 0o644 });
  return () => fs.rmSync(file, { force: true });
}

