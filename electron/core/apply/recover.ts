/**
 * Recovery from an apply that was cut short (the wizard killed, the laptop asleep): from its journal.
 * Roll back: every node the journal says was written gets the backup it names back, byte for byte
 * (its sha256 checked first; a missing or different backup refuses the whole recovery before anything
 * is changed), restarted and health-gated when it had been restarted. Finish: the nodes whose new file
 * is in place but whose restart was not confirmed are restarted and health-gated; the caller then
 * plans anew and applies the rest. Roll back then sets the product settings back (recover-settings.ts).
 */
import { ClusterContext } from '../run/cluster-context';
import type { EngineSettings } from '../run/engine-settings';
import type { ClusterProfile } from '../../shared/profile';
import type { SecretResolver } from '../secrets';
import { sha256 } from './masked-diff';
import { DEFAULT_HEALTH_TIMEOUT_MS, profileHash } from './plan';
import { removeLeftTemps, replaceVerified } from './remote-file';
import type { SshSession } from '../remote/ssh-session';
import { keepFileRights } from './file-rights';
import { waitHealthy } from './apply-steps';
import { type ApplyJournal, beginRecord } from './journal';
import { type AcquireOptions, StaleLockError, holdClusterLock } from './cluster-lock';
import { applyPlan } from './apply';
import type { ApplyEvent, ApplyReport } from './apply-steps';
import type { Plan } from '../../shared/plan-schema';
import type { JournalNode, JournalState } from './journal-state';
import { errorMessage, toError } from '../../shared/error-text';
import { type RecoverSetting, setSettingsBack, settingLeft } from './recover-settings';

export interface RecoverInput {
  profile: ClusterProfile;
  settings: EngineSettings;
  secrets: SecretResolver;
  state: JournalState;
  journal: ApplyJournal;
  healthTimeoutMs?: number;
  openContext?: (profile: ClusterProfile, settings: EngineSettings, secrets: SecretResolver) => ClusterContext;
  /** Hold the cluster lock while recovering (cluster-lock.ts). */
  lock?: AcquireOptions;
  /** Each recovery step as apply's events (the app shows them as it shows an apply's). */
  onEvent?: (e: ApplyEvent) => void | Promise<void>;
}

export interface RecoverNode { id: string; result: 'restored' | 'restarted' | 'untouched' | 'failed'; detail: string }
export interface RecoverReport {
  status: 'recovered' | 'refused' | 'failed';
  reason: string | null;
  nodes: RecoverNode[];
  /** Roll back: the product settings the apply asked to change, newest first. */
  settings: RecoverSetting[];
  /** What is left to do by hand (among them the settings not set back, each a line). */
  manual: string[];
  /** Refused for a cluster lock whose owner looks gone: that, in words without the CLI's flag (the app offers to break it). */
  staleLock?: string;
}

/** The refusal for a lock not taken: its words, and whether the lock may be broken. */
function lockRefused(e: Error, redact: (t: string) => string): Pick<RecoverReport, 'reason' | 'staleLock'> {
  return { reason: redact(e.message), ...(e instanceof StaleLockError ? { staleLock: redact(e.words) } : {}) };
}

const open = (i: RecoverInput) => (i.openContext ?? ((p, s, x) => new ClusterContext(p, s, x)))(i.profile, i.settings, i.secrets);
/** The cluster lock, or the refusal that names its owner; held until stop(). */
async function lockFor(ctx: ClusterContext, i: RecoverInput): Promise<{ stop(): Promise<string | null>; broke: string | null }> {
  if (!i.lock) return { stop: () => Promise.resolve(null), broke: null };
  const first = ctx.nodes[0]!;
  return holdClusterLock(first.id, async () => (await ctx.ops(first.id)).session, first.configPath, i.lock);
}

async function step(i: RecoverInput, nodeId: string, status: 'about' | 'done' | 'failed', extra: { path?: string; detail?: string } = {}, name: 'rollback' | 'restart' | 'wait-healthy' = 'rollback') {
  await i.journal.append({ type: 'step', at: new Date().toISOString(), step: name, status, nodeId, ...extra });
  await i.onEvent?.({ type: 'apply-step', nodeId, step: name, status: status === 'about' ? 'started' : status, detail: extra.detail ?? extra.path ?? '' });
}

