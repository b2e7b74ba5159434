/**
 * The test's side of killable-harness.ts: bundles it (as the fault matrix bundles its killed apply: one
 * CommonJS file run by this Node, no loader in between, so the pid killed is the engine's own), starts it
 * on a data folder and reads its URL, and kills it with SIGKILL or stops it.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { URL_LINE, type KillableHarnessInput } from './killable-harness';

export async function bundleKillableHarness(outfile: string): Promise<string> {
  await build({
    entryPoints: [path.join(__dirname, 'killable-harness.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile,
    // As the CLI's bundle: optional native parts stay outside (each has a JavaScript fallback or is never loaded).
    external: ['pg-native', 'cpu-features', '*.node'], logLevel: 'error',
  });
  return outfile;
}

export interface HarnessProcess {
  url: string;
  pid: number;
  /** Kills it as the OS kills an app: no handler runs, nothing is flushed or released. Resolves with the signal it died of. */
  kill(): Promise<NodeJS.Signals | null>;
  /** Closes it the polite way (SIGTERM), if it still runs. */
  stop(): Promise<void>;
}

export async function startHarnessProcess(bundle: string, input: KillableHarnessInput, timeoutMs = 30_000): Promise<HarnessProcess> {
  const inputFile = path.join(input.dataDir, 'harness-input.json');
  fs.writeFileSync(inputFile, JSON.stringify(input), { mode: 0o600 });
  const child = spawn(process.execPath, [bundle, inputFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, signal) => r(signal)));
  let out = '';
  let err = '';
  // Read to the end, always: a full pipe would stall the harness.
  child.stdout.on('data', (b: Buffer) => void (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => void (err = (err + b.toString()).slice(-4000)));
  const deadline = Date.now() + timeoutMs;
  let url: string | undefined;
  while (!(url = URL_LINE.exec(out)?.[1])) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the harness process did not start (exit ${child.exitCode ?? child.signalCode ?? 'none, timed out'}): ${err.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  if (pid === undefined) throw new Error('the harness process has no pid');
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    url, pid,
    async kill() {
      if (running()) child.kill('SIGKILL');
      return exited;
    },
    async stop() {
      if (!running()) return;
      child.kill('SIGTERM');
      const late = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(late);
    },
  };
}
