/**
 * `npx tsx scripts/dashboard-actions-screenshots.ts [--out DIR]`: the dashboard's actions (issue 13) in each
 * dialog state, at 1280×800 and 1024×700, through the real harness, engine service and renderer in Chromium.
 * The health reader is a fake (three healthy servers); the calls the engine still refuses until the
 * grow-shrink and drain parts land (balancer.members, node.*, and apply.start of an add plan) are answered in
 * the page by a small stand-in that wraps `window.wizard`, so every state can be seen. Each shot also
 * records whether an open dialog is hidden from assistive technology (aria-hidden), which must never be,
 * and axe-core's serious and critical findings in that state.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { PROFILE } from '../electron/core/engine/testing/service-fakes';
import type { ClusterHealthSnapshot, NodeHealth } from '../electron/shared/health-snapshot';
import type { ClusterProfile } from '../electron/shared/profile';
import { axeViolations } from '../e2e/wizard/axe';
import { ensureRendererBuilt, launchChromium, openWizard } from '../e2e/wizard/browser';
import { goToStep, openSavedProfile, until } from '../e2e/wizard/wizard-driver';

const OUT = path.resolve(process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1]! : '/tmp/dashboard-actions-shots');
const SIZES = [{ width: 1280, height: 800 }, { width: 1024, height: 700 }];

const up = (id: string): NodeHealth => ({
  id, state: 'healthy', url: `http://${id}:8624`, reachable: true, hung: false, httpStatus: 200, healthy: true, version: '2025.14',
  databaseStatus: 'OK', databaseDetail: null, licenseStatus: 'OK', serviceStatus: 'OK', sshOk: true, keyFingerprint: 'SHA256:3q2+7wAbCdEfGh', keyInSync: true, error: null, elapsedMs: 12,
});
const SNAP: ClusterHealthSnapshot = {
  at: new Date().toISOString(), durationMs: 140, summary: 'healthy', nodes: [up('n1'), { ...up('n2'), state: 'unreachable', reachable: false, healthy: false, httpStatus: null, version: null, databaseStatus: null, licenseStatus: null, serviceStatus: null, sshOk: false, keyFingerprint: null, keyInSync: null, error: 'SSH: connection refused (ECONNREFUSED)' }], problems: ['n2: SSH: connection refused (ECONNREFUSED)'], versions: { '2025.14': ['n1'] }, versionsInSync: true, keysInSync: true,
  storage: { ok: true, detail: 'n1 wrote and read the test file', path: '/var/proget/packages', writer: 'n1', seen: ['n1'], notSeen: [], untested: [] },
  database: { reachable: true, detail: 'PostgreSQL 17.10, database proget', elapsedMs: 21 },
  loadBalancer: { url: null, reachable: null, healthy: null, readmitting: false, detail: 'no URL given', elapsedMs: 0 },
};

/** In the page: answers the not-yet-built calls from `window.__fake`, emits their events, passes the rest on. */
function installStandIn(): void {
  type Listener = (p: unknown) => void;
  const w = window as unknown as { wizard: { call(n: string, i: unknown): Promise<unknown>; on(n: string, l: Listener): () => void }; __fake: Record<string, unknown>; __emit(n: string, p: unknown): void };
  const real = w.wizard;
  const listeners = new Map<string, Set<Listener>>();
  const emit = (name: string, payload: unknown) => listeners.get(name)?.forEach((l) => l(payload));
  w.__emit = emit;
  const ok = (value: unknown) => ({ ok: true, value });
  const fake = () => w.__fake;
  w.wizard = {
    async call(name, input) {
      const i = input as { runId?: string; planId?: string; leaveDataBehind?: boolean; node?: unknown };
      if (name === 'balancer.members') return ok(fake().members);
      if (name === 'node.drain' || name === 'node.resume') return ok(fake().rotation);
      if (name === 'node.checkAdd') {
        setTimeout(() => {
          const results = fake().checkResults as unknown[];
          for (const result of results) emit('checks.event', { runId: i.runId, event: { type: 'check-finished', result } });
          const at = new Date().toISOString();
          emit('checks.done', { runId: i.runId, ok: true, output: { results, summary: { pass: results.length, warn: 0, fail: 0, skip: 0 }, startedAt: at, finishedAt: at, handshakes: {}, inventory: [] } });
        }, 300);
        return ok({ started: true });
      }
      if (name === 'node.planAdd') return ok(i.leaveDataBehind ? fake().planLeft : fake().planRefused);
      if ((name === 'apply.start' && i.planId === 'plan-add-n3') || name === 'node.remove') {
        const steps = (name === 'node.remove' ? fake().removeSteps : fake().addSteps) as [string | null, string, string][];
        setTimeout(() => {
          for (const [nodeId, step, detail] of steps) emit('apply.event', { runId: i.runId, event: { type: 'apply-step', nodeId, step, status: 'done', detail } });
          const at = new Date().toISOString();
          const manualSteps = name === 'node.remove' ? fake().removeManual : fake().addManual;
          emit('apply.done', { runId: i.runId, ok: true, report: { status: 'applied', reason: null, nodes: [], settings: [], manualSteps, startedAt: at, finishedAt: at } });
        }, 300);
        return ok({ started: true });
      }
      return real.call(name, input);
    },
    on(name, listener) {
      const set = listeners.get(name) ?? new Set<Listener>();
      set.add(listener);
      listeners.set(name, set);
      const off = real.on(name, listener);
      return () => {
        set.delete(listener);
        off();
      };
    },
  };
}

