/**
 * The apply journal: one JSON-lines file per cluster in the app's data folder, appended and fsync'd
 * before and after every step, so a wizard killed between any two records leaves a journal that says
 * what it was doing, on which node, with which backup. It holds no secret by construction: node ids,
 * paths, hashes, step names, the old values of the settings a plan changes (paths, URLs) and
 * already-redacted failure texts, never a file's bytes or a profile.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import os from 'node:os';
import crypto from 'node:crypto';
import { z } from 'zod';
import { nodeId, type ClusterProfile } from '../../shared/profile';
import { sha256 } from './masked-diff';
import { defaultDataDir } from '../data-dir';
import { ApplyReportSchema, ApplyStepNameSchema } from '../../shared/apply-schema';
import { errorCode } from '../../shared/error-text';

export const JOURNAL_VERSION = 1;

/** Which cluster a journal is about: the product and its node ids (sorted), nothing else. */
const ClusterIdentitySchema = z.object({ product: z.string(), nodes: z.array(z.string()) });
export type ClusterIdentity = z.infer<typeof ClusterIdentitySchema>;

export function clusterIdentity(profile: Pick<ClusterProfile, 'product' | 'nodes'>): ClusterIdentity {
  return { product: profile.product, nodes: profile.nodes.map(nodeId).sort() };
}

export function clusterJournalName(id: ClusterIdentity): string {
  return `apply-${id.product}-${sha256(JSON.stringify(id)).slice(0, 16)}.jsonl`;
}

/** A new apply (or recovery) run, appended to the cluster's journal: a journal may hold several. */
const BeginRecordSchema = z.object({
  type: z.literal('begin'), v: z.number(), at: z.string(), kind: z.enum(['apply', 'recover-rollback', 'recover-finish']),
  cluster: ClusterIdentitySchema, planHash: z.string().nullable(), profileHash: z.string(), pid: z.number(), host: z.string(),
});
/** Before a step ("about"), and after it ("done" or "failed"). */
const StepRecordSchema = z.object({
  type: z.literal('step'), at: z.string(), step: ApplyStepNameSchema, status: z.enum(['about', 'done', 'failed']), nodeId: z.string().nullable(),
  /** The node's configuration file. */
  path: z.string().optional(),
  /** Where the original was (or is being) backed up, and the sha256 of the bytes backed up; null: there was no file. */
  backupPath: z.string().nullable().optional(),
  backupSha256: z.string().nullable().optional(),
  /** The settings step: which setting. */
  setting: z.string().optional(),
  /**
   * The settings step's 'about' record: the setting's value before it was set (null: it had none), so a
   * recovery can set it back. No secret: the settings a plan changes are paths and URLs the plan shows.
   * Absent in journals of older wizards, and where the value could not be read.
   */
  previous: z.string().nullable().optional(),
  /** Failures only: the engine's redacted message. */
  detail: z.string().optional(),
});
const EndRecordSchema = z.object({
  type: z.literal('end'), at: z.string(), status: z.enum([...ApplyReportSchema.shape.status.options, 'recovered', 'recover-failed']), done: z.boolean(),
});
const JournalRecordSchema = z.discriminatedUnion('type', [BeginRecordSchema, StepRecordSchema, EndRecordSchema]);
export type BeginRecord = z.infer<typeof BeginRecordSchema>;
export type StepRecord = z.infer<typeof StepRecordSchema>;
export type EndRecord = z.infer<typeof EndRecordSchema>;
export type JournalRecord = z.infer<typeof JournalRecordSchema>;

/** What apply (and recover) write through; tests wrap it to stop dead at a given record. */
export interface ApplyJournal {
  readonly identity: ClusterIdentity;
  append(record: JournalRecord): Promise<void>;
  /** Writes the end record; a done journal moves into the history folder. */
  end(status: EndRecord['status'], done: boolean): Promise<void>;
}

