/**
 * Abandoning a remote command with an AbortSignal (issue 14: a hung installer must not hold an upgrade run
 * for ever): the call rejects at once with the signal's reason, the channel is closed on the server (a
 * command still printing dies at its next line: nothing reads it any more) and the session serves on.
 * A real sshd on loopback. It logs in as root, and OpenSSH runs a root session without privilege separation
 * and then refuses signals ("session signalling requires privilege separation"), so the KILL exec sends is
 * proven in the lab (non-root logins: e2e/lab/upgrade-timeouts.lab.test.ts), not here.
 */
import { execFile } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { keyedSshdForFile } from './keyed-sshd-for-tests';
import { ExecAbortedError, ExecTimeoutError } from './remote-errors';
import { canRunSshd } from './sshd-test-fixture';

/** Whether a process whose command line holds `marker` runs on this machine (the sshd is local). */
function running(marker: string): Promise<boolean> {
  return promisify(execFile)('pgrep', ['-f', marker]).then(() => true, (e: { code?: number }) => (e.code === 1 ? false : Promise.reject(e)));
}

async function until(cond: () => Promise<boolean>, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    if (await cond()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A command that never ends and prints a line every 200 ms, found by its marker. */
function ticker(): { marker: string; command: string } {
  const marker = `hawtest-abort-${randomInt(100_000, 999_999)}`;
  return { marker, command: `while :; do echo ${marker}; sleep 0.2; done` };
}

describe.skipIf(!canRunSshd)('a remote command abandoned through its AbortSignal', () => {
  const test = keyedSshdForFile('hawizard-abort-');

  it('rejects at once with the reason; its channel is closed on the server; the session serves on', async () => {
    const session = await test.openAt(test.sshd().port);
    try {
      const { marker, command } = ticker();
      const controller = new AbortController();
      const call = session.exec(command, { signal: controller.signal }).then(() => 'finished', (e: unknown) => e);
      expect(await until(() => running(marker), 5000)).toBe(true);
      const why = new Error('install on node2 did not finish within 2 s');
      const at = performance.now();
      controller.abort(why);
      expect(await call).toBe(why);
      expect(performance.now() - at).toBeLessThan(500);
      // Nothing reads its output any more: the channel is gone on the server too.
      expect(await until(async () => !(await running(marker)), 3000)).toBe(true);
      expect((await session.exec('echo still here')).stdout).toBe('still here\n');
    } finally {
      await session.close();
    }
  }, 30_000);

  it('an already aborted signal runs nothing; abort() without a reason gives ExecAbortedError', async () => {
    const session = await test.openAt(test.sshd().port);
    try {
      const { marker, command } = ticker();
      const done = new AbortController();
      done.abort();
      await expect(session.exec(command, { signal: done.signal })).rejects.toBeInstanceOf(ExecAbortedError);
      expect(await running(marker)).toBe(false);
      const later = new AbortController();
      const call = session.exec(command, { signal: later.signal });
      expect(await until(() => running(marker), 5000)).toBe(true);
      later.abort();
      await expect(call).rejects.toBeInstanceOf(ExecAbortedError);
      expect(await until(async () => !(await running(marker)), 3000)).toBe(true);
    } finally {
      await session.close();
    }
  }, 30_000);

  it('a command past its timeoutMs: its channel is closed on the server as well', async () => {
    const session = await test.openAt(test.sshd().port);
    try {
      const { marker, command } = ticker();
      await expect(session.exec(command, { timeoutMs: 700 })).rejects.toBeInstanceOf(ExecTimeoutError);
      expect(await until(async () => !(await running(marker)), 3000)).toBe(true);
    } finally {
      await session.close();
    }
  }, 30_000);
});
