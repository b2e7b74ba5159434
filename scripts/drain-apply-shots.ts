/**
 * `npx tsx scripts/drain-apply-shots.ts [--out DIR]`: the Apply page behind a balancer the wizard drives
 * (issue 13, "drain"), through the real harness, engine service and renderer in Chromium, with the
 * check run, the plan and the apply faked (no lab): while running (node1 back in rotation, node2 being
 * drained) and after it. Each at 1280×800 and 1024×700.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ApplyInput } from '../electron/core/apply/apply';
import type { ApplyReport, ApplyStepName } from '../electron/shared/apply-schema';
import type { CheckResult } from '../electron/shared/check-types';
import { PLAN_SCHEMA_ID, type Plan } from '../electron/shared/plan-schema';
import { ProfileSchema } from '../electron/shared/profile';
import type { HarnessOptions } from '../e2e/harness/server';
import { ensureRendererBuilt, launchChromium, openWizard } from '../e2e/wizard/browser';
import { confirmApply, goToStep, next, openSavedProfile, waitForPage } from '../e2e/wizard/wizard-driver';

const OUT = path.resolve(process.argv[process.argv.indexOf('--out') + 1] ?? '/tmp/drain-shots');
const SIZES = [{ width: 1280, height: 800 }, { width: 1024, height: 700 }];
const IDS = ['node1', 'node2', 'node3'];
const PROFILE = ProfileSchema.parse({
  version: 1, product: 'proget',
  nodes: IDS.map((id, i) => ({ id, host: `10.0.0.${i + 1}`, user: 'admin', os: 'linux', auth: { kind: 'password', password: { prompt: `ssh:${id}` } }, configPath: '/etc/proget/proget.env', serviceCommand: '/usr/local/bin/proget-svc' })),
  database: { kind: 'postgres', connectionString: 'Host=db;Database=proget;Username=proget', password: { prompt: 'db' } },
  storage: { path: '/var/proget/packages' }, loadBalancer: { type: 'haproxy', url: 'http://10.0.0.9', access: { kind: 'haproxy-api', host: '10.0.0.9', port: 9999 } },
});
const PLAN: Plan = {
  schema: PLAN_SCHEMA_ID, tool: { name: 'ha-wizard', version: '0.1.0' }, profile: PROFILE, profileHash: 'h', noChange: false,
  encryptionKey: { decision: 'keep', fingerprint: 'key:abc', reason: 'node1 has it' }, warnings: [], settings: [], loadBalancer: null, manualSteps: [],
  nodes: IDS.map((id, i) => ({ id, host: `10.0.0.${i + 1}`, os: 'linux', configPath: '/etc/proget/proget.env', before: { exists: true, sha256: 'a'.repeat(64), bytes: 10 }, changed: true, diff: '-Timeout=15\n+Timeout=30', secretChangesOnly: false, steps: [] })),
};
const RESULTS: CheckResult[] = [{ id: 'servers.ssh', title: 'SSH login', area: 'servers', target: 'node1', status: 'pass', detail: 'logged in', remedy: null, durationMs: 40 }];
const HOW = 'HAProxy runtime API at 10.0.0.9:9999';
const FULL: ApplyStepName[] = ['backup', 'write', 'drain', 'wait-drained', 'restart', 'wait-healthy', 'resume'];

/** Emits a node's steps up to (not including) `stopAt`; `running` leaves the last one started. */
async function emitNode(input: ApplyInput, id: string, upTo: number, running: boolean): Promise<void> {
  for (const [i, step] of FULL.slice(0, upTo).entries()) {
    await input.onEvent?.({ type: 'apply-step', nodeId: id, step, status: 'started', detail: step });
    if (!(running && i === upTo - 1)) await input.onEvent?.({ type: 'apply-step', nodeId: id, step, status: 'done', detail: step === 'wait-drained' ? 'serves nothing' : step });
  }
}

const report = (): ApplyReport => ({
  status: 'applied', reason: null, settings: [], manualSteps: [], startedAt: new Date().toISOString(), finishedAt: new Date().toISOString(),
  nodes: IDS.map((id) => ({ id, result: 'changed', backupPath: '/etc/proget/proget.env.ha-wizard-20261130T220000Z.bak', steps: FULL.map((step) => ({ step, status: 'done', detail: step })), manual: null })),
});

const ENGINES: Record<string, HarnessOptions['engine']> = {
  running: {
    runChecks: async () => ({ results: RESULTS, summary: { pass: 1, warn: 0, fail: 0, skip: 0 }, startedAt: new Date(), finishedAt: new Date(), handshakes: {}, inventory: [] }),
    createPlan: async () => PLAN,
    applyPlan: async (input) => {
      await input.onEvent?.({ type: 'apply-log', level: 'info', message: `Each server is drained at the balancer (${HOW}) before its restart and put back after its health gate.` });
      await emitNode(input, 'node1', FULL.length, false);
      await emitNode(input, 'node2', 4, true);
      return new Promise<ApplyReport>(() => undefined); // held here for the picture
    },
  },
  done: {
    runChecks: async () => ({ results: RESULTS, summary: { pass: 1, warn: 0, fail: 0, skip: 0 }, startedAt: new Date(), finishedAt: new Date(), handshakes: {}, inventory: [] }),
    createPlan: async () => PLAN,
    applyPlan: async (input) => {
      for (const id of IDS) await emitNode(input, id, FULL.length, false);
      return report();
    },
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
          await s.harness.host.saveProfile({ name: 'Lab', profile: PROFILE, secrets: Object.fromEntries([...IDS.map((id) => [`ssh:${id}`, 'not-used']), ['db', 'not-used']]) });
          await s.page.reload();
          await openSavedProfile(s.page, 'Lab');
          await goToStep(s.page, 'Review');
          await waitForPage(s.page, 'Review');
          await next(s.page, 'Apply');
          await confirmApply(s.page);
          await s.page.getByRole('columnheader', { name: 'Back in rotation' }).waitFor();
          if (name === 'done') await s.page.getByText('Applied', { exact: false }).first().waitFor();
          else await s.page.getByTestId('apply-node-node2').getByText('Running').waitFor();
          await s.page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
          const file = path.join(OUT, `apply-drain-${name}-${viewport.width}x${viewport.height}.png`);
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
