import { describe, expect, it } from 'vitest';
import { keyFingerprint, type ProductConfig } from '../config/product-config';
import { planWarningText } from '../../shared/plan-warning-text';
import { planWarnings } from './plan-warnings';

const SHARED = { kind: 'postgres' as const, connectionString: 'Host=10.0.0.5;Port=5432;Database=proget;Username=proget' };
const pg = (db: string, key: string | null, password = 'pw'): ProductConfig => ({
  format: 'env', sqlConnectionString: null, postgresConnectionString: `Host=10.0.0.5;Port=5432;Database=${db};Username=proget;Password=${password}`, encryptionKey: key, urls: [],
});
const KEY_A = 'a'.repeat(32);
const KEY_B = '0123456789abcdef0123456789abcdef';

/** A small seeded generator (mulberry32): the same cases on every run. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('plan warnings', () => {
  it('names the lab\'s fresh nodes moved from their own databases, both databases, and the node whose key is replaced', () => {
    const w = planWarnings([
      { id: 'node1', host: 'h1', config: pg('proget', KEY_A) },
      { id: 'node2', host: 'h2', config: pg('proget_node2', KEY_B) },
      { id: 'node3', host: 'h3', config: pg('PROGET', null) },
      { id: 'node4', host: 'h4', config: null },
    ], SHARED, KEY_A);
    expect(w).toEqual([
      { kind: 'database-moved', nodeId: 'node2', host: 'h2', currentDatabase: { server: '10.0.0.5:5432', name: 'proget_node2' }, sharedDatabase: { server: '10.0.0.5:5432', name: 'proget' } },
      { kind: 'key-replaced', nodeId: 'node2', host: 'h2', currentFingerprint: keyFingerprint(KEY_B), clusterFingerprint: keyFingerprint(KEY_A) },
    ]);
    expect(planWarningText(w[0]!)).toBe('node2 (h2) uses its own database today, proget_node2 on 10.0.0.5:5432. After Apply it uses the shared database proget on 10.0.0.5:5432: '
      + 'the data in proget_node2 (its feeds, packages and settings) will no longer be seen. The database itself is not deleted.');
    expect(planWarningText(w[1]!)).toMatch(/^node2 \(h2\) has its own encryption key today, key:[0-9a-f]{12}\. After Apply it uses the cluster's key key:[0-9a-f]{12}: /);
  });

  it('a node on another server with the same database name is moved too; a SQL Server node to a PostgreSQL cluster too', () => {
    const other: ProductConfig = { ...pg('proget', null), postgresConnectionString: 'Host=10.0.0.9;Database=proget;Username=u' };
    const sql: ProductConfig = { ...pg('x', null), postgresConnectionString: null, sqlConnectionString: 'Data Source=sql01;Initial Catalog=ProGet;User ID=sa;Password=pw' };
    const w = planWarnings([{ id: 'n1', host: 'h', config: other }, { id: 'n2', host: 'h', config: sql }], SHARED, null);
    expect(w.map((x) => x.kind === 'database-moved' && `${x.currentDatabase.name} on ${x.currentDatabase.server}`)).toEqual(['proget on 10.0.0.9:5432', 'ProGet on sql01:1433']);
  });

  it('property: a warning exactly where the database or key differs, and never a key or password in it (500 seeded cases)', () => {
    const r = rng(11);
    const pick = <T,>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
    const hex = () => Array.from({ length: 32 }, () => '0123456789abcdef'[Math.floor(r() * 16)]).join('');
    for (let i = 0; i < 500; i++) {
      const cluster = r() < 0.2 ? null : hex();
      const nodes = Array.from({ length: 1 + Math.floor(r() * 4) }, (_, j) => {
        const db = pick(['proget', 'Proget', `proget_node${j}`, 'other']);
        const key = pick([null, cluster, cluster?.toUpperCase() ?? null, hex()]);
        const password = hex();
        return { id: `n${j}`, host: `h${j}`, config: pg(db, key, password), db, key, password };
      });
      const w = planWarnings(nodes, SHARED, cluster);
      for (const n of nodes) {
        const moved = n.db.toLowerCase() !== 'proget';
        const replaced = n.key !== null && n.key.toLowerCase() !== cluster?.toLowerCase();
        expect(w.some((x) => x.kind === 'database-moved' && x.nodeId === n.id)).toBe(moved);
        expect(w.some((x) => x.kind === 'key-replaced' && x.nodeId === n.id)).toBe(replaced);
        const text = JSON.stringify(w) + w.map(planWarningText).join();
        expect(text).not.toContain(n.password);
        if (n.key) expect(text.toLowerCase()).not.toContain(n.key.toLowerCase());
      }
      if (cluster) expect(JSON.stringify(w)).not.toContain(cluster);
    }
  });
});
