/**
 * `ha-wizard node drain|resume --profile FILE --node ID [--json]` and `ha-wizard balancer --profile FILE`:
 * one server out of the balancer's rotation and back, confirmed by reading the balancer again; and the
 * members as the balancer reports them. Without access to the balancer in the profile nothing is
 * changed and the step to run there is printed. Exit 0 done, 1 failed or not driven, 2 bad usage.
 */
import { openProfileBalancer } from '../core/apply/balancer-guard-open';
import { RotationRefusal, memberOf, readMembers, setRotation } from '../core/balancer/node-rotation';
import type { BalancerAnswer } from '../shared/contract';
import type { ClusterProfile } from '../shared/profile';
import { errorMessage } from '../shared/error-text';
import { cliEngineSettings, cliSecrets, type ConnectionOptions } from './engine-settings';
import { UsageError, loadProfile } from './profile-file';
import { styler } from './terminal-output';

type Io = { out: NodeJS.WriteStream; err: NodeJS.WriteStream };
export interface BalancerOptions extends ConnectionOptions { profile: string; json?: boolean }

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
