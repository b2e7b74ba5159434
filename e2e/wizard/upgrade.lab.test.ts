/**
 * Issue 14, "Done when": a browser spec walks the upgrade from the dashboard. In Chromium against the real
 * lab (its Docker-style nodes, whose image tag is their version: helper "upgrade-lab"), the real harness
 * and engine (helper "upgrade-run"): the lab's profile (with each node's installer, which the wizard's
 * pages do not ask for: it is set in the profile file) is opened from the saved profiles, applied once so
 * the three nodes are one cluster, and from the dashboard upgraded 2025.14 -> 2026.1, all together. Then
 * every tile says 2026.1 and healthy, and the report is in the reports folder. The database backup goes
 * to the lab's roomy backup folder. Afterwards every node is put back on the lab's version.
 */
import { describe, expect, inject, it } from 'vitest';
import type { ClusterProfile } from '../../electron/shared/profile';
import { injectFault } from '../lab/faults';
import { labProfile } from '../lab/lab-profile';
import { clearSqlServerSchema } from '../lab/schema-version';
import { wizardSuite } from './suite';
import { upgradeFromDashboard } from './upgrade-driver';
import { confirmApply, goToStep, next, openSavedProfile, passReview, readApplyOutcome, waitForHealthyDashboard } from './wizard-driver';

const lab = inject('lab');
// The next spec finds the lab's own version again on every node (the version fault's clear: its compose tag too).
const suite = wizardSuite({
  restore: lab,
  beforeCleanup: async () => {
    for (const n of lab.nodes) await injectFault('version', n.name, { clear: true });
    // The TDS server's databases as the lab made them: no schema yet.
    await clearSqlServerSchema();
  },
});
const FROM = '2025.14';
const TO = '2026.1';

/** The lab's profile with its secrets typed (prompts) instead of read from root-only files. */
function typedProfile(): { profile: ClusterProfile; secrets: Record<string, string> } {
  // SQL Server (the TDS test server): the lab's PostgreSQL is 17 and this machine's pg_dump is 15, which
  // the upgrade's preflight rightly refuses (see e2e/lab/upgrade.lab.test.ts).
  const p = labProfile(lab, 'sqlserver');
  const profile = { ...p, database: { ...p.database, password: { prompt: 'db' } }, apiKey: { prompt: 'api-key' } } as ClusterProfile;
  return { profile, secrets: { db: lab.databases.sqlserver.password, 'api-key': lab.apiKey } };
}

describe('the dashboard upgrades the cluster', () => {
  it(`walks from the dashboard to a cluster upgraded ${FROM} -> ${TO}, all servers together`, async () => {
    const ids = lab.nodes.map((n) => n.name);
    const s = await suite.open({ harness: { keyFile: lab.nodes[0]!.privateKeyPath } });
    const { page } = s;
    const { profile, secrets } = typedProfile();
    expect(profile.nodes.every((n) => n.installer), 'the lab profile names each node’s installer').toBe(true);
    await s.harness.host.saveProfile({ name: 'Lab upgrade', profile, secrets });
    await page.reload();
    await openSavedProfile(page, 'Lab upgrade');
    await goToStep(page, 'Review');
    await passReview(page);
    await confirmApply(page);
    const applied = await readApplyOutcome(page, ids);
    expect(applied.outcome, applied.outcomeText).toBe('Applied');
    await next(page, 'Dashboard');
    const before = await waitForHealthyDashboard(page, ids);
    expect(Object.values(before.tiles).join(' ')).not.toContain(TO);

    const seen = await upgradeFromDashboard(page, { to: TO, backupDir: lab.backups.roomy });
    expect(seen.preflight.some((r) => r.startsWith('Fail')), seen.preflight.join('\n')).toBe(false);
    expect(seen.expected).not.toBe('');
    expect(seen.outcomeKind, seen.outcome).toBe('upgraded');
    expect(seen.outcome).toContain(`Every server runs ${TO}.`);
    expect(seen.steps.filter((x) => x.status !== 'done' && x.status !== 'skipped'), JSON.stringify(seen.steps)).toEqual([]);
    expect(seen.undo).toEqual([]);
    expect(seen.reportPath).toMatch(/The report of this run \(HTML and JSON\) is in .+/);

    await page.getByRole('button', { name: 'Back to the dashboard' }).click();
    const after = await waitForHealthyDashboard(page, ids);
    for (const id of ids) expect(await page.getByTestId(`health-node-${id}`).textContent(), id).toContain(TO);
    expect(Object.keys(after.tiles)).toEqual(ids);
  }, 900_000);
});
