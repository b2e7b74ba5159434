/**
 * The upgrade plan: byte for byte against __golden__/<case>.json for a 3-server coordinated plan (Windows,
 * SQL Server, 2025 -> 2026) and a 3-server rolling plan (Docker Compose, PostgreSQL, a maintenance
 * release); regenerate with UPDATE_GOLDEN=1 and review. Then the order, the ids, the undo texts and the
 * absence of secrets, each on its own.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeId, type ClusterProfile } from '../../shared/profile';
import { upgradePath } from '../../shared/upgrade-paths';
import { UpgradePlanSchema, type UpgradeMode, type UpgradePlan } from '../../shared/upgrade-schema';
import { fakeDatabase, fakeUpgrader, linuxProfile, windowsProfile } from './testing/plan-fakes';
import { MASK, Redactor } from '../secrets';
import { buildUpgradePlan } from './upgrade-plan';

const goldenDir = join(__dirname, '__golden__');

function plan(profile: ClusterProfile, from: string, to: string, mode: UpgradeMode, over: { balancerDriven?: boolean; backupDir?: string } = {}): UpgradePlan {
  const path = upgradePath(from, to);
  if (!path.allowed) throw new Error(path.reason);
  const linux = profile.nodes[0]!.os === 'linux';
  return buildUpgradePlan({
    profile, from, to, mode, path, backupDir: over.backupDir ?? (linux ? '/var/backups/ha-wizard' : 'D:\\Backups\\ha-wizard'),
    upgraders: profile.nodes.map((n) => fakeUpgrader(nodeId(n), linux ? { describe: () => `Docker Compose service proget in /opt/proget/compose.yaml on ${nodeId(n)}` } : {})),
    database: linux ? fakeDatabase({ describe: (dir) => `pg_dump of proget into ${dir}/proget.dump on n1` }) : fakeDatabase(),
    balancerDriven: over.balancerDriven ?? true,
  });
}

const coordinated = () => plan(windowsProfile(), '2025.14', '2026.1', 'coordinated');
const rolling = () => plan(linuxProfile(), '2025.14', '2025.20', 'rolling', { balancerDriven: true });

describe('buildUpgradePlan: golden plans', () => {
  it.each([
    { name: 'coordinated-3-windows-sqlserver', make: coordinated },
    { name: 'rolling-3-docker-postgres', make: rolling },
  ])('$name matches its golden file and the plan schema', ({ name, make }) => {
    const p = make();
    expect(UpgradePlanSchema.parse(p)).toEqual(p);
    const text = `${JSON.stringify(p, null, 2)}\n`;
    const file = join(goldenDir, `${name}.json`);
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(goldenDir, { recursive: true });
      writeFileSync(file, text);
    }
    expect(existsSync(file), `missing ${file}: run the tests with UPDATE_GOLDEN=1`).toBe(true);
    expect(text).toBe(readFileSync(file, 'utf8'));
    // Stable: the same input gives the same bytes (no time, no random).
    expect(`${JSON.stringify(make(), null, 2)}\n`).toBe(text);
  });
});

describe('buildUpgradePlan: order', () => {
  it('coordinated: backups and their proof, maintenance, every stop, the first server with its schema, then the others, sync, reopen', () => {
    expect(coordinated().steps.map((s) => s.id)).toEqual([
      'backup-database', 'backup-config:n1', 'backup-extensions:n1', 'backup-config:n2', 'backup-extensions:n2', 'backup-config:n3', 'backup-extensions:n3',
      'verify-backups', 'balancer-maintenance', 'stop:n1', 'stop:n2', 'stop:n3',
      'install:n1', 'upgrade-schema:n1', 'start:n1', 'wait-healthy:n1',
      'install:n2', 'start:n2', 'wait-healthy:n2', 'install:n3', 'start:n3', 'wait-healthy:n3',
      'check-sync', 'balancer-reopen',
    ]);
  });

  it('coordinated without a schema change has no upgrade-schema step', () => {
    const p = plan(windowsProfile(), '2025.14', '2025.20', 'coordinated');
    expect(p.steps.some((s) => s.kind === 'upgrade-schema')).toBe(false);
    expect(p.steps.map((s) => s.id)).toContain('install:n1');
  });

  it('rolling: backups and their proof, then each server drained, stopped, installed, started, healthy, resumed; then sync', () => {
    const perNode = (n: string) => ['drain', 'stop', 'install', 'start', 'wait-healthy', 'resume'].map((k) => `${k}:${n}`);
    expect(rolling().steps.map((s) => s.id)).toEqual([
      'backup-database', 'backup-config:n1', 'backup-extensions:n1', 'backup-config:n2', 'backup-extensions:n2', 'backup-config:n3', 'backup-extensions:n3',
      'verify-backups', ...perNode('n1'), ...perNode('n2'), ...perNode('n3'), 'check-sync',
    ]);
    expect(rolling().steps.some((s) => s.kind === 'balancer-maintenance' || s.kind === 'upgrade-schema')).toBe(false);
  });

  it('ids are unique, name their server, and the kind is the id’s first part', () => {
    for (const p of [coordinated(), rolling()]) {
      expect(new Set(p.steps.map((s) => s.id)).size).toBe(p.steps.length);
      for (const s of p.steps) expect(s.id).toBe(s.nodeId === null ? s.kind : `${s.kind}:${s.nodeId}`);
    }
  });

  it('no server stops before every backup is verified', () => {
    for (const p of [coordinated(), rolling()]) {
      const ids = p.steps.map((s) => s.id);
      const verify = ids.indexOf('verify-backups');
      expect(verify).toBeGreaterThan(ids.lastIndexOf('backup-extensions:n3'));
      expect(ids.findIndex((id) => id.startsWith('stop:') || id.startsWith('drain:'))).toBeGreaterThan(verify);
    }
  });
});

describe('buildUpgradePlan: what each step runs and how it is undone', () => {
  const byId = (p: UpgradePlan) => Object.fromEntries(p.steps.map((s) => [s.id, s]));

  it('Windows: Inedo Hub with the target, SQL Server says so; undone by reinstalling the old version and putting the files back', () => {
    const s = byId(coordinated());
    expect(s['install:n1']!.text).toContain('"C:\\Program Files\\Inedo Hub\\hub.exe" install ProGet:2026.1 --IsUpgrade=true --UsePostgres=false');
    expect(s['install:n1']!.undo).toContain('install ProGet:2025.14 --IsUpgrade=true');
    expect(s['install:n1']!.undo).toMatch(/byte for byte from the backup/);
    expect(s['install:n2']!.text).toContain('hub.exe install ProGet:2026.1');
    expect(s['stop:n2']!.text).toContain('Stop-Service INEDOPROGETSVC');
    expect(s['stop:n2']!.undo).toContain('Start-Service INEDOPROGETSVC');
    expect(s['upgrade-schema:n1']!.text).toContain('ProGet.exe upgradedb');
    expect(s['wait-healthy:n1']!.text).toContain('http://10.0.0.1:8624/health OK at version 2026.1');
  });

  it('Docker Compose: the image tag, undone by the old container again', () => {
    const s = byId(rolling());
    expect(s['install:n2']!.text).toContain('image tag of proget in /opt/proget/compose.yaml to 2025.20');
    expect(s['install:n2']!.undo).toMatch(/image tag back to 2025.14 and start the old container again/);
    expect(s['start:n2']!.text).toContain('docker compose -f /opt/proget/compose.yaml up -d proget');
    expect(s['drain:n2']!.undo).toMatch(/back in the balancer's rotation/);
    expect(s['install:n2']!.text).not.toContain('UsePostgres');
  });

  it('the schema step’s undo follows the rule table: a restore from 2024, none from 2025', () => {
    const from2024 = byId(plan(windowsProfile(), '2024.30', '2025.3', 'coordinated'))['upgrade-schema:n1']!;
    expect(from2024.undo).toMatch(/restore the database from the backup/);
    const from2025 = byId(coordinated())['upgrade-schema:n1']!;
    expect(from2025.undo).toMatch(/Nothing to restore: 2025.14 can read 2026.1's schema/);
  });

  it('every step that changes something says how it is undone; backups and checks have nothing to undo', () => {
    for (const p of [coordinated(), rolling()]) {
      for (const s of p.steps) {
        const changes = ['balancer-maintenance', 'drain', 'stop', 'install', 'upgrade-schema', 'start', 'resume'].includes(s.kind);
        expect(s.undo === null, s.id).toBe(!changes);
        expect(s.text.length, s.id).toBeGreaterThan(20);
      }
    }
  });
});

describe('buildUpgradePlan: backups, expectations, warnings', () => {
  it('lists every backup and where it goes', () => {
    expect(coordinated().backups).toEqual([
      { what: 'database', nodeId: null, path: 'D:\\Backups\\ha-wizard' },
      ...['n1', 'n2', 'n3'].flatMap((n) => [{ what: 'config', nodeId: n, path: 'D:\\Backups\\ha-wizard' }, { what: 'extensions', nodeId: n, path: 'D:\\Backups\\ha-wizard' }]),
    ]);
  });

  it('coordinated expects an outage until the balancer reopens; rolling a window of two versions', () => {
    expect(coordinated().expected).toMatch(/^Users have no ProGet from the moment the first server stops until the balancer reopens/);
    expect(rolling().expected).toMatch(/^No outage: .* 2025.14 and 2025.20 serve side by side from the moment n1 is back in rotation on 2025.20 until n3 is/);
  });

  it('warns that going back from 2024 loses changes, and when the balancer is the admin’s to drive', () => {
    expect(plan(windowsProfile(), '2024.30', '2025.3', 'coordinated').warnings.join('\n')).toMatch(/database restored .* would be lost/);
    expect(coordinated().warnings.join('\n')).not.toMatch(/database restored/);
    const manual = plan(windowsProfile(), '2025.14', '2026.1', 'coordinated', { balancerDriven: false });
    expect(manual.warnings.join('\n')).toMatch(/cannot drive the HAProxy balancer/);
    expect(manual.steps.find((s) => s.id === 'balancer-maintenance')!.text).toMatch(/^You put the HAProxy balancer in maintenance/);
  });

  it('holds no secret and no sign-in: no connection string, no password or key reference', () => {
    for (const [p, profile] of [[coordinated(), windowsProfile()], [rolling(), linuxProfile()]] as const) {
      const json = JSON.stringify(p);
      expect(json).not.toContain(profile.database.connectionString);
      for (const bit of ['PROGET_DB_PASSWORD', 'ssh:n1', 'id_ed25519', 'Password', 'User ID', 'User Id', 'proget_svc']) expect(json).not.toContain(bit);
    }
  });

  it('masks the run’s secrets in the ports’ descriptions', () => {
    const secret = 'Mix"ed\'Quote;Secret';
    const redactor = new Redactor();
    redactor.add(secret);
    const profile = windowsProfile();
    const path = upgradePath('2025.14', '2026.1');
    if (!path.allowed) throw new Error(path.reason);
    const p = buildUpgradePlan({
      profile, from: '2025.14', to: '2026.1', mode: 'coordinated', path, backupDir: 'D:\\b', balancerDriven: true, redactor,
      upgraders: profile.nodes.map((n) => fakeUpgrader(nodeId(n), { describe: () => `hub.exe as admin:${secret}` })),
      database: fakeDatabase({ describe: () => `BACKUP DATABASE with Password=${secret}` }),
    });
    const json = JSON.stringify(p);
    expect(json).not.toContain(JSON.stringify(secret).slice(1, -1));
    expect(p.nodes[0]!.installer).toBe(`hub.exe as admin:${MASK}`);
    expect(p.steps[0]!.text).toContain(`Password=${MASK}`);
  });
});
