/**
 * The cluster lock: two wizards (two admins, or the app and a script) never change one cluster at once.
 * A file beside the first node's configuration, created exclusively over SFTP (so exactly one creator
 * wins), naming its owner (user@host, pid, tool) and since when, refreshed by a heartbeat while held,
 * removed at the end. A lock whose heartbeat is older than the stale rule (or whose owner is a process
 * of this machine that no longer runs) may be broken, on the admin's word (--break-lock), saying so.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import { z } from 'zod';
import type { ManualStep } from '../../shared/plan-schema';
import type { SshSession } from '../remote/ssh-session';
import { replaceVerified } from './remote-file';
import { errorCode, errorMessage } from '../../shared/error-text';
import { readJsonAs } from '../../shared/parse-json';

export const LOCK_NAME = '.ha-wizard-cluster.lock';
/** No heartbeat for this long: the owner is taken for gone. */
export const STALE_AFTER_MS = 30 * 60_000;
export const HEARTBEAT_MS = 60_000;

const LockOwnerSchema = z.object({ user: z.string(), host: z.string(), pid: z.number(), tool: z.string() });
/** The lock file as every wizard writes it; one of another shape is "an unreadable lock". */
const LockFileSchema = z.object({ owner: LockOwnerSchema, since: z.string(), heartbeat: z.string(), token: z.string() });
export type LockOwner = z.infer<typeof LockOwnerSchema>;
export type LockFile = z.infer<typeof LockFileSchema>;

export function currentOwner(tool: string): LockOwner {
  let user = 'unknown';
  try {
    user = os.userInfo().username;
  } catch {
    // No user name (a container without a passwd entry): the host and pid still say who.
  }
  return { user, host: os.hostname(), pid: process.pid, tool };
}

/** The lock's path: in the directory of the first node's configuration file (Windows or POSIX). */
export function lockPathFor(configPath: string): string {
  const cut = Math.max(configPath.lastIndexOf('/'), configPath.lastIndexOf('\\'));
  return `${configPath.slice(0, cut + 1)}${LOCK_NAME}`;
}

export class ClusterLockedError extends Error {}

/**
 * A lock whose owner looks gone, refused because breaking it was not asked for. `words` say so without
 * the CLI's flag: the app offers its own button to break it.
 */
export class StaleLockError extends ClusterLockedError {
  constructor(readonly words: string) {
    super(`${words}; --break-lock breaks it`);
  }
}

const describeOwner = (l: LockFile) => `${l.owner.user}@${l.owner.host} (pid ${l.owner.pid}, ${l.owner.tool})`;

/** Why a lock may be broken, or null while its owner looks alive. */
export function staleReason(lock: LockFile, now: Date, isLocalProcessAlive: (pid: number) => boolean = processAlive): string | null {
  const quiet = now.getTime() - Date.parse(lock.heartbeat);
  if (!(quiet < STALE_AFTER_MS)) return `no heartbeat for ${Math.round(quiet / 60_000)} min (the rule: ${STALE_AFTER_MS / 60_000} min)`;
  if (lock.owner.host === os.hostname() && !isLocalProcessAlive(lock.owner.pid)) return `its process ${lock.owner.pid} no longer runs on this machine`;
  return null;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errorCode(e) === 'EPERM';
  }
}

export interface HeldLock {
  readonly path: string;
  /** What breaking a stale lock did, for the report; null when none was broken. */
  readonly broke: string | null;
  refresh(): Promise<void>;
  release(): Promise<void>;
}

export interface AcquireOptions {
  owner: LockOwner;
  breakLock?: boolean;
  now?: () => Date;
  isLocalProcessAlive?: (pid: number) => boolean;
}

