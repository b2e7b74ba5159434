/** Runs programs for the lab: argv arrays only, never a shell string built from values. */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';

export interface RunResult { code: number; stdout: string; stderr: string }

export class CommandError extends Error {
  constructor(readonly argv: string[], readonly result: RunResult) {
    super(`${argv.join(' ')} exited ${result.code}: ${(result.stderr || result.stdout).trim().slice(-600)}`);
  }
}

/** Runs a program to completion; rejects with CommandError on a non-zero exit unless `allowFail`. */
export function run(
  argv: string[],
  opts: { input?: string; allowFail?: boolean; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<RunResult> {
  const [file, ...args] = argv;
  if (!file) throw new Error('run: empty argv');
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      { timeout: opts.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024, env: opts.env ?? process.env },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        const result = { code, stdout: String(stdout), stderr: String(stderr) };
        if (code !== 0 && !opts.allowFail) reject(new CommandError(argv, result));
        else resolve(result);
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    else child.stdin?.end();
  });
}

/** Runs argv inside a network namespace. */
export function inNetns(ns: string, argv: string[]): string[] {
  return ['ip', 'netns', 'exec', ns, ...argv];
}

/**
 * Starts a long-lived program detached from this process (its own session, output to a log file),
 * so it outlives `npm run lab -- up`. Returns its pid.
 */
export function spawnDetached(argv: string[], logFile: string, env?: NodeJS.ProcessEnv): number {
  const [file, ...args] = argv;
  if (!file) throw new Error('spawnDetached: empty argv');
  const out = fs.openSync(logFile, 'a');
  const child = spawn(file, args, { detached: true, stdio: ['ignore', out, out], env: env ?? process.env });
  fs.closeSync(out);
  child.unref();
  if (child.pid === undefined) throw new Error(`could not start ${file}`);
  return child.pid;
}

export function isAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a value other than undefined, or throws after `timeoutMs` with `what`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      const why = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await sleep(everyMs);
  }
}
