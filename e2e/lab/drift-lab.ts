/**
 * Lab helpers for the drift tests: give one node an extension the others lack (a file its stand-in
 * reads on every /health), and read the balancer's members from HAProxy's admin socket (a stand-in
 * for the engine's balancer control until that is wired into the drift check).
 */
import fs from 'node:fs';
import path from 'node:path';
import { EXTRA_EXTENSIONS_FILE } from './stand-in/extra-extensions';
import { haproxyServerStates } from './load-balancers';
import type { MembersReader } from '../../electron/core/drift/check-drift';

/** Gives the node (its lab dir) extra extensions; returns the undo. */
export function addExtraExtensions(nodeDir: string, extensions: Record<string, string>): () => void {
  const file = path.join(nodeDir, 'state', EXTRA_EXTENSIONS_FILE);
  fs.writeFileSync(file, JSON.stringify(extensions), { mode: 0o644 });
  return () => fs.rmSync(file, { force: true });
}

/** HAProxy's members as its admin socket lists them (drained or in maintenance still count). */
export const haproxyMembers: MembersReader = async () => ({ members: Object.keys(await haproxyServerStates()), note: null });
