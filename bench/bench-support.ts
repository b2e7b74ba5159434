/** Shared by the benchmarks: bundling a child entry, running it, and printing a table. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { pgNodeStreamsPlugin } from '../scripts/pg-node-streams-plugin';

const exec = promisify(execFile);

export async function bundle(entry: string): Promise<string> {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-')), `${path.basename(entry, '.ts')}.cjs`);
  await build({ entryPoints: [entry], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: out, external: ['pg-native', 'cpu-features', '*.node'], plugins: [pgNodeStreamsPlugin()], logLevel: 'error' });
  return out;
}

export async function runChild<T>(file: string, args: string[], timeoutMs = 300_000): Promise<T> {
  const { stdout } = await exec(process.execPath, [file, ...args], { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as T;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function table(rows: Record<string, string | number>[]): string {
  const cols = Object.keys(rows[0] ?? {});
  const width = (c: string) => Math.max(c.length, ...rows.map((r) => String(r[c]).length));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(width(cols[i]!))).join('  ');
  return [line(cols), line(cols.map((c) => '-'.repeat(width(c)))), ...rows.map((r) => line(cols.map((c) => String(r[c]))))].join('\n');
}
