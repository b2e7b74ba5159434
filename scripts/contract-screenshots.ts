/**
 * `npx tsx scripts/contract-screenshots.ts [--out DIR]`: two page states that need no lab, through the
 * real harness, engine service and renderer in Chromium, with engine functions faked where a cluster
 * would answer: the dashboard when watching fails (the health reader throws as an unreachable cluster
 * does), and Review after "Export report (HTML)" (the check run and plan are fakes; the report is
 * rendered and saved by the real engine). Each at 1280×800 and 1024×700.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CheckResult } from '../electron/shared/check-types';
import { PROFILE, fakePlan } from '../electron/core/engine/testing/service-fakes';
import type { ClusterProfile } from '../electron/shared/profile';
import type { HarnessOptions } from '../e2e/harness/server';
import { ensureRendererBuilt, launchChromium, openWizard } from '../e2e/wizard/browser';
import { goToStep, openSavedProfile, waitForPage } from '../e2e/wizard/wizard-driver';

const OUT = path.resolve(process.argv[process.argv.indexOf('--out') + 1] ?? '/tmp/contract-shots');
const SIZES = [{ width: 1280, height: 800 }, { width: 1024, height: 700 }];

const result = (id: string, area: CheckResult['area'], target: string, title: string, detail: string): CheckResult => ({ id, title, area, target, status: 'pass', detail, remedy: null, durationMs: 40 });
const RESULTS = [
  result('servers.ssh', 'servers', 'n1', 'SSH login', 'logged in as admin'),
  result('database.login', 'database', 'cluster', 'Database login', 'PostgreSQL 17 at db:5432'),
  result('storage.shared', 'storage', 'cluster', 'Shared storage', 'n1 wrote and read /var/proget/packages'),
];

const ENGINES: Record<string, HarnessOptions['engine']> = {
  dashboard: { healthWatcher: () => ({ watch: () => Promise.reject(new Error('n1 (10.0.0.1:22): SSH connection refused; no node could be asked')) }) },
  review: {
    runChecks: async () => ({ results: RESULTS, summary: { pass: 3, warn: 0, fail: 0, skip: 0 }, startedAt: new Date(), finishedAt: new Date(), handshakes: { n1: 1 }, inventory: [] }),
    createPlan: async () => fakePlan('h'),
  },
};

async function main() {
  ensureRendererBuilt();
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await launchChromium();
  try {
    for (const [name, engine] of Object.entries(ENGINES)) {
      for (const viewport of SIZES) {
        const s = await openWizard(browser, { harness: { engine }, viewport });
        try {
          await s.harness.host.saveProfile({ name: 'Lab', profile: PROFILE as ClusterProfile, secrets: { 'ssh:n1': 'not-used', db: 'not-used' } });
          await s.page.reload();
          await openSavedProfile(s.page, 'Lab');
          if (name === 'dashboard') {
            await goToStep(s.page, 'Dashboard');
            await s.page.getByText('Cannot watch the cluster').waitFor();
          } else {
            await goToStep(s.page, 'Review');
            await waitForPage(s.page, 'Review');
            await s.page.getByRole('button', { name: 'Export report (HTML)' }).click();
            await s.page.getByText(/^Saved /).waitFor();
            const saved = fs.readdirSync(s.harness.host.downloads);
            process.stdout.write(`review: the harness saved ${saved.join(', ')} (${fs.statSync(path.join(s.harness.host.downloads, saved[0]!)).size} bytes)\n`);
          }
          await s.page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
          const file = path.join(OUT, `${name}-${viewport.width}x${viewport.height}.png`);
          await s.page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
          process.stdout.write(`${file}\n`);
          if (s.pageErrors.length) throw new Error(`page errors: ${s.pageErrors.join('; ')}`);
        } finally {
          await s.close();
        }
      }
    }
  } finally {
    await browser.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