/** Where the CLI and the app (one data folder) keep apply journals. */
export const defaultJournalDir = () => path.join(defaultDataDir(), 'journals');

export const journalPaths = (dir: string, id: ClusterIdentity) => ({
  active: path.join(dir, clusterJournalName(id)),
  history: path.join(dir, 'history'),
});

/** The journal file of a cluster in `dir`, appended to (created when absent). */
export class FileJournal implements ApplyJournal {
  constructor(readonly dir: string, readonly identity: ClusterIdentity, private readonly now: () => Date = () => new Date()) {}

  static for(dir: string, profile: Pick<ClusterProfile, 'product' | 'nodes'>): FileJournal {
    return new FileJournal(dir, clusterIdentity(profile));
  }

  get file(): string {
    return journalPaths(this.dir, this.identity).active;
  }

  async append(record: JournalRecord): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const fh = await fs.open(this.file, 'a+', 0o600);
    try {
      // A line starts on its own line even after a torn one, so the torn one alone is lost.
      const size = (await fh.stat()).size;
      const torn = size > 0 && (await readLastByte(fh, size)) !== 0x0a;
      await fh.write(`${torn ? '\n' : ''}${JSON.stringify(record)}\n`);
      await fh.sync();
    } finally {
      await fh.close();
    }
  }

  async end(status: EndRecord['status'], done: boolean): Promise<void> {
    await this.append({ type: 'end', at: this.now().toISOString(), status, done });
    if (!done) return;
    const { history } = journalPaths(this.dir, this.identity);
    await fs.mkdir(history, { recursive: true, mode: 0o700 });
    const stamp = this.now().toISOString().replace(/[-:.]/g, '');
    await fs.rename(this.file, path.join(history, `${stamp}-${crypto.randomBytes(3).toString('hex')}-${path.basename(this.file)}`));
  }
}

async function readLastByte(fh: fs.FileHandle, size: number): Promise<number> {
  const b = Buffer.alloc(1);
  await fh.read(b, 0, 1, size - 1);
  return b[0]!;
}

/** A plan's identity in the journal: the hash of its JSON (the plan holds no secret, only references). */
export function planHash(plan: unknown): string {
  return sha256(JSON.stringify(plan));
}

export function beginRecord(kind: BeginRecord['kind'], identity: ClusterIdentity, planHash: string | null, profileHash: string, at: Date): BeginRecord {
  return { type: 'begin', v: JOURNAL_VERSION, at: at.toISOString(), kind, cluster: identity, planHash, profileHash, pid: process.pid, host: os.hostname() };
}

/** Parses a journal's text: a torn line (a kill mid-write) is skipped; any other bad line is an error. */
export function parseJournal(text: string): JournalRecord[] {
  const lines = text.split('\n');
  const out: JournalRecord[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      // Torn: the last line, or a line the next append started a fresh line after.
      const next = lines.slice(i + 1).find((l) => l.trim());
      if (next !== undefined && !isRecordStart(next)) throw new Error(`the journal's line ${i + 1} is not a record`);
      return;
    }
    // Whole JSON of another shape is no torn line: the journal is not one this wizard can act on.
    const record = JournalRecordSchema.safeParse(value);
    if (!record.success) throw new Error(`the journal's line ${i + 1} is not a record`);
    out.push(record.data);
  });
  return out;
}

const isRecordStart = (line: string) => line.startsWith('{"type":');

/** The unfinished journal of this cluster, if there is one. */
export async function readOpenJournal(dir: string, profile: Pick<ClusterProfile, 'product' | 'nodes'>): Promise<{ file: string; records: JournalRecord[] } | null> {
  const file = journalPaths(dir, clusterIdentity(profile)).active;
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return null;
    throw e;
  }
  const records = parseJournal(text);
  // Killed between its last record and the move into the history: finished all the same.
  const last = records[records.length - 1];
  if (!records.length || (last?.type === 'end' && last.done)) return null;
  return { file, records };
}
