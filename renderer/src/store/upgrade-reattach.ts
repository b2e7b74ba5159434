/**
 * After a reload of the window (F5, a crash of the renderer): the upgrade the engine still runs, or ended
 * and the admin has not put away, read back (`run.list`, then `run.get`: its plan, every event so far, its
 * outcome) and followed live again. The dialog opens on it, so the admin sees at once that servers are being
 * stopped and upgraded. Asked when the dashboard shows; nothing is asked while a run is already followed.
 */
import { call } from '../api';
import { IDLE_RUN, dismissedRuns, followUpgrade, useUpgrade } from './upgrade-flow';

let asking: Promise<void> | null = null;

export function reattachUpgrade(): Promise<void> {
  if (useUpgrade.getState().run.status !== 'idle') return Promise.resolve();
  asking ??= readBack().finally(() => { asking = null; });
  return asking;
}

async function readBack(): Promise<void> {
  const kept = (await call('run.list', {}).catch(() => [])).filter((r) => r.kind === 'upgrade' && !dismissedRuns.has(r.runId));
  // The one running first (one upgrade at a time holds the cluster lock), else the newest ended one.
  const pick = kept.find((r) => r.running) ?? kept.at(-1);
  // The admin may have started an upgrade meanwhile: that one is followed already.
  if (!pick || useUpgrade.getState().run.status !== 'idle') return;
  const { runId } = pick;
  useUpgrade.setState({ run: { ...IDLE_RUN, status: 'running', runId } });
  const follow = followUpgrade(runId, true);
  const run = await call('run.get', { id: runId }).then((a) => a.run, () => null);
  if (run?.kind !== 'upgrade') {
    // Forgotten in between (dismissed by another window, or the engine restarted): nothing to show.
    follow.stop();
    useUpgrade.setState((s) => (s.run.runId === runId ? { run: IDLE_RUN } : {}));
    return;
  }
  useUpgrade.setState({
    open: true, stage: 'run', to: run.plan.to, mode: run.plan.mode, confirmed: true, askingToClose: false,
    plan: { status: 'ready', answer: { preflight: [], planId: run.planId, plan: run.plan }, error: null },
  });
  follow.release(run.events, run.done);
}
