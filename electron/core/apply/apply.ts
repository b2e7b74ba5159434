/**
 * Apply: only ever a plan the admin has seen, only while every file is as the plan read it. Node by
 * node: back up, write next to the file and rename over it, restart, wait for /health OK, then the
 * next. Any failure stops the run and restores every node already touched, byte for byte.
 */
import { ClusterContext } from '../run/cluster-context';
import type { EngineSettings } from '../run/engine-settings';
import { clusterKey } from '../keys/cluster-key';
import { writeNodeConfig } from '../config/config-writer';
import { generateEncryptionKey } from '../config/encryption-key';
import { configFormatOf, keyFingerprint } from '../config/product-config';
import type { SecretResolver } from '../secrets';
import { sha256 } from './masked-diff';
import { DEFAULT_HEALTH_TIMEOUT_MS, backupSuffix, desiredDatabase } from './plan';
import { type FileRights, replaceVerified, writeVerified } from './remote-file';
import { keepFileRights } from './file-rights';
import { PlanSchema, type ManualStep, type Plan } from '../../shared/plan-schema';
import { applySettings, type SettingOutcome } from './apply-settings';
import { rollback, type Touched } from './rollback';
import { type ApplyEvent, type ApplyReport, type NodeOutcome, ApplyFailure, waitHealthy } from './apply-steps';
import { type ApplyJournal, type StepRecord, beginRecord, planHash } from './journal';
import { type AcquireOptions, holdClusterLock, lockLeftStep } from './cluster-lock';
import { type OpenBalancer, openGuard } from './balancer-guard-open';
import type { BalancerGuard, GuardOptions } from './balancer-guard';
import { errorMessage, toError } from '../../shared/error-text';

export interface ApplyInput {
  plan: Plan;
  settings: EngineSettings;
  secrets: SecretResolver;
  healthTimeoutMs?: number;
  onEvent?: (e: ApplyEvent) => void | Promise<void>;
  now?: () => Date;
  /** Opens the run's context (sessions, files, services); tests give a fake remote (testing/fake-nodes.ts). */
  openContext?: (profile: Plan['profile'], settings: EngineSettings, secrets: SecretResolver) => ClusterContext;
  /** Written before and after every step (journal.ts), so a killed wizard leaves what `recover` needs. */
  journal?: ApplyJournal;
  /** Hold the cluster lock (cluster-lock.ts) for the whole apply; a second wizard is refused. */
  lock?: AcquireOptions;
  /** Opens the balancer's control when the profile gives access (balancer-guard-open.ts); tests give a fake. */
  openBalancer?: OpenBalancer;
  /** How long each drain may wait for its server to serve nothing, and the like (balancer-guard.ts). */
  drain?: GuardOptions;
}

type StepExtra = Pick<StepRecord, 'path' | 'backupPath' | 'backupSha256' | 'setting' | 'previous'>;

