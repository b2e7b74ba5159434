/**
 * One small JSON file per cluster in the app's data folder: the last 24 hours of one-minute buckets per
 * server (compact rows), the cluster's events and each server's believed state. Written whole to a
 * temporary file and renamed over the old one, so a crash leaves the old file or the new, never half.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ClusterEventSchema } from '../../../shared/health-history';
import { NodeStateSchema, type NodeState } from '../../../shared/health-snapshot';
import { writeFileAtomic } from '../../report/report-files';
import { errorCode, errorMessage } from '../../../shared/error-text';

export const HISTORY_FORMAT = 'ha-wizard-health-history';

/** One letter per state on disk: a day of buckets for five servers stays near 150 KB. */
const CodeSchema = z.enum(['h', 'u', 's', 'n', 'r']);
type Code = z.infer<typeof CodeSchema>;
const CODES: Record<NodeState, Code> = { healthy: 'h', unhealthy: 'u', 'service-stopped': 's', 'not-answering': 'n', unreachable: 'r' };
/** The same table read the other way (history-file.test.ts checks that each undoes the other). */
const STATES: Record<Code, NodeState> = { h: 'healthy', u: 'unhealthy', s: 'service-stopped', n: 'not-answering', r: 'unreachable' };

/** [bucket start in bucket units since the epoch, state letter, median elapsed ms or null] */
const RowSchema = z.tuple([z.number().int(), CodeSchema, z.number().nullable()]);

const TrackSchema = z.object({
  confirmed: z.enum(['up', 'down']).nullable(),
  state: NodeStateSchema.nullable(),
  since: z.string().nullable(),
  pending: z.enum(['up', 'down']).nullable(),
  count: z.number().int().min(0),
});

export const HistoryFileSchema = z.object({
  format: z.literal(HISTORY_FORMAT),
  version: z.literal(1),
  cluster: z.string(),
  bucketSeconds: z.number().int().positive(),
  nodes: z.record(z.string(), z.array(RowSchema)),
  events: z.array(ClusterEventSchema),
  tracks: z.record(z.string(), TrackSchema),
});
export type HistoryFile = z.infer<typeof HistoryFileSchema>;
export type Row = z.infer<typeof RowSchema>;

export const codeOf = (s: NodeState): Code => CODES[s];
export const stateOf = (c: Code): NodeState => STATES[c];

/** Only a plain key can name a file (clusterKey makes `<product>-<hex>`); anything else is refused. */
export function historyPath(dir: string, cluster: string): string {
  if (!/^[a-z]+-[0-9a-f]{8,64}$/.test(cluster)) throw new Error(`not a cluster key: ${cluster}`);
  return path.join(dir, `${cluster}.json`);
}

export type ReadOutcome = { kind: 'none' } | { kind: 'ok'; file: HistoryFile } | { kind: 'corrupt'; reason: string; keptAs: string | null };

/** Reads a cluster's file; a file that cannot be read as one is moved aside (kept for a person to look at), never thrown. */
export async function readHistoryFile(dir: string, cluster: string): Promise<ReadOutcome> {
  const file = historyPath(dir, cluster);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return { kind: 'none' };
    return { kind: 'corrupt', reason: errorMessage(e), keptAs: null };
  }
  let reason: string;
  try {
    const parsed = HistoryFileSchema.safeParse(JSON.parse(text));
    if (parsed.success && parsed.data.cluster === cluster) return { kind: 'ok', file: parsed.data };
    reason = parsed.success ? `it belongs to another cluster (${parsed.data.cluster})` : `it is not a health history (${parsed.error.issues[0]?.message ?? 'unexpected content'})`;
  } catch (e) {
    reason = `it is not valid JSON (${errorMessage(e)})`;
  }
  const keptAs = `${file}.corrupt-${Date.now()}`;
  const moved = await fs.rename(file, keptAs).then(() => true, () => false);
  return { kind: 'corrupt', reason, keptAs: moved ? keptAs : null };
}

export async function writeHistoryFile(dir: string, content: HistoryFile): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(historyPath(dir, content.cluster), `${JSON.stringify(content)}\n`);
}
