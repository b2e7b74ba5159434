/**
 * `npm run faults [-- --all | --only <regexp>]`: the apply fault matrix on the lab (issue 15). Without
 * arguments it runs the day's slice, as CI does within `npm test`; --all runs every cell (about 15
 * minutes); --only runs the cells whose ids match (`write@node2 x disk-full`). Needs root (the lab).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const args = process.argv.slice(2);
const env: NodeJS.ProcessEnv = { ...process.env };
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--all') env.HA_FAULTS = 'all';
  else if (args[i] === '--only' && args[i + 1]) env.HA_FAULTS_ONLY = args[++i];
  else {
    process.stderr.write(`faults: unknown argument ${args[i]}; use --all or --only <regexp>\n`);
    process.exit(2);
  }
}
const vitest = path.resolve(__dirname, '../node_modules/vitest/vitest.mjs');
const r = spawnSync(process.execPath, [vitest, 'run', '--project', 'lab', 'e2e/lab/fault-matrix.lab.test.ts'], { stdio: 'inherit', env, cwd: path.resolve(__dirname, '..') });
process.exit(r.status ?? 1);
