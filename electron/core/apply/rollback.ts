/**
 * Rollback: every node already touched gets its original file back byte for byte (or the new file
 * removed, where there was none), its service restarted if it had been, and must report healthy.
 * Settings set through the API get their previous values. What cannot be undone is said exactly.
 */
import type { ClusterContext } from '../run/cluster-context';
import type { SshSession } from '../remote/ssh-session';
import { type FileRights, replaceVerified } from './remote-file';
import { apiKeyPolicyOf, setSetting } from './settings-api';
import { type ApplyEvent, type NodeOutcome, waitHealthy } from './apply-steps';
import type { SettingOutcome } from './apply-settings';
import { errorMessage } from '../../shared/error-text';
import { type RollbackStage, restartCommandOf, rollbackManualStep } from './rollback-manual';
import { type BalancerGuard, eventStep } from './balancer-guard';

export interface Touched {
  id: string;
  path: string;
  /** The file before apply; null when there was none. */
  original: Buffer | null;
  restarted: boolean;
  mode: number | undefined;
  /** Windows: the original's access rules, restored with it. */
  rights?: FileRights | undefined;
}

/** Returns true when everything was restored. */
export async function rollback(ctx: ClusterContext, touched: Touched[], outcomes: NodeOutcome[], settings: SettingOutcome[],
  healthTimeoutMs: number, emit: (e: ApplyEvent) => Promise<void>, guard: BalancerGuard | null = null): Promise<boolean> {
  let ok = true;
  const guardStep = eventStep(emit, (t) => ctx.secrets.redactor.redact(t));
  for (const t of [...touched].reverse()) {
    const node = ctx.node(t.id);
    const outcome = outcomes.find((o) => o.id === t.id)!;
    await emit({ type: 'apply-step', nodeId: t.id, step: 'rollback', status: 'started', detail: t.original ? `restore ${t.path}` : `remove ${t.path}` });
    // How far the node got: the manual step starts from there (never "copy the backup" over a file already restored).
    let reached: RollbackStage = 'file';
    let session: SshSession | null = null;
    const restoreOnce = async () => {
      reached = 'file';
      const s = (await ctx.ops(t.id)).session;
      session = s;
      if (t.original) {
        // A write that never landed (a full disk, a dropped link) leaves the original in place: nothing to
        // restore, and writing it again on that same full disk could only fail.
        const current = await s.readFile(t.path).catch(() => null);
        if (!current?.equals(t.original)) await replaceVerified(s, t.path, t.original, t.mode, '.ha-wizard-restore', 'the restored file does not read back identical', t.rights);
      } else if (await s.exists(t.path)) {
        await s.unlink(t.path);
      }
      if (t.restarted) {
        // Drained again before this restart too; a balancer that will not drain does not stop the rollback.
        await guard?.beforeRestart(t.id, guardStep).catch(() => undefined);
        reached = 'service';
        const r = await (await ctx.ops(t.id)).service('restart');
        if (!r.ok) throw new Error(`the service did not start: ${r.detail || r.state}`);
        reached = 'health';
        await waitHealthy(node.webUrl, healthTimeoutMs, ctx.settings.connectTimeoutMs);
      }
    };
    try {
      await restoreOnce().catch(async (e: unknown) => {
        // The connection dropped under the rollback (a VPN blip, sshd restarted): once more, on a new one.
        // Every part of it may run twice: the file is compared before it is written, a restart repeats.
        if (!session?.closed) throw e;
        await restoreOnce();
      });
      outcome.result = 'restored';
      await emit({ type: 'apply-step', nodeId: t.id, step: 'rollback', status: 'done', detail: t.restarted ? 'restored and healthy' : 'restored (the service had not been restarted)' });
    } catch (e) {
      ok = false;
      const why = ctx.secrets.redactor.redact(errorMessage(e));
      outcome.result = 'rollback-failed';
      outcome.manual = rollbackManualStep({
        id: t.id, host: node.profile.host, path: t.path, backupPath: outcome.backupPath, hadFile: t.original !== null, reached,
        restartCommand: restartCommandOf(node, ctx.profile.product), healthUrl: `${node.webUrl}/health`,
      });
      outcome.log = why;
      await emit({ type: 'apply-step', nodeId: t.id, step: 'rollback', status: 'failed', detail: why });
    }
    if (guard?.drained.has(t.id) && outcome.result === 'restored') {
      // Restored and healthy, but out of rotation until resumed: the error names the step to run by hand.
      await guard.afterHealthy(t.id, guardStep).catch((e: unknown) => {
        ok = false;
        outcome.result = 'rollback-failed';
        outcome.manual = `On ${t.id} (${node.profile.host}): the file is back and the service healthy, but the server is still out of the load balancer's rotation: ${errorMessage(e).replace(/^.*By hand: /, '')}`;
        outcome.log = errorMessage(e);
      });
    }
  }
  // A server drained but never restarted (its drain or restart failed first) goes back into rotation too.
  if (guard && !(await guard.resumeLeft(guardStep))) ok = false;
  const apiKey = ctx.profile.apiKey ? await ctx.secrets.resolve(ctx.profile.apiKey, 'API key').catch(() => null) : null;
  for (const s of settings.filter((x) => x.status === 'set')) {
    try {
      if (!apiKey) throw new Error('no API key');
      await setSetting(ctx.nodes[0]!.webUrl, apiKey, s.name, s.previous ?? '', ctx.settings.connectTimeoutMs, apiKeyPolicyOf(ctx.profile));
      s.status = 'restored';
      s.detail = `back to ${JSON.stringify(s.previous ?? '')}`;
    } catch (e) {
      ok = false;
      s.status = 'restore-failed';
      s.detail = `set ${s.name} back to ${JSON.stringify(s.previous ?? '')} by hand (${ctx.secrets.redactor.redact(errorMessage(e))})`;
    }
  }
  return ok;
}
