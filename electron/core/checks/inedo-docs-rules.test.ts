/**
 * Inedo's newest documentation as checks: a loopback database host is refused in a cluster, a
 * PostgreSQL connection string carries no option Inedo does not support, and the wizard writes
 * Inedo's own form. Property tests over generated host spellings and values (seeded, replayable).
 */
import { describe, expect, it } from 'vitest';
import { desiredDatabase } from '../apply/plan';
import { splitSegments } from '../../shared/connection-string/connection-string-text';
import { parsePostgres } from '../../shared/connection-string/connection-strings';
import { inedoPostgresForm, postgresOptionsBeyondInedo } from '../database/inedo-postgres-form';
import { ProfileSchema } from '../../shared/profile';
import { SecretResolver, envFileSecretSource } from '../secrets';
import type { ClusterContext } from '../run/cluster-context';
import { databaseChecks } from './database-checks';
import { isLoopbackHost } from './inedo-docs-rules';
import { seededRandom as random } from '../../shared/testing/seeded-random';

function context(kind: 'sqlserver' | 'postgres', connectionString: string, nodeCount: number): ClusterContext {
  const profile = ProfileSchema.parse({
    version: 1, product: 'proget',
    nodes: Array.from({ length: nodeCount }, (_, i) => ({ id: `node${i + 1}`, host: `node${i + 1}.lab`, user: 'admin', os: 'windows', auth: { kind: 'agent' } })),
    database: { kind, connectionString, password: { env: 'DB_PASSWORD' } },
    storage: { path: '\\\\nas\\proget' }, loadBalancer: { type: 'haproxy' },
  });
  return {
    profile, settings: { connectTimeoutMs: 1500 },
    secrets: new SecretResolver(envFileSecretSource({ env: { DB_PASSWORD: 'Pg-Secret-42' } })),
    nodes: profile.nodes.map((n) => ({ id: n.id!, profile: n })),
  } as unknown as ClusterContext;
}

const connectionCheck = databaseChecks.find((c) => c.id === 'database.connection-string')!;

describe('a loopback database host', () => {
  it('is recognised in every spelling (property: 300 generated loopback and 300 other hosts)', () => {
    const next = random(9);
    const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)]!;
    const octet = () => String(Math.floor(next() * 256));
    const caseMix = (s: string) => [...s].map((c) => (next() < 0.5 ? c.toUpperCase() : c)).join('');
    const loopbacks = () => pick([
      () => caseMix('localhost') + (next() < 0.3 ? '.' : ''),
      () => `127.${octet()}.${octet()}.${octet()}`,
      () => pick(['::1', '[::1]', '0:0:0:0:0:0:0:1', '[0000:0000::1]', `::ffff:127.0.0.${octet()}`]),
    ])();
    const others = () => pick([
      () => `db${octet()}.${pick(['corp', 'lab', 'local'])}`,
      () => `${1 + Math.floor(next() * 126)}.${octet()}.${octet()}.${octet()}`,
      () => pick(['fd00::11', '::', '::2', 'localhost-db', 'mylocalhost', '10.0.0.1', '::ffff:10.0.0.5']),
    ])();
    for (let i = 0; i < 300; i++) {
      const l = loopbacks();
      expect(isLoopbackHost(l), l).toBe(true);
      const o = others();
      expect(isLoopbackHost(o), o).toBe(false);
    }
  });

  it('is refused in a cluster (SQL Server and PostgreSQL), only warned about for one server', async () => {
    for (const [kind, cs] of [['sqlserver', 'Server=localhost,1433;Database=ProGet;User ID=proget'], ['sqlserver', 'Server=.;Database=ProGet;User ID=proget'],
      ['postgres', 'Server=127.0.0.1;Port=5432;Database=proget;User Id=proget'], ['postgres', 'Host=::1;Database=proget;Username=proget']] as const) {
      const cluster = await connectionCheck.run(context(kind, cs, 3));
      expect(cluster.status, cs).toBe('fail');
      expect(cluster.detail).toMatch(/each node would use its own database/);
      expect((await connectionCheck.run(context(kind, cs, 1))).status, cs).toBe('warn');
    }
    expect((await connectionCheck.run(context('sqlserver', 'Server=sql01,1433;Database=ProGet;User ID=proget', 3))).status).toBe('pass');
  });
});

describe('PostgreSQL connection strings follow Inedo\'s form', () => {
  it('a profile with an option Inedo does not support fails the check, naming it', async () => {
    const out = await connectionCheck.run(context('postgres', 'Host=db01;Port=5432;Database=proget;Username=proget;SSL Mode=Require;Pooling=false', 3));
    expect(out.status).toBe('fail');
    expect(out.detail).toContain('SSL Mode, Pooling');
    expect(postgresOptionsBeyondInedo('Server=db;Port=1;Database=d;User Id=u;Password=p')).toEqual([]);
    expect((await connectionCheck.run(context('postgres', 'Server=db01;Port=5432;Database=proget;User Id=proget', 3))).status).toBe('pass');
  });

  it('the wizard writes Server/Port/Database/User Id/Password and nothing else', async () => {
    const ctx = context('postgres', 'host=db01;Database=proget;Username=proget', 3);
    expect(await desiredDatabase(ctx)).toEqual({ kind: 'postgres', connectionString: 'Server=db01;Port=5432;Database=proget;User Id=proget;Password=Pg-Secret-42' });
  });

  it('keeps every value exactly (property: 300 generated strings read back the same)', () => {
    const next = random(27);
    const word = () => Array.from({ length: 1 + Math.floor(next() * 12) }, () => 'abcXYZ09_-.é'[Math.floor(next() * 12)]).join('');
    const quoted = (v: string) => (next() < 0.3 ? `"${v};x"` : v);
    for (let i = 0; i < 300; i++) {
      const host = word();
      const db = quoted(word());
      const user = quoted(word());
      const port = String(1 + Math.floor(next() * 65535));
      const keys = { host: next() < 0.5 ? 'Host' : 'server', db: next() < 0.5 ? 'Database' : 'DB', user: next() < 0.5 ? 'Username' : 'User Id' };
      const written = [`${keys.host}=${host}`, next() < 0.5 ? `Port=${port}` : null, `${keys.db}=${db}`, `${keys.user}=${user}`].filter(Boolean).join(';');
      const form = inedoPostgresForm(written);
      expect(splitSegments(form).map((s) => s.key)).toEqual(['server', 'port', 'database', 'user id']);
      const before = parsePostgres(written);
      const after = parsePostgres(form);
      expect(after, written).toEqual(before);
    }
  });
});
