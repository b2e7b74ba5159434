/**
 * The upgrade's preflight with fake servers, database and health: a good cluster passes every item, and
 * each item fails (or warns) on its own input while the others stay as they were.
 */
import { describe, expect, it } from 'vitest';
import type { UpgradePreflightItem } from '../../shared/contract';
import { nodeId, type ClusterProfile } from '../../shared/profile';
import { GiB, fakeDatabase, fakeUpgrader, linuxProfile, snapshotOf, windowsProfile, type NodeLook } from './testing/plan-fakes';
import { MIN_NODE_BACKUP_BYTES, runUpgradePreflight, type PreflightDeps } from './upgrade-preflight';
import type { NodeUpgrader } from './upgrade-ports';

const IDS = ['n1', 'n2', 'n3'];

function deps(over: Partial<PreflightDeps> & { looks?: NodeLook[]; upgraderOver?: Record<string, Partial<NodeUpgrader>> } = {}): PreflightDeps {
  const profile: ClusterProfile = over.profile ?? windowsProfile();
  const looks = over.looks ?? profile.nodes.map((n) => ({ id: nodeId(n) }));
  return {
    profile, to: '2026.1', mode: 'coordinated', backupDir: 'D:\\Backups\\ha-wizard', balancerDriven: true,
    upgraders: profile.nodes.map((n) => fakeUpgrader(nodeId(n), over.upgraderOver?.[nodeId(n)])),
    database: fakeDatabase(),
    readHealth: () => Promise.resolve(snapshotOf(looks)),
    ...over,
  };
}

const byId = (items: UpgradePreflightItem[]) => Object.fromEntries(items.map((i) => [i.id, i]));
const notPassing = (items: UpgradePreflightItem[]) => items.filter((i) => i.status !== 'pass').map((i) => `${i.id}:${i.status}`);

