/**
 * The lab is one per machine (one bridge, one LAB_ROOT), so whoever starts, faults or restarts it holds
 * this lock: a test run for its whole length, `npm run lab -- up|down|fault` for one command. A second
 * user waits, told who holds it, and fails clearly after a timeout.
 *
 * The lock is a kernel `flock` held by a small child process whose stdin is a pipe from us: when we exit,
 * however we exit (SIGKILL included), the pipe closes, the child ends and the kernel drops the lock, so a
 * crashed run never leaves a stale lock behind. It is re-entrant within a process and for its children
 * (vitest workers, a `lab fault` a test spawns), which inherit HA_LAB_LOCK_HOLDER.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { isAlive } from './run';

/** Outside LAB_ROOT on purpose: `down` removes LAB_ROOT while the lock is held. /run is cleared at boot. */
export const LAB_LOCK_FILE = process.env.HA_LAB_LOCK_FILE ?? '/run/ha-wizard-lab.lock';
const OWNER_FILE = `${LAB_LOCK_FILE}.owner.json`;
const HOLDER_ENV = 'HA_LAB_LOCK_HOLDER';
/** Long enough for another whole test run to finish; HA_LAB_LOCK_TIMEOUT (seconds) overrides it. */
const DEFAULT_TIMEOUT_S = 25 * 60;
/** flock's exit code when -w runs out. */
const TIMED_OUT = 75;

export interface LabLockOwner { pid: number; purpose: string; since: string; cwd: string }

let held: { child: ChildProcess; count: number } | null = null;

/** Who holds the lock now, as far as the owner note says (null when nobody living does). */
export function labLockOwner(): LabLockOwner | null {
  try {
    const owner = JSON.parse(fs.readFileSync(OWNER_FILE, 'utf8')) as LabLockOwner;
    return isAlive(owner.pid) ? owner : null;
  } catch {
    return null;
  }
}

export function describeOwner(owner: LabLockOwner | null): string {
  return owner ? `pid ${owner.pid} (${owner.purpose}, in ${owner.cwd}, since ${owner.since})` : 'another process';
}

function inheritedHolder(): boolean {
  const pid = Number(process.env[HOLDER_ENV]);
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid) && labLockOwner()?.pid === pid;
}

/**
 * Takes the lab lock for `purpose` and returns its release. Waits while someone else holds it, printing
 * who on `say` once, and rejects after `timeoutS` naming the holder.
 */
export async function acquireLabLock(
  purpose: string,
  opts: { timeoutS?: number; say?: (line: string) => void } = {},
): Promise<() => void> {
  if (held) {
    held.count += 1;
    return once(release);
  }
  if (inheritedHolder()) return () => {};
  const timeoutS = opts.timeoutS ?? (Number(process.env.HA_LAB_LOCK_TIMEOUT) || DEFAULT_TIMEOUT_S);
  const say = opts.say ?? ((line: string) => process.stderr.write(`${line}\n`));
  const child = spawn('flock', ['-x', '-w', String(timeoutS), '-E', String(TIMED_OUT), LAB_LOCK_FILE, 'sh', '-c', 'echo locked; exec cat >/dev/null'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    const waitingNote = setTimeout(() => say(`lab: waiting for the lab, held by ${describeOwner(labLockOwner())}; up to ${timeoutS} s`), 300);
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('locked')) {
        clearTimeout(waitingNote);
        resolve();
      }
    });
    child.on('error', (e) => {
      clearTimeout(waitingNote);
      reject(new Error(`cannot take the lab lock (is util-linux's flock installed?): ${e.message}`));
    });
    child.on('exit', (code) => {
      clearTimeout(waitingNote);
      reject(new Error(code === TIMED_OUT
        ? `the lab is busy: ${describeOwner(labLockOwner())} held it for all of ${timeoutS} s (HA_LAB_LOCK_TIMEOUT sets the wait)`
        : `the lab lock's holder process ended unexpectedly (exit ${code})`));
    });
  });
  child.removeAllListeners('exit');
  // The lock must not keep a finished process alive; it is released when we exit anyway.
  child.unref();
  for (const s of [child.stdin, child.stdout] as Array<{ unref?: () => void } | null>) s?.unref?.();
  const owner: LabLockOwner = { pid: process.pid, purpose, since: new Date().toISOString(), cwd: process.cwd() };
  fs.writeFileSync(OWNER_FILE, JSON.stringify(owner), { mode: 0o644 });
  process.env[HOLDER_ENV] = String(process.pid);
  held = { child, count: 1 };
  return once(release);
}

/** Runs `fn` while holding the lab lock. */
export async function withLabLock<T>(purpose: string, fn: () => Promise<T>): Promise<T> {
  const release = await acquireLabLock(purpose);
  try {
    return await fn();
  } finally {
    release();
  }
}

function release(): void {
  if (!held) return;
  held.count -= 1;
  if (held.count > 0) return;
  const { child } = held;
  held = null;
  delete process.env[HOLDER_ENV];
  if (labLockOwner()?.pid === process.pid) fs.rmSync(OWNER_FILE, { force: true });
  child.stdin?.end();
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}