export async function recoverRollback(input: RecoverInput): Promise<RecoverReport> {
  const ctx = open(input);
  const redact = (t: string) => ctx.secrets.redactor.redact(t);
  const timeout = input.healthTimeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS;
  const written = input.state.nodes.filter((n) => n.wrote);
  const nodes: RecoverNode[] = input.state.nodes.filter((n) => !n.wrote).map((n) => ({ id: n.id, result: 'untouched', detail: 'its file was never written' }));
  // Refused: nothing was changed, the settings included.
  const left = input.state.settings.map((s) => settingLeft(input.state, s));
  const lock = await lockFor(ctx, input).catch(toError);
  if (lock instanceof Error) {
    await ctx.close();
    return { status: 'refused', ...lockRefused(lock, redact), nodes: [], settings: [], manual: left };
  }
  const manual = lock.broke ? [`(${lock.broke})`] : [];
  try {
    // Every backup first: read back and checked against the journal's sha256, before anything is written.
    const backups = new Map<string, Buffer | null>();
    const problems: string[] = [];
    for (const n of written) {
      if (!n.backupPath) {
        backups.set(n.id, null);
        continue;
      }
      try {
        const bytes = await (await ctx.ops(n.id)).session.readFile(n.backupPath);
        if (sha256(bytes) !== n.backupSha256) problems.push(`${n.id}: the backup ${n.backupPath} differs from the one apply made (sha256 ${sha256(bytes).slice(0, 12)}…, the journal says ${n.backupSha256?.slice(0, 12)}…)`);
        else backups.set(n.id, bytes);
      } catch (e) {
        problems.push(`${n.id}: the backup ${n.backupPath} cannot be read (${redact(errorMessage(e))})`);
      }
    }
    if (problems.length) {
      manual.push(...left);
      return { status: 'refused', reason: problems.join('; '), nodes, settings: [], manual };
    }

    await input.journal.append(beginRecord('recover-rollback', input.journal.identity, null, profileHash(input.profile), new Date()));
    let ok = true;
    for (const n of [...written].reverse()) {
      await step(input, n.id, 'about', { path: n.path });
      try {
        nodes.push({ id: n.id, result: 'restored', detail: await restoreNode(ctx, n, backups.get(n.id)!, timeout) });
        await step(input, n.id, 'done', { path: n.path });
      } catch (e) {
        ok = false;
        const why = redact(errorMessage(e));
        nodes.push({ id: n.id, result: 'failed', detail: `${why}; by hand: ${n.backupPath ? `copy ${n.backupPath} over ${n.path}` : `delete ${n.path}`}, restart the service, check ${ctx.node(n.id).webUrl}/health` });
        await step(input, n.id, 'failed', { path: n.path, detail: why });
      }
    }
    const settings = await setSettingsBack(ctx, input.state, input.journal, input.onEvent);
    manual.push(...settings.filter((s) => s.result !== 'set-back').map((s) => s.detail));
    const allBack = settings.every((s) => s.result === 'set-back');
    // Open (for another recover --rollback) while a retry could still do something: not for a value the journal lacks.
    await input.journal.end(ok && allBack ? 'recovered' : 'recover-failed', ok && !settings.some((s) => s.result === 'failed'));
    const reason = !ok ? 'a node could not be restored: see its line' : allBack ? null : 'a product setting was not set back: see what is left to do by hand';
    return { status: ok && allBack ? 'recovered' : 'failed', reason, nodes, settings, manual };
  } finally {
    // `manual` is the report's own list: a lock left behind is added before the caller reads it.
    const lockLeft = await lock.stop();
    if (lockLeft) manual.push(lockLeft);
    await ctx.close();
  }
}

/** Puts the backed-up bytes back (or removes a file that did not exist), then restarts when it had been. */
async function restoreNode(ctx: ClusterContext, n: JournalNode, original: Buffer | null, timeoutMs: number): Promise<string> {
  const ops = await ctx.ops(n.id);
  const swept = await sweptTemps(ops.session, n.path);
  const current = await ops.session.readFile(n.path).catch(() => null);
  let did: string;
  if (!original) {
    if (current) await ops.session.unlink(n.path);
    did = current ? `removed ${n.path} (it did not exist before)` : `${n.path} was already absent`;
  } else if (current && current.equals(original)) {
    did = `${n.path} was already as before`;
  } else {
    const mode = (await ops.session.stat(n.backupPath!)).mode;
    const rights = await keepFileRights(ops, n.backupPath!);
    await replaceVerified(ops.session, n.path, original, mode, '.ha-wizard-restore', 'the restored file does not read back identical', rights);
    did = `restored ${n.path} from ${n.backupPath}`;
  }
  did += swept;
  if (!n.restarted) return `${did} (the service had not been restarted)`;
  const r = await ops.service('restart');
  if (!r.ok) throw new Error(`${did}, but the service did not start: ${r.detail || r.state}`);
  await waitHealthy(ctx.node(n.id).webUrl, timeoutMs, ctx.settings.connectTimeoutMs);
  return `${did}, restarted and healthy`;
}

