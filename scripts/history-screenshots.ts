/**
 * `npx tsx scripts/history-screenshots.ts [--out DIR]`: the dashboard's history (issue 13) with node2
 * down for a minute and back, in light, dark and forced colours at 1280×800 and 1024×700, plus the
 * 1-hour window and the table view; axe on each colour mode. The real harness, engine service and
 * renderer in Chromium; the health reader is a fake (as in dashboard-screenshots.ts) and, until the
 * engine's history keeper lands (helper "history"), `health.history` is answered in the page by a
 * wrapper around the harness's bridge with the history below. Every other call goes to the engine.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROFILE } from '../electron/core/engine/testing/service-fakes';
import type { ClusterEvent, HealthHistory, HistoryBucket } from '../electron/shared/health-history';
import type { ClusterHealthSnapshot, NodeHealth } from '../electron/shared/health-snapshot';
import type { ClusterProfile } from '../electron/shared/profile';
import { axeViolations, COLOUR_MODES, setColourMode } from '../e2e/wizard/axe';
import { ensureRendererBuilt, launchChromium, openWizard } from '../e2e/wizard/browser';
import { goToStep, openSavedProfile } from '../e2e/wizard/wizard-driver';

const OUT = path.resolve(process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1]! : '/tmp/history-shots');
const SIZES = [{ width: 1280, height: 800 }, { width: 1024, height: 700 }];
const MIN = 60_000;

const up = (id: string, last: number): NodeHealth => ({
  id, state: 'healthy', url: `http://10.231.77.${last}:8624`, reachable: true, hung: false, httpStatus: 200, healthy: true, version: '2025.14',
  databaseStatus: 'OK', databaseDetail: null, licenseStatus: 'OK', serviceStatus: 'OK', sshOk: true, keyFingerprint: 'SHA256:3q2+7wAbCdEfGh', keyInSync: true, error: null, elapsedMs: 12,
});
const nodes = [up('node1', 11), up('node2', 12), up('node3', 13)];
const SNAPSHOT: ClusterHealthSnapshot = {
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
function history(): HealthHistory {
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
const wrapBridge = (h: HealthHistory) => `(() => {
  const history = ${JSON.stringify(h)};
  let real;
  Object.defineProperty(window, 'wizard', {
    configurable: true,
    get: () => real,
    set: (api) => { real = Object.freeze({ call: (n, i) => (n === 'health.history' ? Promise.resolve({ ok: true, value: history }) : api.call(n, i)), on: api.on }); },
  });
})();`;

/** The engine as it is before the history keeper lands: it refuses `health.history`; one quiet line. */
async function refused(browser: Awaited<ReturnType<typeof launchChromium>>, viewport: { width: number; height: number }): Promise<string> {
  const engine = { healthWatcher: () => ({ watch: async (_ms: number, onSnapshot: (s: ClusterHealthSnapshot) => unknown) => void (await onSnapshot(SNAPSHOT)) }) };
  const s = await openWizard(browser, { harness: { engine }, viewport });
  try {
    await s.harness.host.saveProfile({ name: 'Lab', profile: PROFILE as ClusterProfile, secrets: { 'ssh:n1': 'not-used', db: 'not-used' } });
    await s.page.reload();
    await openSavedProfile(s.page, 'Lab');
    await goToStep(s.page, 'Dashboard');
    await s.page.getByTestId('history-unavailable').waitFor();
    await s.page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
    await s.page.getByTestId('history-unavailable').evaluate((e) => e.scrollIntoView({ block: 'center' }));
    const file = path.join(OUT, `history-refused-light-${viewport.width}x${viewport.height}.png`);
    await s.page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
    const violations = await axeViolations(s.page);
    return `${file}: axe ${violations.length ? JSON.stringify(violations) : 'no serious or critical violations'}; page errors: ${s.pageErrors.length}`;
  } finally {
    await s.close();
  }
}

async function main() {
  ensureRendererBuilt();
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await launchChromium();
  const h = history();
  const report: string[] = [];
  try {
    for (const viewport of SIZES) {
      const engine = { healthWatcher: () => ({ watch: async (_ms: number, onSnapshot: (s: ClusterHealthSnapshot) => unknown) => void (await onSnapshot(SNAPSHOT)) }) };
      const s = await openWizard(browser, { harness: { engine }, viewport });
      try {
        await s.context.addInitScript({ content: wrapBridge(h) });
        await s.harness.host.saveProfile({ name: 'Lab', profile: PROFILE as ClusterProfile, secrets: { 'ssh:n1': 'not-used', db: 'not-used' } });
        await s.page.reload();
        await openSavedProfile(s.page, 'Lab');
        await goToStep(s.page, 'Dashboard');
        await s.page.getByTestId('history-node-node2').waitFor().catch(async (e: unknown) => {
          await s.page.screenshot({ path: path.join(OUT, 'failed.png'), fullPage: true });
          throw new Error(`no history drawn (${String(e)}); the page says: ${(await s.page.getByTestId('health-history').textContent().catch(() => 'no history section')) ?? ''}`);
        });
        await s.page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
        const shoot = async (name: string) => {
          await s.page.getByRole('heading', { name: 'History', exact: true }).evaluate((e) => e.scrollIntoView({ block: 'start' }));
          const file = path.join(OUT, `history-${name}-${viewport.width}x${viewport.height}.png`);
          await s.page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
          return file;
        };
        for (const mode of COLOUR_MODES) {
          await setColourMode(s.page, mode);
          const file = await shoot(mode);
          const violations = await axeViolations(s.page);
          report.push(`${file}: axe ${violations.length ? JSON.stringify(violations) : 'no serious or critical violations'}`);
        }
        await setColourMode(s.page, 'light');
        if (viewport.width === 1280) {
          await s.page.getByRole('radio', { name: '1 hour' }).check();
          await s.page.waitForTimeout(300);
          report.push(await shoot('1h-light'));
          await s.page.getByRole('switch', { name: 'Show as table' }).check();
          await s.page.getByRole('table', { name: 'node2' }).waitFor();
          report.push(await shoot('table-light'));
          const violations = await axeViolations(s.page);
          report.push(`table view: axe ${violations.length ? JSON.stringify(violations) : 'no serious or critical violations'}`);
        }
        const labels = await s.page.getByRole('img').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
        report.push(`labels: ${labels.join(' | ')}`, `page errors: ${s.pageErrors.length}`);
      } finally {
        await s.close();
      }
      report.push(await refused(browser, viewport));
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(`${report.join('\n')}\n`);
  const bad = report.filter((l) => /axe \[/.test(l));
  if (bad.length) process.exitCode = 1;
}

void main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
