/**
 * The per-cluster drift file, in the app's data folder beside the reports (`<data>/drift/`): the
 * desired state saved by the last successful apply, and since when each difference now present was
 * first seen. No secret by construction: fingerprints, connection parts, non-secret variables, ids.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { nodeId, type ClusterProfile } from '../../shared/profile';
import { z } from 'zod';
import { DriftDifferenceSchema } from '../../shared/drift';
import { DesiredStateSchema } from './desired-state';
import { errorCode } from '../../shared/error-text';
import { readJsonAs } from '../../shared/parse-json';

/** Fields an older file lacks take their empty value; a file of another shape is started afresh (read()). */
const DriftFileSchema = z.object({
  v: z.literal(1),
  /** The applied state; null until an apply succeeded (then the profile stands for it). */
  desired: DesiredStateSchema.nullable().default(null),
  /** driftKey -> when that difference was first seen. */
  since: z.record(z.string(), z.string()).default({}),
  /** The differences the last check found (for the history's drift-found / drift-cleared). */
  last: z.array(DriftDifferenceSchema).default([]),
  noDriftSince: z.string().nullable().default(null),
});
export type DriftFile = z.infer<typeof DriftFileSchema>;

const EMPTY: DriftFile = { v: 1, desired: null, since: {}, last: [], noDriftSince: null };

/** Where the drift files live, from the app's reports folder or its data folder. */
export const driftDirOfReports = (reportsDir: string) => path.join(path.dirname(reportsDir), 'drift');
export const driftDirOfData = (dataDir: string) => path.join(dataDir, 'drift');

/** One file per cluster: named by its product and node ids (the same cluster the apply journal names). */
export function driftFileName(profile: Pick<ClusterProfile, 'product' | 'nodes'>): string {
  const id = { product: profile.product, nodes: profile.nodes.map(nodeId).sort() };
  return `drift-${id.product}-${crypto.createHash('sha256').update(JSON.stringify(id)).digest('hex').slice(0, 16)}.json`;
}

export class DriftStore {
  constructor(readonly dir: string) {}

  fileOf(profile: Pick<ClusterProfile, 'product' | 'nodes'>): string {
    return path.join(this.dir, driftFileName(profile));
  }

  async read(profile: Pick<ClusterProfile, 'product' | 'nodes'>): Promise<DriftFile> {
    try {
      // A damaged file (not JSON, another version, a field of another shape) is started afresh rather than
      // failing every check: nothing is lost but `since`.
      return readJsonAs(DriftFileSchema, await fs.readFile(this.fileOf(profile), 'utf8')) ?? { ...EMPTY };
    } catch (e) {
      if (errorCode(e) === 'ENOENT') return { ...EMPTY };
      throw e;
    }
  }

  /** Written whole to a temp file and renamed, so a crash never leaves half a file. */
  async write(profile: Pick<ClusterProfile, 'product' | 'nodes'>, f: DriftFile): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const file = this.fileOf(profile);
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    await fs.writeFile(tmp, `${JSON.stringify(f, null, 2)}\n`, { mode: 0o600 });
    await fs.rename(tmp, file);
  }
}