export async function applyPlan(input: ApplyInput): Promise<ApplyReport> {
  const plan = PlanSchema.parse(input.plan);
  const startedAt = (input.now ?? (() => new Date()))();
  const outcomes: NodeOutcome[] = plan.nodes.map((n) => ({ id: n.id, result: n.changed ? 'untouched' : 'unchanged', backupPath: null, steps: [], manual: null }));
  // The report's own list, shared like `outcomes`: what the run leaves by hand is added to it as it ends.
  const manualSteps: ManualStep[] = [];
  const report = (status: ApplyReport['status'], reason: string | null, settings: SettingOutcome[] = []): ApplyReport => {
    // The plan's own steps (switch high availability on, ...) follow a run that applied, or found it done;
    // after a refusal or a rollback they would send the admin on to a cluster that is not there.
    if (status === 'applied' || status === 'nothing-to-do') manualSteps.unshift(...plan.manualSteps);
    return { status, reason, nodes: outcomes, settings, manualSteps, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString() };
  };
  if (plan.noChange) return report('nothing-to-do', 'the plan changes nothing');

  const ctx = (input.openContext ?? ((p, s, x) => new ClusterContext(p, s, x)))(plan.profile, input.settings, input.secrets);
  const journal = input.journal;
  let rollingBack = false;
  let guard: BalancerGuard | null = null;
  const emit = async (e: ApplyEvent, extra: StepExtra = {}) => {
    if (journal && e.type === 'apply-step') {
      const status = e.status === 'started' ? 'about' : e.status;
      try {
        await journal.append({ type: 'step', at: new Date().toISOString(), step: e.step, status, nodeId: e.nodeId, ...extra, ...(status === 'failed' ? { detail: e.detail } : {}) });
      } catch (err) {
        // Write-ahead: no step runs that the journal does not know of; a rollback goes on regardless.
        if (!rollingBack) throw new ApplyFailure(`the journal cannot be written: ${errorMessage(err)}`);
      }
    }
    if (e.type === 'apply-step' && e.nodeId) outcomes.find((o) => o.id === e.nodeId)?.steps.push({ step: e.step, status: e.status, detail: e.detail });
    await input.onEvent?.(e);
  };
  const redact = (t: string) => ctx.secrets.redactor.redact(t);
  const first = plan.nodes[0]!;
  const lock = input.lock ? await holdClusterLock(first.id, async () => (await ctx.ops(first.id)).session, first.configPath, input.lock).catch(toError) : null;
  if (lock instanceof Error) {
    await ctx.close();
    return report('refused', redact(lock.message));
  }
  if (lock?.broke) await input.onEvent?.({ type: 'apply-log', level: 'warn', message: lock.broke });
  try {
    // Preflight: every node answers with a trusted key, and every file is as the plan read it.
    const current = await Promise.all(plan.nodes.map(async (pn) => {
      try {
        const bytes: Buffer | null = await (await ctx.ops(pn.id)).readFile(pn.configPath);
        const error: string | null = null;
        return { pn, bytes, error };
      } catch (e) {
        return { pn, bytes: null, error: redact(errorMessage(e)) };
      }
    }));
    const unreachable = current.filter((c) => c.error);
    if (unreachable.length) return report('refused', unreachable.map((c) => `${c.pn.id}: ${c.error}`).join('; '));
    const drifted = current.filter((c) => (c.bytes ? sha256(c.bytes) : null) !== c.pn.before.sha256);
    if (drifted.length) return report('refused', `${drifted.map((c) => `${c.pn.id}: ${c.pn.configPath}`).join(', ')} changed since the plan was made; make a new plan`);

    let key: string;
    try {
      key = await resolveKey(ctx, plan);
    } catch (e) {
      return report('refused', redact(errorMessage(e)));
    }
    const database = await desiredDatabase(ctx);
    const work = current.map((c) => {
      const text = c.bytes ? c.bytes.toString('utf8') : null;
      const out = writeNodeConfig(text, configFormatOf(c.pn.configPath), { product: plan.profile.product, database, encryptionKey: key });
      return { ...c, next: Buffer.from(out.text, 'utf8'), changed: out.changed };
    });
    const mismatch = work.filter((w) => w.changed !== w.pn.changed).map((w) => w.pn.id);
    if (mismatch.length) return report('refused', `the plan no longer matches what would be written on ${mismatch.join(', ')} (the profile's secrets changed?); make a new plan`);
    // A balancer the profile lets the wizard drive: reached and knowing every server to restart, or nothing changes.
    const guardOrWhy = await openGuard(plan.profile, ctx, work.filter((w) => w.changed).map((w) => w.pn.id), input.openBalancer, input.drain).catch(toError);
    if (guardOrWhy instanceof Error) return report('refused', redact(guardOrWhy.message));
    guard = guardOrWhy;
    if (guard) await input.onEvent?.({ type: 'apply-log', level: 'info', message: `Each server is drained at the balancer (${guard.control.how}) before its restart and put back after its health gate.` });
    if (guard?.outside.size) await input.onEvent?.({ type: 'apply-log', level: 'info', message: `The balancer does not list ${[...guard.outside].join(', ')}: it sends ${guard.outside.size === 1 ? 'it' : 'them'} nothing, so ${guard.outside.size === 1 ? 'it is' : 'they are'} restarted without a drain.` });

    const touched: Touched[] = [];
    await journal?.append(beginRecord('apply', journal.identity, planHash(plan), plan.profileHash, startedAt));
    const healthTimeoutMs = input.healthTimeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS;
    try {
      for (const w of work.filter((x) => x.changed)) {
        const node = ctx.node(w.pn.id);
        const outcome = outcomes.find((o) => o.id === w.pn.id)!;
        const backupPath = w.bytes ? await freeBackupPath(ctx, node.id, w.pn.configPath, startedAt) : null;
        const extra: StepExtra = { path: w.pn.configPath, backupPath, backupSha256: w.bytes ? sha256(w.bytes) : null };
        const step = async <T>(name: 'backup' | 'write' | 'drain' | 'wait-drained' | 'restart' | 'wait-healthy' | 'resume', detail: string, fn: () => Promise<T>): Promise<T> => {
          await emit({ type: 'apply-step', nodeId: node.id, step: name, status: 'started', detail }, extra);
          try {
            const r = await fn();
            // A step that says how it ended (wait-drained) says so in its done event.
            await emit({ type: 'apply-step', nodeId: node.id, step: name, status: 'done', detail: typeof r === 'string' ? r : detail }, extra);
            return r;
          } catch (e) {
            const why = redact(e instanceof Error ? e.message : String(e));
            await emit({ type: 'apply-step', nodeId: node.id, step: name, status: 'failed', detail: why }, extra);
            throw new ApplyFailure(`${node.id}: ${name} failed: ${why}`);
          }
        };
        const ops = () => ctx.ops(node.id);
        const mode = w.bytes ? (await (await ops()).session.stat(w.pn.configPath).catch(() => null))?.mode : undefined;
        let rights: FileRights | undefined;
        if (backupPath) {
          await step('backup', backupPath, async () => {
            rights = await keepFileRights(await ops(), w.pn.configPath);
            await writeVerified((await ops()).session, backupPath, w.bytes!, mode, 'the backup does not read back identical', rights);
          });
        }
        touched.push({ id: node.id, path: w.pn.configPath, original: w.bytes, restarted: false, mode, rights });
        outcome.backupPath = backupPath;
        outcome.result = 'changed';
        await step('write', w.pn.configPath, async () => replaceVerified((await ops()).session, w.pn.configPath, w.next, mode, '.ha-wizard-new', 'the file does not read back as written', rights));
        await guard?.beforeRestart(node.id, (_id, name, detail, fn) => step(name, detail, fn));
        touched[touched.length - 1]!.restarted = true;
        await step('restart', 'restart the service', async () => {
          const r = await (await ops()).service('restart');
          if (!r.ok) throw new Error(`the service did not start (${r.state}): ${r.detail || 'no output'}`);
        });
        await step('wait-healthy', `${node.webUrl}/health`, () => waitHealthy(node.webUrl, healthTimeoutMs, ctx.settings.connectTimeoutMs));
        await guard?.afterHealthy(node.id, (_id, name, detail, fn) => step(name, detail, fn));
      }
      const settings = await applySettings(ctx, plan, emit);
      if (settings.some((s) => s.status === 'failed')) throw new ApplyFailure(`settings: ${settings.filter((s) => s.status === 'failed').map((s) => `${s.name}: ${s.detail}`).join('; ')}`, settings);
      await journal?.end('applied', true);
      return report('applied', null, settings);
    } catch (e) {
      const why = e instanceof ApplyFailure ? e.message : redact(errorMessage(e));
      const settingsDone = e instanceof ApplyFailure ? e.settings : [];
      rollingBack = true;
      const ok = await rollback(ctx, touched, outcomes, settingsDone, healthTimeoutMs, emit, guard);
      // A clean rollback finishes the journal; a failed one leaves it open for `recover`.
      await journal?.end(ok ? 'rolled-back' : 'rollback-failed', ok).catch(() => undefined);
      return report(ok ? 'rolled-back' : 'rollback-failed', why, settingsDone);
    }
  } finally {
    // A lock that could not be removed is one more thing left for the admin: added to the report's own
    // list (manualSteps) before the caller reads it.
    const lockLeft = await lock?.stop();
    if (lockLeft) manualSteps.push(lockLeftStep(redact(lockLeft)));
    await guard?.control.close().catch(() => undefined);
    await ctx.close();
  }
}

