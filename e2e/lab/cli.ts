/**
 * `npm run lab -- up|down|status|fault`: the lab from the command line (as root, on Linux).
 */
import { Command, InvalidArgumentError } from 'commander';
import { PRODUCT_IDS, type ProductId } from '../../electron/shared/products';
import { FAULT_KINDS, injectFault, type FaultKind } from './faults';
import { labDown, labProblems, labUp, leftovers, readLabState } from './lab';
import { describeLab } from './lab-description';
import type { LabOptions } from './lab-types';

function oneOf<T extends string>(values: readonly T[]) {
  return (v: string): T => {
    if (!(values as readonly string[]).includes(v)) throw new InvalidArgumentError(`expected one of ${values.join(', ')}`);
    return v as T;
  };
}
function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

/** `N=/path/to/shell`, collected by node index. */
function loginShell(v: string, previous: Record<number, string>): Record<number, string> {
  const m = /^(\d+)=(\/[\w./-]+)$/.exec(v);
  if (!m) throw new InvalidArgumentError('expected NODE=/path/to/shell, e.g. 1=/usr/bin/fish');
  return { ...previous, [Number(m[1])]: m[2]! };
}

const program = new Command('lab').description('A real multi-node Inedo cluster on this machine, for tests and demos.');

program.command('up')
  .description('start the lab (again: prints the running lab) and print its profile')
  .option('--nodes <n>', 'number of nodes', positiveInt, 3)
  .option('--os <os>', 'operating system of the nodes', oneOf(['linux'] as const), 'linux')
  .option('--product <product>', 'product', oneOf(PRODUCT_IDS), 'proget')
  .option('--version <version>', 'product version on every node', '2025.14')
  .option('--database <kind>', 'database the nodes use', oneOf(['postgres', 'sqlserver'] as const))
  .option('--config <format>', 'product configuration as a Docker env file or the Windows XML file', oneOf(['env', 'xml'] as const), 'env')
  .option('--local-storage <node>', 'give this node (1-based) a local directory instead of the shared one', positiveInt)
  .option('--initial <state>', 'fresh: only node1 is set up; clustered: all nodes already share database and key', oneOf(['fresh', 'clustered'] as const), 'fresh')
  .option('--sql-topology <t>', 'SQL Server model', oneOf(['standalone', 'failover-cluster', 'always-on', 'mirroring'] as const), 'standalone')
  .option('--no-sql-db-owner', 'the SQL login is not db_owner')
  .option('--login-shell <node=shell>', 'a node\'s login shell, e.g. 1=/usr/bin/fish (repeatable)', loginShell, {})
  .option('--postgres <major>', 'PostgreSQL major version: 17 (as InedoDB, the default) or 15 (Debian\'s)', oneOf(['17', '15'] as const), '17')
  .option('--json', 'print the profile as JSON only')
  .action(async (o: { loginShell: Record<number, string>; nodes: number; os: 'linux'; product: ProductId; version: string; database?: 'postgres' | 'sqlserver'; config: 'env' | 'xml'; localStorage?: number; initial: 'fresh' | 'clustered'; sqlTopology: LabOptions['sqlTopology']; sqlDbOwner: boolean; postgres: '15' | '17'; json?: boolean }) => {
    const description = await labUp({
      nodes: o.nodes, os: o.os, product: o.product, version: o.version,
      // BuildMaster and Otter run on SQL Server only.
      database: o.database ?? (o.product === 'proget' ? 'postgres' : 'sqlserver'),
      configFormat: o.config, localStorageNode: o.localStorage, initial: o.initial, sqlTopology: o.sqlTopology, sqlDbOwner: o.sqlDbOwner,
      ...(Object.keys(o.loginShell).length ? { loginShells: o.loginShell } : {}),
      postgresMajor: o.postgres === '15' ? 15 : 17,
    });
    if (o.json) process.stdout.write(`${JSON.stringify(description, null, 2)}\n`);
    else {
      process.stdout.write(`lab up in ${description.upSeconds.toFixed(1)} s: ${description.nodes.length} ${description.product} nodes\n`);
      for (const n of description.nodes) process.stdout.write(`  ${n.name}  ${n.address}  ${n.url}  ${n.hostKeyFingerprint}  storage: ${n.storage}\n`);
      process.stdout.write(`  haproxy ${description.loadBalancers.haproxy}   nginx ${description.loadBalancers.nginx}\n`);
      process.stdout.write(`  engine profile: ${description.profilePath}   (npm run cli -- check --profile ${description.profilePath})\n`);
      process.stdout.write('  everything, with credentials: npm run lab -- status --json\n');
    }
  });

program.command('down').description('remove everything the lab made').action(async () => {
  const started = Date.now();
  await labDown();
  const left = await leftovers();
  if (left.length) throw new Error(`left behind:\n  ${left.join('\n  ')}`);
  process.stdout.write(`lab down in ${((Date.now() - started) / 1000).toFixed(1)} s, nothing left behind\n`);
});

program.command('status').description('what runs').option('--json', 'print the profile as JSON').action(async (o: { json?: boolean }) => {
  const state = readLabState();
  if (!state) {
    const left = await leftovers();
    process.stdout.write(left.length ? `lab is down, but these remain:\n  ${left.join('\n  ')}\n` : 'lab is down\n');
    return;
  }
  if (o.json) {
    process.stdout.write(`${JSON.stringify(describeLab(state), null, 2)}\n`);
    return;
  }
  const problems = await labProblems(state);
  process.stdout.write(`lab is up since ${state.startedAt}: ${state.nodes.length} nodes${problems.length ? `, problems:\n  ${problems.join('\n  ')}` : ', all running'}\n`);
});

program.command('fault')
  .description(`inject a fault on a node: ${FAULT_KINDS.join(', ')}`)
  .argument('<kind>', 'fault kind', oneOf(FAULT_KINDS))
  .argument('<node>', 'node name (node2) or number')
  .argument('[value]', 'for version: the new version; for never-healthy: the version that never gets healthy')
  .option('--clear', 'remove the fault (link-down --clear brings the link up)')
  .action(async (kind: FaultKind, node: string, value: string | undefined, o: { clear?: boolean }) => {
    process.stdout.write(`${await injectFault(kind, node, { clear: o.clear, value })}\n`);
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`lab: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
