/**
 * `npx tsx scripts/dashboard-screenshots.ts [--out DIR]`: the dashboard in three cluster states the lab
 * walk does not reach on its own (healthy, one node's link down with the balancer slow, a service
 * stopped), through the real harness, engine service and renderer in Chromium; only the health reader
 * is a fake that reports the snapshot a lab round gave in that state. Each at 1280×800 and 1024×700.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROFILE } from '../electron/core/engine/testing/service-fakes';
import type { ClusterHealthSnapshot } from '../electron/shared/health-snapshot';
import { base, up } from './snapshot-fixtures';
import type { ClusterProfile } from '../electron/shared/profile';
import { ensureRendererBuilt, launchChromium, openWizard } from '../e2e/wizard/browser';
import { goToStep, openSavedProfile } from '../e2e/wizard/wizard-driver';

const OUT = path.resolve(process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1]! : '/tmp/dashboard-shots');
const SIZES = [{ width: 1280, height: 800 }, { width: 1024, height: 700 }];

const STATES: Record<string, ClusterHealthSnapshot> = {
  healthy: base([up('node1', 11), up('node2', 12), up('node3', 13)]),
  'link-down': base([up('node1', 11), up('node2', 12), {
    ...up('node3', 13), state: 'not-answering', reachable: false, hung: true, httpStatus: null, healthy: false, version: null, databaseStatus: null,
    licenseStatus: null, serviceStatus: null, sshOk: false, keyFingerprint: null, keyInSync: null, error: '/health: no answer within 5000 ms; no answer over SSH within 5000 ms', elapsedMs: 5000,
  }], {
    summary: 'degraded', versionsInSync: null, keysInSync: null,
    storage: { ok: true, detail: 'node2 read the file node1 wrote; not asked (no SSH): node3', path: '/srv/proget/packages', writer: 'node1', seen: ['node1', 'node2'], notSeen: [], untested: ['node3'] },
    loadBalancer: { url: 'http://10.231.77.30:8080', reachable: false, healthy: false, readmitting: false, detail: 'http://10.231.77.30:8080/health: no answer within 5000 ms', elapsedMs: 5000 },
    problems: ['node3: /health: no answer within 5000 ms; no answer over SSH within 5000 ms', 'load balancer: http://10.231.77.30:8080/health: no answer within 5000 ms'],
  }),
  'service-stopped': base([up('node1', 11), {
    ...up('node2', 12), state: 'service-stopped', reachable: false, httpStatus: null, healthy: false, version: null, databaseStatus: null, licenseStatus: null, serviceStatus: null,
    error: 'the service is stopped: the server answers over SSH, but http://10.231.77.12:8624 refuses connections (ECONNREFUSED)',
  }, up('node3', 13)], {
    summary: 'degraded', versionsInSync: null,
    problems: ['node2: the service is stopped: the server answers over SSH, but http://10.231.77.12:8624 refuses connections (ECONNREFUSED)'],
  }),
};

async function main() {
  ensureRendererBuilt();
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await launchChromium();
  try {
    for (const [name, snap] of Object.entries(STATES)) {
      for (const viewport of SIZES) {
        const engine = { healthWatcher: () => ({ watch: async (_ms: number, onSnapshot: (s: ClusterHealthSnapshot) => unknown) => void (await onSnapshot(snap)) }) };
        const s = await openWizard(browser, { harness: { engine }, viewport });
        try {
          await s.harness.host.saveProfile({ name: 'Lab', profile: PROFILE as ClusterProfile, secrets: { 'ssh:n1': 'not-used', db: 'not-used' } });
          await s.page.reload();
          await openSavedProfile(s.page, 'Lab');
          await goToStep(s.page, 'Dashboard');
          await s.page.getByTestId('health-summary').waitFor();
          await s.page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
          const file = path.join(OUT, `dashboard-${name}-${viewport.width}x${viewport.height}.png`);
          await s.page.screenshot({ path: file, animations: 'disabled', caret: 'hide', fullPage: true });
          // The export buttons each on one line (at 1024 px "Snapshot (JSON)" used to wrap inside its button).
          const heights = await s.page.getByRole('button', { name: /Export report|Snapshot \(JSON\)/ }).evaluateAll((bs) => bs.map((b) => b.getBoundingClientRect().height));
          await s.page.getByRole('heading', { name: 'Cluster', exact: true }).evaluate((h) => h.scrollIntoView({ block: 'start' }));
          await s.page.screenshot({ path: file.replace(/\.png$/, '-tiles.png'), animations: 'disabled', caret: 'hide' });
          process.stdout.write(`${file}: ${fs.statSync(file).size} bytes; export button heights ${heights.map(Math.round).join(', ')} px; errors: ${s.pageErrors.length}\n`);
        } finally {
          await s.close();
        }
      }
    }
  } finally {
    await browser.close();
  }
}

void main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