const member = (node: string, state: string, activeSessions: number | null = 0) => ({ node, state, activeSessions, detail: `${node} ${state}` });
const FAKE = {
  members: { driven: true, how: 'HAProxy runtime API at 10.231.77.30:9999', members: [member('n1', 'drain', 3)], manual: [] },
  rotation: {
    driven: false, how: 'no access to the balancer is set up', members: [],
    manual: [{ title: 'On the HAProxy host, take n1 out of rotation', detail: 'echo "set server proget_nodes/n1 state drain" | socat stdio /run/haproxy/admin.sock', url: null }],
  },
  checkResults: [
    { id: 'server.login', title: 'SSH login', area: 'servers', target: 'n3', status: 'pass', detail: 'Logged in as admin', remedy: null, durationMs: 120 },
    { id: 'server.version', title: 'Product version', area: 'servers', target: 'n3', status: 'pass', detail: 'ProGet 2025.14, as on n1', remedy: null, durationMs: 40 },
    { id: 'storage.shared', title: 'Shared storage', area: 'storage', target: 'cluster', status: 'pass', detail: 'n3 reads the file n1 wrote', remedy: null, durationMs: 300 },
    { id: 'database.login-node', title: 'Database from this server', area: 'database', target: 'n3', status: 'pass', detail: 'n3 reaches PostgreSQL at db:5432', remedy: null, durationMs: 80 },
  ],
  planRefused: { planId: null, plan: null, licenceNote: null, refused: 'n3 has a database of its own (proget_n3 on db:5432) and an encryption key of its own: adding it would leave what it holds behind.' },
  planLeft: null as unknown,
  addSteps: [['n3', 'backup', ''], ['n3', 'write', ''], ['n3', 'restart', ''], ['n3', 'wait-healthy', '/health OK after 14 s'], [null, 'balancer', 'n3 added to proget_nodes after its /health was OK']],
  // What the engine leaves by hand after a change through HAProxy's runtime API, which a reload forgets.
  addManual: [{ title: 'Put n3 in haproxy.cfg', detail: 'The wizard adds n3 through HAProxy\'s runtime API, which HAProxy forgets at its next reload: install the generated configuration (it lists n3) before you next reload HAProxy.', url: null }],
  removeManual: [{ title: 'Take n2 out of haproxy.cfg', detail: 'The wizard removed n2 through HAProxy\'s runtime API, which HAProxy forgets at its next reload: install the generated configuration (without n2) before you next reload HAProxy.', url: null }],
  removeSteps: [['n2', 'drain', ''], ['n2', 'wait-drained', 'no requests after 12 s'], ['n2', 'stop', ''], [null, 'balancer', 'n2 taken out of proget_nodes'], ['n2', 'backup', 'kept /etc/proget.env.ha-wizard-backup']],
};

function planLeft(profile: ClusterProfile) {
  return {
    planId: 'plan-add-n3', refused: null, licenceNote: 'This is the sixth server: ProGet Enterprise allows five servers per instance by default. Ask Inedo for a licence that allows more.',
    plan: {
      schema: 'ha-wizard/plan@1', tool: { name: 'ha-wizard', version: '0.1.0' }, profile, profileHash: 'add', noChange: false,
      encryptionKey: { decision: 'keep', fingerprint: 'SHA256:3q2+7wAbCdEfGh', reason: 'the cluster’s key' }, settings: [], loadBalancer: null, manualSteps: [],
      warnings: [{ kind: 'database-moved', nodeId: 'n3', host: 'n3.corp', currentDatabase: { server: 'db:5432', name: 'proget_n3' }, sharedDatabase: { server: 'db:5432', name: 'proget' } }],
      nodes: [{
        id: 'n3', host: 'n3.corp', os: 'linux', configPath: '/etc/proget.env', before: { exists: true, sha256: 'a'.repeat(64), bytes: 120 }, changed: true, secretChangesOnly: false,
        diff: '--- /etc/proget.env\n+++ /etc/proget.env\n-PROGET_SQL_CONNECTION_STRING=Host=db;Database=proget_n3;Password=********\n+PROGET_SQL_CONNECTION_STRING=Host=db;Database=proget;Password=********\n-PROGET_ENCRYPTION_KEY=********\n+PROGET_ENCRYPTION_KEY=********',
        steps: [{ kind: 'backup', description: 'Back up /etc/proget.env' }, { kind: 'write', description: 'Write the cluster’s database, key and storage' }, { kind: 'restart', description: 'Restart the service and wait for /health' }],
      }],
    },
  };
}

