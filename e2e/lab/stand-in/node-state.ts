import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { PRODUCT_IDS, SERVICE_MESSENGER_PORT, parseProductVersion } from '../../../electron/shared/products';
import { StartRefusal } from './start-refusal';

/** File names inside a node's state dir; the lab and the service script use the same names. */
export const STATE_FILES = {
  node: 'node.json',
  pid: 'service.pid',
  log: 'service.log',
  lock: 'service.lock',
  faultNoStart: 'fault-no-start',
} as const;

const port = z.number().int().min(0).max(65535);

/** node.json, written by the lab. Port 0 (ephemeral) is accepted so tests need not guess free ports. */
export const nodeStateSchema = z.object({
  product: z.enum(PRODUCT_IDS),
  version: z.string().refine((v) => parseProductVersion(v) !== null, 'not a product version like 2025.14'),
  configPath: z.string().min(1),
  apiKey: z.string().min(1),
  messengerPort: port.default(SERVICE_MESSENGER_PORT),
  listenHost: z.string().min(1).default('0.0.0.0'),
});
export type NodeState = z.infer<typeof nodeStateSchema>;
export type NodeStateInput = z.input<typeof nodeStateSchema>;

export function readNodeState(stateDir: string): NodeState {
  const file = join(stateDir, STATE_FILES.node);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new StartRefusal(`cannot read ${file}: ${(err as Error).message}`);
  }
  const parsed = nodeStateSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new StartRefusal(`invalid ${file}: ${issues.join('; ')}`);
  }
  return parsed.data;
}

/** Version parts of node.json's version: "2025.14" or "2025.14 (Build 7)". */
export function versionInfo(version: string): { major: number; releaseNumber: string; versionNumber: string } {
  const [major, minor] = parseProductVersion(version) ?? [0, 0];
  const releaseNumber = `${major}.${minor}`;
  const build = /\(Build (\d+)\)/i.exec(version)?.[1] ?? '1';
  return { major, releaseNumber, versionNumber: `${releaseNumber} (Build ${build})` };
}
