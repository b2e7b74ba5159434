/**
 * The lab lock, with a lock file of its own: a second process waits and is told who holds it, fails
 * clearly after its timeout, and gets the lock as soon as the holder dies, even by SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-lock-'));
process.env.HA_LAB_LOCK_FILE = path.join(dir, 'lab.lock');
const lock = await import('./lab-lock');

/** Another process that takes the lock and holds it until killed. */
function holder(purpose: string): Promise<ChildProcess> {
  const script = `import('${path.join(__dirname, 'lab-lock.ts')}').then(async (m) => { await (m.acquireLabLock ?? m.default.acquireLabLock)(${JSON.stringify(purpose)}); console.log('holding'); setInterval(() => {}, 1000); });`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { env: { ...process.env, HA_LAB_LOCK_HOLDER: '' }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => { if (d.toString().includes('holding')) resolve(child); });
    child.on('exit', (code) => reject(new Error(`holder exited ${code}`)));
  });
}

describe('lab lock', () => {
  let other: ChildProcess | null = null;
  beforeAll(() => { delete process.env.HA_LAB_LOCK_HOLDER; });
  afterAll(() => { other?.kill('SIGKILL'); fs.rmSync(dir, { recursive: true, force: true }); });

  it('is re-entrant in one process and free again after the last release', async () => {
    const a = await lock.acquireLabLock('outer');
    const b = await lock.acquireLabLock('inner');
    expect(lock.labLockOwner()).toMatchObject({ pid: process.pid, purpose: 'outer' });
    b();
    expect(lock.labLockOwner()?.pid).toBe(process.pid);
    a();
    a();
    expect(lock.labLockOwner()).toBeNull();
  });

  it('makes a second user wait, says who holds it, fails after the timeout, and recovers from a SIGKILLed holder', async () => {
    other = await holder('someone else’s test run');
    const said: string[] = [];
    const started = Date.now();
    await expect(lock.acquireLabLock('second', { timeoutS: 1, say: (l) => said.push(l) }))
      .rejects.toThrow(new RegExp(`the lab is busy: pid ${other.pid} \\(someone else’s test run`));
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(said.join('\n')).toMatch(new RegExp(`waiting for the lab, held by pid ${other.pid} \\(someone else’s test run`));

    const waiting = lock.acquireLabLock('third', { timeoutS: 20, say: () => {} });
    other.kill('SIGKILL');
    const release = await waiting;
    expect(lock.labLockOwner()).toMatchObject({ pid: process.pid, purpose: 'third' });
    release();
  });
});