/**
 * The backup's name: the run's stamp, or the stamp with -2, -3, ... where a file already has that name (a
 * run cut short a moment ago, in the same second, left its backup): a backup is only ever created new.
 * A node that cannot be asked gets the first name; its backup step then fails and says why.
 */
async function freeBackupPath(ctx: ClusterContext, id: string, configPath: string, stamp: Date): Promise<string> {
  const session = await ctx.ops(id).then((o) => o.session, () => null);
  for (let n = 1; ; n++) {
    const candidate = `${configPath}${backupSuffix(stamp, n)}`;
    if (!session || n >= 20 || !(await session.exists(candidate).catch(() => false))) return candidate;
  }
}

/** The key the plan decided: the kept one (its fingerprint must still match), or a new one made now. */
async function resolveKey(ctx: ClusterContext, plan: Plan): Promise<string> {
  if (plan.encryptionKey.decision === 'generate') {
    const fresh = generateEncryptionKey();
    ctx.secrets.redactor.add(fresh);
    return fresh;
  }
  const { key } = await clusterKey(ctx);
  if (!key || keyFingerprint(key) !== plan.encryptionKey.fingerprint) throw new ApplyFailure('the encryption key the plan keeps is no longer on the servers; make a new plan');
  ctx.secrets.redactor.add(key);
  return key;
}
