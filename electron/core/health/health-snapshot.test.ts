/** The cluster verdicts drawn from per-node readings, and the round tools, without any server. */
import { describe, expect, it } from 'vitest';
import type { DatabaseProbe } from '../database/database-probe';
import { describeDatabaseProbe, groupVersions, markKeys, nodeState, readmitting, redactDeep, storageVerdict, summarize, versionsAgree } from './health-snapshot';
import { mapBounded, settleBy, sleep } from './round-tools';

const node = (id: string, o: Partial<Parameters<typeof summarize>[0]['nodes'][number]> = {}) => ({
  id, state: 'healthy' as const, url: `http://${id}:8624`, reachable: true, hung: false, httpStatus: 200, healthy: true, version: '2025.14', databaseStatus: 'OK' as const,
  databaseDetail: null, licenseStatus: 'OK' as const, serviceStatus: 'OK' as const, sshOk: true, keyFingerprint: 'key:a', keyInSync: true, error: null, elapsedMs: 5, ...o,
});
const storage = { ok: true, detail: 'fine', path: '/s', writer: 'n1', seen: ['n1', 'n2'], notSeen: [], untested: [] };
const database = { reachable: true, detail: 'PostgreSQL', elapsedMs: 3 };
const loadBalancer = { url: 'http://lb', reachable: true, healthy: true, readmitting: false, detail: 'HTTP 200', elapsedMs: 2 };
const cluster = (nodes: ReturnType<typeof node>[], o = {}) => ({ nodes, versions: groupVersions(nodes), versionsInSync: versionsAgree(nodes, groupVersions(nodes)), keysInSync: markKeys(nodes).keysInSync, storage, database, loadBalancer, ...o });

