/**
 * `ha-wizard node drain|resume --profile FILE --node ID [--json]` and `ha-wizard balancer --profile FILE`:
 * one server out of the balancer's rotation and back, confirmed by reading the balancer again; and the
 * members as the balancer reports them. Without access to the balancer in the profile nothing is
 * changed and the step to run there is printed. Exit 0 done, 1 failed or not driven, 2 bad usage.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { openProfileBalancer } from '../core/apply/balancer-guard-open';
import { RotationRefusal, memberOf, readMembers, setRotation } from '../core/balancer/node-rotation';
import type { BalancerAnswer } from '../shared/contract';
import type { ClusterProfile } from '../shared/profile';
import { DEFAULT_SETTINGS } from '../core/run/engine-settings';
import { errorMessage } from '../shared/error-text';
import { cliEngineSettings, cliSecrets, type ConnectionOptions } from './engine-settings';
import { UsageError, loadProfile } from './profile-file';
import { styler } from './terminal-output';

type Io = { out: NodeJS.WriteStream; err: NodeJS.WriteStream };
export interface BalancerOptions extends ConnectionOptions { profile: string; json?: boolean }

function milliseconds(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 100 || n > 600_000) throw new InvalidArgumentError('expected milliseconds from 100 to 600000');
  return n;
}
const collect = (v: string, prev: string[]) => [...prev, v];
const connection = (c: Command) => c
  .requiredOption('--profile <file>', 'cluster profile (JSON)')
  .option('--json', 'print the balancer\'s answer as JSON')
  .option('--accept-host-key <host=fingerprint>', 'accept the balancer host\'s SSH key (repeatable)', collect, [])
  .addOption(new Option('--connect-timeout <ms>', 'give up connecting after this long').argParser(milliseconds).default(DEFAULT_SETTINGS.connectTimeoutMs))
  .option('--known-hosts <file>', 'host-key store (default: in the HA Wizard data folder)');

/** Adds `drain` and `resume` to the `node` command group. */
export function addDrainCommands(node: Command): void {
  for (const action of ['drain', 'resume'] as const) {
    connection(node.command(action)
      .description(action === 'drain'
        ? 'take one server out of the load balancer\'s rotation (it finishes what it serves, gets nothing new); the others are not touched'
        : 'put one server back into the load balancer\'s rotation')
      .requiredOption('--node <id>', 'the server, by its id in the profile'))
      .action(async (o: BalancerOptions & { node: string }) => {
        process.exitCode = await rotationCommand(action, o);
      });
  }
}

/** Adds `balancer` (the members and their states) to the program. */
export function addBalancerCommand(program: Command): void {
  connection(program.command('balancer').description('show every server as the load balancer sees it: in rotation, drained, down'))
    .action(async (o: BalancerOptions) => {
      process.exitCode = await balancerCommand(o);
    });
}

async function withControl(o: BalancerOptions, fn: (p: ClusterProfile, open: () => ReturnType<typeof openProfileBalancer>) => Promise<BalancerAnswer>, io: Io): Promise<number> {
  const profile = await loadProfile(o.profile);
  const secrets = cliSecrets();
  try {
    const answer = await fn(profile, () => openProfileBalancer(profile, cliEngineSettings(o), secrets));
    io.out.write(o.json ? `${JSON.stringify(answer, null, 2)}\n` : `${formatAnswer(answer, !o.json && io.out.isTTY === true && !process.env.NO_COLOR)}\n`);
    return answer.driven ? 0 : 1;
  } catch (e) {
    if (e instanceof RotationRefusal) throw new UsageError(e.message);
    io.err.write(`ha-wizard: ${secrets.redactor.redact(errorMessage(e))}\n`);
    return 1;
  }
}

export function rotationCommand(action: 'drain' | 'resume', o: BalancerOptions & { node: string }, io: Io = { out: process.stdout, err: process.stderr }): Promise<number> {
  return withControl(o, async (profile, open) => {
    memberOf(profile, o.node); // an unknown server is refused before the balancer is opened
    const control = await open();
    try {
      return await setRotation(profile, control, o.node, action);
    } finally {
      await control?.close().catch(() => undefined);
    }
  }, io);
}

export function balancerCommand(o: BalancerOptions, io: Io = { out: process.stdout, err: process.stderr }): Promise<number> {
  return withControl(o, async (_p, open) => {
    const control = await open();
    try {
      return await readMembers(control);
    } finally {
      await control?.close().catch(() => undefined);
    }
  }, io);
}

const STATE_WORDS = { ready: 'in rotation', drain: 'drained (no new requests)', maint: 'out (maintenance)', down: 'down (failing its health check)', unknown: 'unknown' } as const;

export function formatAnswer(a: BalancerAnswer, color: boolean): string {
  const s = styler(color);
  if (!a.driven) {
    return [s.bold('Nothing was changed.'), a.how, ...a.manual.map((m, i) => `  ${i + 1}. ${m.title}: ${m.detail}`)].join('\n');
  }
  const width = Math.max(6, ...a.members.map((m) => m.node.length));
  return [
    s.bold(`The load balancer (${a.how}) says:`),
    ...a.members.map((m) => `  ${m.node.padEnd(width)}  ${STATE_WORDS[m.state].padEnd(32)}  ${m.activeSessions === null ? '' : `${m.activeSessions} active`}`.trimEnd()),
  ].join('\n');
}
