// Type-checks every process's tsconfig, two at a time (CI has two cores): the same five `tsc -p` runs
// as one after another, in about half the time. Exits 1 if any fails, after all have said why.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import process from 'node:process';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const queue = ['electron/shared', 'electron/core', 'electron/main', 'renderer', 'tsconfig.json'];
const failed = [];
async function worker() {
  for (let p = queue.shift(); p; p = queue.shift()) {
    const code = await new Promise((resolve) => spawn(process.execPath, [tsc, '-p', p], { stdio: 'inherit' }).on('exit', resolve));
    if (code !== 0) failed.push(p);
  }
}
await Promise.all([worker(), worker()]);
if (failed.length) {
  process.stderr.write(`typecheck failed: ${failed.map((p) => `tsc -p ${p}`).join(', ')}\n`);
  process.exit(1);
}