async function shot(page: Page, name: string, viewport: { width: number; height: number }, log: string[]) {
  await page.evaluate(() => (document.activeElement instanceof HTMLElement && !document.activeElement.closest('[role=dialog]') ? document.activeElement.blur() : undefined));
  await page.waitForTimeout(250);
  const hidden = await page.locator('[role=dialog][aria-hidden=true], [role=alertdialog][aria-hidden=true]').count();
  const file = path.join(OUT, `${name}-${viewport.width}x${viewport.height}.png`);
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  // axe's serious and critical findings in this state (Fluent's known faults excused, as the accessibility spec does).
  const axe = await axeViolations(page);
  log.push(`${file}: dialogs hidden from assistive technology: ${hidden}; axe: ${axe.length ? JSON.stringify(axe) : 'clean'}`);
}

async function main() {
  ensureRendererBuilt();
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await launchChromium();
  const log: string[] = [];
  try {
    for (const viewport of SIZES) {
      const engine = { healthWatcher: () => ({ watch: async (_ms: number, onSnapshot: (s: ClusterHealthSnapshot) => unknown) => void (await onSnapshot({ ...SNAP, at: new Date().toISOString() })) }) };
      const s = await openWizard(browser, { harness: { engine }, viewport });
      try {
        const profile = PROFILE as ClusterProfile;
        await s.harness.host.saveProfile({ name: 'Lab', profile, secrets: { 'ssh:n1': 'not-used', db: 'not-used' } });
        await s.page.reload();
        // tsx keeps function names with a `__name` helper the page does not have.
        await s.page.evaluate('window.__name = (f) => f');
        await s.page.evaluate(installStandIn);
        await s.page.evaluate((f) => ((window as unknown as { __fake: unknown }).__fake = f), { ...FAKE, planLeft: planLeft(profile) });
        await openSavedProfile(s.page, 'Lab');
        await goToStep(s.page, 'Dashboard');
        const page = s.page;
        await page.getByTestId('balancer-state-n1').waitFor();
        await shot(page, '1-dashboard-balancer-state', viewport, log);

        await page.getByRole('button', { name: 'Put back in rotation (n1)' }).click();
        await page.getByTestId('rotation-note').waitFor();
        await shot(page, '2-rotation-manual-steps', viewport, log);

        await page.getByRole('button', { name: 'Add a server…' }).click();
        const add = page.getByRole('dialog', { name: 'Add a server to the cluster' });
        await add.waitFor();
        await add.getByRole('textbox', { name: 'Host name or IP address', exact: true }).fill('n3.corp');
        await add.getByRole('textbox', { name: 'User', exact: true }).fill('admin');
        await add.getByRole('textbox', { name: 'Password', exact: true }).fill('not-used');
        await add.getByRole('textbox', { name: 'Service command', exact: true }).fill('/usr/local/bin/proget-service');
        await add.getByRole('button', { name: 'Advanced' }).click();
        await add.getByRole('textbox', { name: 'Name in the wizard', exact: true }).fill('n3');
        await shot(page, '3-add-details', viewport, log);
        await add.getByRole('button', { name: 'Check this server' }).click();
        await until(async () => add.getByRole('button', { name: 'Show the plan' }).isEnabled(), 'the checks', 10_000);
        await shot(page, '4-add-checked', viewport, log);
        await add.getByRole('button', { name: 'Show the plan' }).click();
        await add.getByTestId('add-refused').waitFor();
        await shot(page, '5-add-refused', viewport, log);
        await add.getByRole('checkbox', { name: 'Leave its data behind' }).check();
        await add.getByTestId('add-licence-note').waitFor();
        await shot(page, '6-add-plan-left-behind-licence', viewport, log);
        await add.getByRole('button', { name: 'Add n3', exact: true }).click();
        await add.getByTestId('add-outcome').waitFor();
        await shot(page, '7-add-done', viewport, log);
        await add.getByRole('button', { name: 'Back to the dashboard' }).click();
        await add.waitFor({ state: 'hidden' });

        await page.getByRole('button', { name: 'Remove from the cluster… (n1)' }).click();
        const remove = page.getByRole('dialog', { name: 'Remove n1 from the cluster?' });
        await remove.waitFor();
        // n1 is the only healthy server in this snapshot: refused.
        await remove.getByTestId('remove-last-refused').waitFor();
        await shot(page, '8-remove-last-refused', viewport, log);
        await remove.getByRole('button', { name: 'Cancel' }).click();
        await remove.waitFor({ state: 'hidden' });
        await page.getByRole('button', { name: 'Remove from the cluster… (n2)' }).click();
        const remove2 = page.getByRole('dialog', { name: 'Remove n2 from the cluster?' });
        await remove2.waitFor();
        await shot(page, '9-remove-confirm', viewport, log);
        await remove2.getByRole('button', { name: 'Remove n2', exact: true }).click();
        await remove2.getByTestId('remove-outcome').waitFor();
        await shot(page, '10-remove-done', viewport, log);
        log.push(`page errors: ${s.pageErrors.length} ${s.pageErrors.join(' | ')}`);
      } finally {
        await s.close();
      }
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(`${log.join('\n')}\n`);
}

void main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