/** Takes the lock or throws ClusterLockedError naming the owner, since when, and whether it may be broken. */
export async function acquireClusterLock(s: SshSession, configPath: string, o: AcquireOptions): Promise<HeldLock> {
  const now = o.now ?? (() => new Date());
  const path = lockPathFor(configPath);
  const mine: LockFile = { owner: o.owner, since: now().toISOString(), heartbeat: now().toISOString(), token: crypto.randomBytes(12).toString('hex') };
  const body = (l: LockFile) => Buffer.from(`${JSON.stringify(l)}\n`);
  let broke: string | null = null;
  try {
    await s.createFile(path, body(mine), { mode: 0o600 });
  } catch (createError) {
    const text = await s.readFile(path).catch(() => null);
    if (!text) throw createError;
    const held = parseLock(text);
    const stale = held ? staleReason(held, now(), o.isLocalProcessAlive) : 'it cannot be read';
    const who = held ? `${describeOwner(held)} since ${held.since}, last heartbeat ${held.heartbeat}` : 'an unreadable lock';
    if (!stale) throw new ClusterLockedError(`another wizard is changing this cluster: ${who} (${path}); wait for it to finish`);
    if (!o.breakLock) throw new StaleLockError(`the cluster is locked by ${who} (${path}), and the lock looks stale: ${stale}`);
    // Broken only if it is still the lock just read: a wizard that took it meanwhile keeps it.
    const again = await s.readFile(path).catch(() => null);
    if (!again || !again.equals(text)) throw new ClusterLockedError(`the lock ${path} changed while it was being broken; try again`);
    await s.unlink(path);
    await s.createFile(path, body(mine), { mode: 0o600 });
    broke = `broke the stale lock of ${who} (${stale})`;
  }
  let released = false;
  return {
    path,
    broke,
    async refresh() {
      if (released) return;
      await assertMine(s, path, mine.token);
      await replaceVerified(s, path, body({ ...mine, heartbeat: now().toISOString() }), 0o600, '.ha-wizard-new', 'the lock does not read back as written');
    },
    async release() {
      if (released) return;
      released = true;
      await assertMine(s, path, mine.token);
      await s.unlink(path);
    },
  };
}

async function assertMine(s: SshSession, path: string, token: string): Promise<void> {
  const held = parseLock(await s.readFile(path));
  if (held?.token !== token) throw new ClusterLockedError(`the cluster lock ${path} is no longer ours${held ? `: ${describeOwner(held)} broke it` : ''}`);
}

function parseLock(bytes: Buffer): LockFile | null {
  return readJsonAs(LockFileSchema, bytes.toString('utf8'));
}

/** The report's step for a lock stop() could not remove (its words, masked by the caller). */
export function lockLeftStep(detail: string): ManualStep {
  return { title: 'Remove the cluster lock', detail, url: null };
}

/**
 * Takes the lock on node `nodeId` with a heartbeat; stop() ends the heartbeat and removes the lock. It never
 * throws: a lock it could not remove comes back as the words for the report (what is left, what to do).
 * A node that cannot be reached fails naming it.
 */
export async function holdClusterLock(nodeId: string, session: () => Promise<SshSession>, configPath: string, o: AcquireOptions): Promise<HeldLock & { stop(): Promise<string | null> }> {
  let lock: HeldLock;
  try {
    lock = await acquireClusterLock(await session(), configPath, o);
  } catch (e) {
    if (e instanceof ClusterLockedError) throw e;
    throw new Error(`${nodeId}: cannot take the cluster lock: ${errorMessage(e)}`, { cause: e });
  }
  const beat = setInterval(() => void lock.refresh().catch(() => undefined), HEARTBEAT_MS);
  beat.unref();
  return {
    path: lock.path, broke: lock.broke, refresh: () => lock.refresh(), release: () => lock.release(),
    async stop() {
      clearInterval(beat);
      try {
        await lock.release();
        return null;
      } catch (e) {
        // Broken by another wizard: it is theirs now, nothing of ours is left.
        if (e instanceof ClusterLockedError) return null;
        return `The cluster lock ${lock.path} on ${nodeId} could not be removed (${errorMessage(e)}). Delete it by hand; until then another wizard is refused, and once the lock is stale it offers --break-lock.`;
      }
    },
  };
}