describe('cluster verdicts', () => {
  it('groups versions by node and names the odd one out', () => {
    const nodes = [node('n1'), node('n2'), node('n3', { version: '2025.10' }), node('n4', { version: null })];
    expect(groupVersions(nodes)).toEqual({ '2025.14': ['n1', 'n2'], '2025.10': ['n3'] });
    expect(summarize(cluster(nodes)).problems).toContain('versions differ: 2025.14 on n1 and n2; 2025.10 on n3');
  });

  it('keys: the majority key is the reference; a node without a key or unread is flagged or unknown', () => {
    const { nodes, keysInSync } = markKeys([node('n1', { keyFingerprint: 'key:b' }), node('n2'), node('n3'), node('n4', { keyFingerprint: null }), node('n5', { sshOk: false, keyFingerprint: null })]);
    expect(nodes.map((n) => n.keyInSync)).toEqual([false, true, true, false, null]);
    expect(keysInSync).toBe(false);
    // A node not read is unknown: never counted as in sync.
    expect(markKeys([node('n1'), node('n2', { sshOk: false })]).keysInSync).toBeNull();
    expect(markKeys([node('n1'), node('n2')]).keysInSync).toBe(true);
    // The fresh lab: a key on node1 only; node1 is the reference (the tie goes to the first node).
    expect(markKeys([node('n1'), node('n2', { keyFingerprint: null }), node('n3', { keyFingerprint: null })]).nodes.map((n) => n.keyInSync)).toEqual([true, false, false]);
  });

  it('summary: healthy, degraded on any problem, down when no node serves or the load balancer does not', () => {
    expect(summarize(cluster([node('n1'), node('n2')]))).toEqual({ summary: 'healthy', problems: [] });
    const one = summarize(cluster([node('n1'), node('n2', { healthy: false, reachable: false, error: '/health: ECONNREFUSED' })]));
    expect(one).toEqual({ summary: 'degraded', problems: ['n2: /health: ECONNREFUSED'] });
    expect(summarize(cluster([node('n1', { healthy: false }), node('n2', { healthy: false })])).summary).toBe('down');
    expect(summarize(cluster([node('n1')], { loadBalancer: { ...loadBalancer, healthy: false, detail: 'HTTP 503' } }))).toEqual({ summary: 'down', problems: ['load balancer: HTTP 503'] });
    expect(summarize(cluster([node('n1')], { loadBalancer: { url: null, reachable: null, healthy: null, readmitting: false, detail: 'none', elapsedMs: 0 } })).summary).toBe('healthy');
    expect(summarize(cluster([node('n1')], { database: { reachable: false, detail: 'ECONNREFUSED', elapsedMs: 1 } })).problems).toEqual(['database: ECONNREFUSED']);
  });

  it('versions: differ, the same, or unknown when a node reported none', () => {
    const agree = (nodes: ReturnType<typeof node>[]) => versionsAgree(nodes, groupVersions(nodes));
    expect(agree([node('n1'), node('n2')])).toBe(true);
    expect(agree([node('n1'), node('n2', { version: null })])).toBeNull();
    expect(agree([node('n1'), node('n2', { version: '2025.10' }), node('n3', { version: null })])).toBe(false);
  });

  it('a node refusing its port while SSH works is a stopped service, not unreachable', () => {
    const base = { healthy: false, reachable: false, hung: false, refused: true, sshOk: true };
    expect(nodeState(base)).toBe('service-stopped');
    expect(nodeState({ ...base, sshOk: false })).toBe('unreachable');
    expect(nodeState({ ...base, refused: false, hung: true, sshOk: false })).toBe('not-answering');
    expect(nodeState({ ...base, reachable: true })).toBe('unhealthy');
    expect(nodeState({ ...base, healthy: true, reachable: true })).toBe('healthy');
  });

  it('re-admitting: the balancer refusing while servers are healthy, for the grace only', () => {
    const refusing = { ...loadBalancer, healthy: false, detail: 'HTTP 503' };
    const first = readmitting(refusing, [node('n1')], null, 1000, 20_000);
    expect(first).toEqual({ health: { ...refusing, readmitting: true }, refusingSince: 1000 });
    expect(readmitting(refusing, [node('n1')], 1000, 20_999, 20_000).health.readmitting).toBe(true);
    expect(readmitting(refusing, [node('n1')], 1000, 21_000, 20_000)).toEqual({ health: { ...refusing, readmitting: false }, refusingSince: 1000 });
    // No server healthy: the balancer is right to refuse. Served again: the clock resets.
    expect(readmitting(refusing, [node('n1', { healthy: false })], 1000, 2000, 20_000)).toEqual({ health: refusing, refusingSince: null });
    expect(readmitting(loadBalancer, [node('n1')], 1000, 2000, 20_000).refusingSince).toBeNull();
    // No answer at all is not re-admitting.
    expect(readmitting({ ...refusing, reachable: false }, [node('n1')], null, 0, 20_000).health.readmitting).toBe(false);
  });

  it('storage: names the nodes that do not see the file, or the writer when nobody does', () => {
    const base = { path: '/s', writer: 'node1', nodeCount: 3, untested: [] };
    expect(storageVerdict({ ...base, seen: ['node1', 'node2', 'node3'], notSeen: [] })).toMatchObject({ ok: true, detail: 'node2 and node3 read the file node1 wrote' });
    expect(storageVerdict({ ...base, seen: ['node1', 'node2'], notSeen: ['node3'] }).detail).toMatch(/^node3 does not see the file node1 wrote/);
    expect(storageVerdict({ ...base, writer: 'node3', seen: ['node3'], notSeen: ['node1', 'node2'] }).detail).toMatch(/node3's \/s is probably not the shared storage/);
    expect(storageVerdict({ ...base, seen: ['node1'], notSeen: [], untested: ['node2', 'node3'] })).toMatchObject({ ok: false, detail: expect.stringMatching(/no other node could be asked; not asked \(no SSH\): node2 and node3/) });
    expect(storageVerdict({ ...base, writer: null, seen: [], notSeen: [], untested: ['node1', 'node2', 'node3'] }).ok).toBe(false);
    expect(storageVerdict({ ...base, nodeCount: 1, seen: ['node1'], notSeen: [] }).ok).toBe(true);
    // Windows over key logins (the double hop): nobody can test the share, which is said, not failed.
    expect(storageVerdict({ ...base, writer: null, nodeCount: 0, seen: [], notSeen: [], note: 'w1 and w2 not tested' })).toMatchObject({ ok: true, detail: 'w1 and w2 not tested' });
  });

  it('the database line: connected, Integrated Security (TCP only), or the error', () => {
    const endpoint = { kind: 'postgres' as const, host: 'db', port: 5432, database: 'proget', integratedSecurity: false, encrypt: false, trustServerCertificate: false };
    const ok = { ok: true, endpoint, portGiven: true, result: { kind: 'postgres', connected: true, serverVersion: '17.2' } } as unknown as DatabaseProbe;
    expect(describeDatabaseProbe(ok)).toEqual({ reachable: true, detail: 'PostgreSQL 17.2 at db:5432, database proget' });
    const refused = { ok: true, endpoint, portGiven: true, result: { kind: 'postgres', connected: false, serverVersion: null, error: { message: 'db:5432: ECONNREFUSED' } } } as unknown as DatabaseProbe;
    expect(describeDatabaseProbe(refused)).toEqual({ reachable: false, detail: 'db:5432, database proget: db:5432: ECONNREFUSED' });
    const integrated = { ok: true, endpoint: { ...endpoint, kind: 'sqlserver' }, portGiven: true, result: { kind: 'sqlserver', connected: false, port: 1433, error: { kind: 'integrated', message: 'x' } } } as unknown as DatabaseProbe;
    expect(describeDatabaseProbe(integrated).reachable).toBe(true);
    expect(describeDatabaseProbe({ ok: false, problems: ['no Host'] })).toEqual({ reachable: false, detail: 'the connection string cannot be used: no Host' });
  });

  it('redacts every string, however deep', () => {
    const out = redactDeep({ a: 'pw=s3cret!', b: [{ c: 'x s3cret! y' }, 3, null], d: true }, (t) => t.split('s3cret!').join('****'));
    expect(out).toEqual({ a: 'pw=****', b: [{ c: 'x **** y' }, 3, null], d: true });
  });
});

describe('round tools', () => {
  it('settleBy: the outcome, a timeout at the deadline, or the abort; never a rejection', async () => {
    expect(await settleBy(Promise.resolve(1), Date.now() + 100)).toEqual({ state: 'done', value: 1 });
    expect(await settleBy(Promise.reject(new Error('no')), Date.now() + 100)).toMatchObject({ state: 'failed', error: { message: 'no' } });
    const t = Date.now();
    expect(await settleBy(new Promise(() => undefined), Date.now() + 50)).toEqual({ state: 'timeout' });
    expect(Date.now() - t).toBeLessThan(150);
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 10);
    expect(await settleBy(new Promise(() => undefined), Date.now() + 5000, ctl.signal)).toEqual({ state: 'aborted' });
  });

  it('mapBounded keeps order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapBounded([5, 1, 4, 2, 3, 0], 2, async (x) => {
      peak = Math.max(peak, ++running);
      await sleep(x * 3);
      running--;
      return x * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0]);
    expect(peak).toBe(2);
  });
});
