/**
 * `npx tsx scripts/drift-screenshots.ts [--out DIR]`: the dashboard's drift panel with drift shown, and
 * clean, at 1280x800 and 1024x700, through the real harness, engine service and renderer in Chromium.
 * The health reader is a fake (a healthy round), and `drift.check`'s answer is the report the lab's
 * drift test gives for a changed key and an extension on one node, set in the page's bridge (the real
 * check needs SSH: e2e/lab/drift.lab.test.ts runs it against the lab).
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROFILE } from '../electron/core/engine/testing/service-fakes';
import type { ClusterHealthSnapshot } from '../electron/shared/health-snapshot';
import { base, up } from './snapshot-fixtures';
import type { DriftReport } from '../electron/shared/drift';
import type { ClusterProfile } from '../electron/shared/profile';
import { ensureRendererBuilt, launchChromium, openWizard } from '../e2e/wizard/browser';
import { goToStep, openSavedProfile } from '../e2e/wizard/wizard-driver';

const OUT = path.resolve(process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1]! : '/tmp/drift-shots');
const SIZES = [{ width: 1280, height: 800 }, { width: 1024, height: 700 }];

const hour = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
const DRIFT: DriftReport = {
  checkedAt: new Date().toISOString(), basis: 'applied', appliedAt: hour(30),
  differences: [
    { node: 'node2', kind: 'encryption-key', what: 'encryption key (fingerprint)', expected: 'key:5f0c2a9be431', found: 'key:9d81e07c33aa', since: hour(3) },
    { node: 'node3', kind: 'database', what: 'database connection (server, database, user)', expected: 'server 10.231.77.20:5432, database proget, user proget', found: 'server 10.231.77.20:5432, database proget_copy, user proget', since: hour(2) },
    { node: 'node1', kind: 'extensions', what: 'extensions (only here: OnlyHere)', expected: 'Amazon, Azure', found: 'Amazon, Azure, OnlyHere', since: hour(1) },
    { node: 'node3', kind: 'balancer-members', what: 'load balancer member', expected: 'in the balancer', found: 'not in the balancer', since: hour(0.5) },
  ],
  notes: ['node2: warning: Cannot connect to service messenger. Inedo calls the service messenger nonessential; this is not drift.'],
  unreadable: [], noDriftSince: null,
};
const CLEAN: DriftReport = { ...DRIFT, differences: [], notes: [], noDriftSince: hour(26) };

async function main() {
  ensureRendererBuilt();
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await launchChromium();
  const snap = base([up('node1', 11), up('node2', 12), up('node3', 13)]);
  try {
    for (const [name, report] of Object.entries({ drift: DRIFT, clean: CLEAN })) {
      for (const viewport of SIZES) {
        const engine = { healthWatcher: () => ({ watch: async (_ms: number, onSnapshot: (s: ClusterHealthSnapshot) => unknown) => void (await onSnapshot(snap)) }) };
        const s = await openWizard(browser, { harness: { engine }, viewport });
        try {
          await s.harness.host.saveProfile({ name: 'Lab', profile: PROFILE as ClusterProfile, secrets: { 'ssh:n1': 'not-used', db: 'not-used' } });
          await s.page.reload();
          await openSavedProfile(s.page, 'Lab');
          await goToStep(s.page, 'Dashboard');
          await s.page.getByTestId('health-summary').waitFor();
          // The bridge answers drift.check with the chosen report; every other call goes to the harness.
          // A string, not a function: tsx's name helpers do not exist in the page.
          await s.page.evaluate(`(() => {
            const real = window.wizard;
            const report = ${JSON.stringify(report)};
            Object.defineProperty(window, 'wizard', { configurable: true, value: { on: real.on, call: (n, i) => (n === 'drift.check' ? Promise.resolve({ ok: true, value: report }) : real.call(n, i)) } });
          })()`);
          await s.page.getByRole('button', { name: 'Check for drift' }).click();
          await s.page.getByTestId('drift-summary').waitFor();
          await s.page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
          const file = path.join(OUT, `dashboard-drift-${name}-${viewport.width}x${viewport.height}.png`);
          await s.page.screenshot({ path: file, animations: 'disabled', caret: 'hide', fullPage: true });
          await s.page.getByRole('heading', { name: 'Drift', exact: true }).evaluate((h) => h.scrollIntoView({ block: 'start' }));
          await s.page.screenshot({ path: file.replace(/\.png$/, '-panel.png'), animations: 'disabled', caret: 'hide' });
          process.stdout.write(`${file}: ${fs.statSync(file).size} bytes; errors: ${s.pageErrors.map(String).join(' | ') || 'none'}\n`);
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