/** Finish, first half: nodes with their new file in place but no confirmed healthy restart get one. */
export async function finishHalfDone(input: RecoverInput): Promise<RecoverReport> {
  const ctx = open(input);
  const timeout = input.healthTimeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS;
  const nodes: RecoverNode[] = [];
  const manual: string[] = [];
  const lock = await lockFor(ctx, input).catch(toError);
  if (lock instanceof Error) {
    await ctx.close();
    return { status: 'refused', ...lockRefused(lock, (t) => ctx.secrets.redactor.redact(t)), nodes, settings: [], manual };
  }
  try {
    await input.journal.append(beginRecord('recover-finish', input.journal.identity, null, profileHash(input.profile), new Date()));
    // A write cut short may have left its temp file on any node the journal says was written.
    for (const n of input.state.nodes.filter((x) => x.wrote)) await sweptTemps((await ctx.ops(n.id)).session, n.path);
    for (const n of input.state.nodes.filter((x) => x.wrote && !x.healthyAfterWrite)) {
      const ops = await ctx.ops(n.id);
      const current = await ops.session.readFile(n.path).catch(() => null);
      // The write never landed: the file is as before, and the new plan changes it like any other.
      if (!current || (n.backupSha256 && sha256(current) === n.backupSha256)) continue;
      const extra = { path: n.path };
      await step(input, n.id, 'about', extra, 'restart');
      try {
        const r = await ops.service('restart');
        if (!r.ok) throw new Error(`the service did not start (${r.state}): ${r.detail || 'no output'}`);
        await waitHealthy(ctx.node(n.id).webUrl, timeout, ctx.settings.connectTimeoutMs);
      } catch (e) {
        const why = ctx.secrets.redactor.redact(errorMessage(e));
        await step(input, n.id, 'failed', { ...extra, detail: why }, 'restart');
        nodes.push({ id: n.id, result: 'failed', detail: why });
        return { status: 'failed', reason: `${n.id}: ${why}; ha-wizard recover --rollback restores every changed server`, nodes, settings: [], manual };
      }
      await step(input, n.id, 'done', extra, 'wait-healthy');
      nodes.push({ id: n.id, result: 'restarted', detail: 'its new file was in place: restarted and healthy' });
    }
    if (lock.broke) manual.push(`(${lock.broke})`);
    return { status: 'recovered', reason: null, nodes, settings: [], manual };
  } finally {
    // As in recoverRollback: the report's own list, completed before the caller reads it.
    const lockLeft = await lock.stop();
    if (lockLeft) manual.push(lockLeft);
    await ctx.close();
  }
}

/** Finish: the half-done nodes restarted, then the new plan (made from the profile, shown to the admin) applied. */
export async function recoverFinish(input: RecoverInput & { plan: Plan }): Promise<{ halfDone: RecoverReport; apply: ApplyReport | null }> {
  const halfDone = await finishHalfDone(input);
  if (halfDone.status !== 'recovered') return { halfDone, apply: null };
  const apply = await applyPlan({
    plan: input.plan, settings: input.settings, secrets: input.secrets, healthTimeoutMs: input.healthTimeoutMs,
    openContext: input.openContext, journal: input.journal, onEvent: input.onEvent,
    // The lock broken above (if it was) is gone; this apply takes its own.
    lock: input.lock ? { ...input.lock, breakLock: false } : undefined,
  });
  // Nothing left to change: the restarts above finished the apply. Refused: the journal stays open.
  if (apply.status === 'nothing-to-do') await input.journal.end('recovered', true);
  return { halfDone, apply };
}

/** The temp files a cut-short write or restore left beside the file, removed; the words for the report. */
async function sweptTemps(s: SshSession, path: string): Promise<string> {
  const left = await removeLeftTemps(s, path);
  return left.length ? `; removed ${left.join(', ')}, left by the write that was cut short` : '';
}

