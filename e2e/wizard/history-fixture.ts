/**
 * The dashboard's history for browser specs and screenshots (issue 13): a cluster whose node2 was down
 * for a minute and came back, the snapshot the fake health reader gives, and a wrapper around the
 * harness's bridge that answers `health.history` in the page (until the engine's history keeper lands,
 * helper "history") while every other call goes to the real engine service.
 */
import type { Browser } from 'playwright-core';
import { PROFILE } from '../../electron/core/engine/testing/service-fakes';
import type { ClusterEvent, HealthHistory, HistoryBucket } from '../../electron/shared/health-history';
import type { ClusterHealthSnapshot, NodeHealth } from '../../electron/shared/health-snapshot';
import type { ClusterProfile } from '../../electron/shared/profile';
import { openWizard, type WizardSession } from './browser';
import { goToStep, openSavedProfile } from './wizard-driver';

const MIN = 60_000;

const up = (id: string, last: number): NodeHealth => ({
  id, state: 'healthy', url: `http://10.231.77.${last}:8624`, reachable: true, hung: false, httpStatus: 200, healthy: true, version: '2025.14',
  databaseStatus: 'OK', databaseDetail: null, licenseStatus: 'OK', serviceStatus: 'OK', sshOk: true, keyFingerprint: 'SHA256:3q2+7wAbCdEfGh', keyInSync: true, error: null, elapsedMs: 12,
});
const nodes = [up('node1', 11), up('node2', 12), up('node3', 13)];
export const SNAPSHOT: ClusterHealthSnapshot = {
  at: new Date().toISOString(), durationMs: 140, summary: 'healthy', nodes, problems: [],
  versions: { '2025.14': nodes.map((n) => n.id) }, versionsInSync: true, keysInSync: true,
  storage: { ok: true, detail: 'node2 and node3 read the file node1 wrote', path: '/srv/proget/packages', writer: 'node1', seen: ['node1', 'node2', 'node3'], notSeen: [], untested: [] },
  database: { reachable: true, detail: 'PostgreSQL 17.10 at 10.231.77.20:5432, database proget', elapsedMs: 21 },
  loadBalancer: { url: 'http://10.231.77.30:8080', reachable: true, healthy: true, readmitting: false, detail: 'http://10.231.77.30:8080/health answered HTTP 200', elapsedMs: 9 },
};

/**
 * The last 24 h a minute at a time: node2's service stopped for the minute 38 minutes ago and came back;
 * the app was closed for 46 minutes in the night (unknown for all); node3 slower in the afternoon.
 */
export function history(): HealthHistory {
  const to = Math.floor(Date.now() / MIN) * MIN;
  const from = to - 24 * 60 * MIN;
  const closed = (i: number) => i >= 300 && i < 346;
  const bucket = (node: string, i: number): HistoryBucket | null => {
    if (closed(i)) return null;
    const at = new Date(from + i * MIN).toISOString();
    if (node === 'node2' && i === 1440 - 38) return { at, state: 'service-stopped', elapsedMs: null };
    const wave = Math.round(8 * Math.sin(i / 37) + 4 * Math.sin(i / 5));
    return { at, state: 'healthy', elapsedMs: (node === 'node3' && i > 900 && i < 1000 ? 60 : 18) + wave + (node === 'node1' ? 4 : 0) };
  };
  const ids = ['node1', 'node2', 'node3'];
  const ev = (i: number, kind: ClusterEvent['kind'], node: string | null, text: string): ClusterEvent => ({ at: new Date(from + i * MIN + 7_000).toISOString(), kind, node, text });
  return {
    cluster: 'lab-proget', from: new Date(from).toISOString(), to: new Date(to).toISOString(), bucketSeconds: 60,
    nodes: ids.map((id) => ({ id, buckets: Array.from({ length: 1440 }, (_, i) => bucket(id, i)).filter((b): b is HistoryBucket => b !== null) })),
    events: [
      ev(300, 'watch-stopped', null, 'HA Wizard was closed: nobody watched the cluster'),
      ev(346, 'watch-started', null, 'HA Wizard is watching the cluster again'),
      ev(700, 'apply', null, 'Changes applied to node1, node2 and node3, one server at a time'),
      ev(1440 - 38, 'node-down', 'node2', 'node2 stopped answering /health (service stopped)'),
      ev(1440 - 37, 'node-back', 'node2', 'node2 answers /health again'),
    ],
  };
}

/**
 * Runs in the page before its scripts: answers `health.history` itself, passes every other call on.
 * A string, not a function: tsx adds helpers to compiled functions that do not exist in the page.
 */
export const wrapBridge = (h: HealthHistory) => `(() => {
  const history = ${JSON.stringify(h)};
  let real;
  Object.defineProperty(window, 'wizard', {
    configurable: true,
    get: () => real,
    set: (api) => { real = Object.freeze({ call: (n, i) => (n === 'health.history' ? Promise.resolve({ ok: true, value: history }) : api.call(n, i)), on: api.on }); },
  });
})();`;

/**
 * The wizard on the dashboard with the saved lab profile; `history` answered in the page, or, without
 * it, whatever the engine says (today: it refuses).
 */
export async function openDashboard(browser: Browser, viewport: { width: number; height: number }, h: HealthHistory | null): Promise<WizardSession> {
  const engine = { healthWatcher: () => ({ watch: async (_ms: number, onSnapshot: (s: ClusterHealthSnapshot) => unknown) => void (await onSnapshot(SNAPSHOT)) }) };
  const s = await openWizard(browser, { harness: { engine }, viewport });
  try {
    if (h) await s.context.addInitScript({ content: wrapBridge(h) });
    await s.harness.host.saveProfile({ name: 'Lab', profile: PROFILE as ClusterProfile, secrets: { 'ssh:n1': 'not-used', db: 'not-used' } });
    await s.page.reload();
    await openSavedProfile(s.page, 'Lab');
    await goToStep(s.page, 'Dashboard');
    await s.page.getByTestId(h ? 'history-node-node2' : 'history-unavailable').waitFor();
    await s.page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
    return s;
  } catch (e) {
    await s.close();
    throw e;
  }
}