describe('runUpgradePreflight', () => {
  it('a healthy cluster on one version with everything in place passes every item', async () => {
    const r = await runUpgradePreflight(deps());
    expect(notPassing(r.items)).toEqual([]);
    expect(r.from).toBe('2025.14');
    expect(r.path).toMatchObject({ allowed: true, schemaChanges: true, rolling: false });
    expect(r.items.map((i) => i.id)).toEqual([
      'healthy:n1', 'healthy:n2', 'healthy:n3', 'same-version', 'path', 'balancer', 'database-login', 'database-space',
      'backup-space:n1', 'installer:n1', 'backup-space:n2', 'installer:n2', 'backup-space:n3', 'installer:n3',
    ]);
    // Ids are unique and every per-server item names its server.
    expect(new Set(r.items.map((i) => i.id)).size).toBe(r.items.length);
    for (const i of r.items.filter((x) => x.id.includes(':'))) expect(i.nodeId).toBe(i.id.split(':')[1]);
  });

  it('a server that is not healthy fails its own item only, in words', async () => {
    const r = await runUpgradePreflight(deps({ looks: [{ id: 'n1' }, { id: 'n2', state: 'service-stopped', version: '2025.14' }, { id: 'n3' }] }));
    expect(notPassing(r.items)).toEqual(['healthy:n2:fail']);
    expect(byId(r.items)['healthy:n2']!.detail).toMatch(/service is not running/);
  });

  it('servers on different versions: fail naming who runs what, and the path is not judged', async () => {
    const r = await runUpgradePreflight(deps({ looks: [{ id: 'n1' }, { id: 'n2', version: '2026.1' }, { id: 'n3' }] }));
    const same = byId(r.items)['same-version']!;
    expect(same.status).toBe('fail');
    expect(same.detail).toContain('n1, n3 on 2025.14; n2 on 2026.1');
    expect(r.from).toBeNull();
    expect(r.path).toBeNull();
    expect(byId(r.items).path!.status).toBe('fail');
  });

  it('a version /health did not give fails the same-version item, naming the server', async () => {
    const r = await runUpgradePreflight(deps({ looks: [{ id: 'n1' }, { id: 'n2' }, { id: 'n3', version: null }] }));
    expect(byId(r.items)['same-version']!.detail).toMatch(/n3 could not be read/);
  });

  it('reads "2025.14 (Build 7)" as 2025.14', async () => {
    const r = await runUpgradePreflight(deps({ looks: IDS.map((id) => ({ id, version: '2025.14 (Build 7)' })) }));
    expect(r.from).toBe('2025.14');
  });

  it('a target not newer, or a skipped year: the path fails with the rule table’s reason', async () => {
    const older = await runUpgradePreflight(deps({ to: '2025.2' }));
    expect(notPassing(older.items)).toEqual(['path:fail']);
    expect(byId(older.items).path!.detail).toMatch(/rollback/);
    const skip = await runUpgradePreflight(deps({ to: '2026.1', looks: IDS.map((id) => ({ id, version: '2024.30' })) }));
    expect(byId(skip.items).path!.detail).toMatch(/newest 2025 release first/);
    expect(skip.path).toMatchObject({ allowed: false });
  });

  it('rolling asked across a schema change: fails saying the coordinated upgrade is needed', async () => {
    const r = await runUpgradePreflight(deps({ mode: 'rolling' }));
    expect(notPassing(r.items)).toEqual(['mode:fail']);
    expect(byId(r.items).mode!.detail).toMatch(/Choose the coordinated upgrade/);
  });

  it('rolling with a single server fails: nothing would serve meanwhile', async () => {
    const profile = { ...windowsProfile() };
    profile.nodes = profile.nodes.slice(0, 1);
    const r = await runUpgradePreflight(deps({ profile, mode: 'rolling', to: '2025.20' }));
    expect(notPassing(r.items)).toEqual(['mode:fail']);
    expect(byId(r.items).mode!.detail).toMatch(/one server/);
  });

  it('rolling on a maintenance release passes', async () => {
    const r = await runUpgradePreflight(deps({ mode: 'rolling', to: '2025.20' }));
    expect(notPassing(r.items)).toEqual([]);
    expect(byId(r.items).mode!.status).toBe('pass');
  });

  it('rolling without a balancer the wizard can drive fails saying why; coordinated only warns', async () => {
    const rolling = await runUpgradePreflight(deps({ mode: 'rolling', to: '2025.20', balancerDriven: false }));
    expect(notPassing(rolling.items)).toEqual(['balancer:fail']);
    expect(byId(rolling.items).balancer!.detail).toMatch(/out of the balancer’s rotation before stopping it/);
    const coordinated = await runUpgradePreflight(deps({ balancerDriven: false }));
    expect(notPassing(coordinated.items)).toEqual(['balancer:warn']);
  });

  it('a database login that may not change the schema fails', async () => {
    const r = await runUpgradePreflight(deps({ database: fakeDatabase({ preflight: () => Promise.resolve({ canChangeSchema: false, databaseBytes: GiB, freeBytes: 9 * GiB, detail: 'proget_svc has db_datareader, db_datawriter.' }) }) }));
    expect(notPassing(r.items)).toEqual(['database-login:fail']);
    expect(byId(r.items)['database-login']!.detail).toMatch(/db_owner/);
  });

  it('room for the database backup: fail when smaller than the database, warn when unknown', async () => {
    const small = await runUpgradePreflight(deps({ database: fakeDatabase({ preflight: () => Promise.resolve({ canChangeSchema: true, databaseBytes: 4 * GiB, freeBytes: 3 * GiB, detail: '' }) }) }));
    expect(notPassing(small.items)).toEqual(['database-space:fail']);
    expect(byId(small.items)['database-space']!.detail).toMatch(/4\.0 GB but only 3\.0 GB/);
    const unknown = await runUpgradePreflight(deps({ database: fakeDatabase({ preflight: () => Promise.resolve({ canChangeSchema: true, databaseBytes: 4 * GiB, freeBytes: null, detail: '' }) }) }));
    expect(notPassing(unknown.items)).toEqual(['database-space:warn']);
  });

  it('a database that cannot be asked fails both database items with why', async () => {
    const r = await runUpgradePreflight(deps({ database: fakeDatabase({ preflight: () => Promise.reject(new Error('login failed for proget_svc')) }) }));
    expect(notPassing(r.items)).toEqual(['database-login:fail', 'database-space:fail']);
    expect(byId(r.items)['database-login']!.detail).toMatch(/login failed/);
  });

  it('too little room on one server for its backups fails that server only', async () => {
    const r = await runUpgradePreflight(deps({ upgraderOver: { n3: { freeBytes: () => Promise.resolve(MIN_NODE_BACKUP_BYTES - 1) } } }));
    expect(notPassing(r.items)).toEqual(['backup-space:n3:fail']);
    expect(byId(r.items)['backup-space:n3']!.detail).toMatch(/D:\\Backups\\ha-wizard on n3/);
  });

  it('an installer that cannot obtain the target fails with its own words', async () => {
    const r = await runUpgradePreflight(deps({ upgraderOver: { n2: { canInstall: () => Promise.resolve({ ok: false, detail: 'hub.exe was not found at C:\\Program Files\\Inedo Hub\\hub.exe.' }) } } }));
    expect(notPassing(r.items)).toEqual(['installer:n2:fail']);
    expect(byId(r.items)['installer:n2']!.detail).toMatch(/hub.exe was not found/);
  });

  it('an installer that records another version than the server answers with fails (a rollback would reinstall the wrong one)', async () => {
    const r = await runUpgradePreflight(deps({ upgraderOver: { n1: { installedVersion: () => Promise.resolve('2025.13') } } }));
    expect(notPassing(r.items)).toEqual(['installer:n1:fail']);
    expect(byId(r.items)['installer:n1']!.detail).toMatch(/records 2025.13 but the server answers as 2025.14/);
    // A record the wizard cannot read as a version is not judged.
    const odd = await runUpgradePreflight(deps({ upgraderOver: { n1: { installedVersion: () => Promise.resolve('latest') } } }));
    expect(notPassing(odd.items)).toEqual([]);
  });

  it('a Linux server without an installer in its profile fails saying how to add one, without asking it', async () => {
    const profile = linuxProfile(false);
    const d = deps({ profile, backupDir: '/var/backups/ha-wizard' });
    const r = await runUpgradePreflight(d);
    expect(notPassing(r.items)).toEqual(['installer:n1:fail', 'installer:n2:fail', 'installer:n3:fail']);
    expect(byId(r.items)['installer:n1']!.detail).toMatch(/Docker Compose file and the service/);
    for (const u of d.upgraders) expect((u as ReturnType<typeof fakeUpgrader>).calls.some((c) => c.startsWith('canInstall'))).toBe(false);
    const withInstaller = await runUpgradePreflight(deps({ profile: linuxProfile(true), backupDir: '/var/backups/ha-wizard' }));
    expect(notPassing(withInstaller.items)).toEqual([]);
  });

  it('one failing server does not hide the others: a throw and a silence each fail their own items', async () => {
    const r = await runUpgradePreflight(deps({
      timeoutMs: 200,
      upgraderOver: {
        n1: { freeBytes: () => Promise.reject(new Error('SFTP session closed')), canInstall: () => Promise.reject(new Error('SFTP session closed')) },
        n2: { canInstall: () => new Promise(() => undefined) },
      },
    }));
    expect(notPassing(r.items)).toEqual(['backup-space:n1:fail', 'installer:n1:fail', 'installer:n2:fail']);
    expect(byId(r.items)['installer:n1']!.detail).toMatch(/SFTP session closed/);
    expect(byId(r.items)['installer:n2']!.detail).toMatch(/n2 gave no answer within 200 ms/);
    expect(byId(r.items)['installer:n3']!.status).toBe('pass');
  });

  it('asks every server at once, not one after another', async () => {
    let inFlight = 0;
    let most = 0;
    const slow = () => {
      inFlight++;
      most = Math.max(most, inFlight);
      return new Promise<{ ok: boolean; detail: string }>((res) => setTimeout(() => { inFlight--; res({ ok: true, detail: 'ok' }); }, 30));
    };
    await runUpgradePreflight(deps({ upgraderOver: Object.fromEntries(IDS.map((id) => [id, { canInstall: slow }])) }));
    expect(most).toBe(3);
  });

  it('a health check that cannot run fails, and the path is not judged', async () => {
    const r = await runUpgradePreflight(deps({ readHealth: () => Promise.reject(new Error('no server answered')) }));
    expect(notPassing(r.items)).toEqual(['health:fail', 'same-version:fail', 'path:fail']);
    expect(r.from).toBeNull();
  });

  it('a server missing from the health round fails', async () => {
    const r = await runUpgradePreflight(deps({ looks: [{ id: 'n1' }, { id: 'n2' }] }));
    expect(notPassing(r.items)).toContain('healthy:n3:fail');
  });
});
