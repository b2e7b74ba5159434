/**
 * Every product, end to end: the wizard walked in Chromium for BuildMaster and for Otter, as for ProGet
 * in happy-path.lab.test.ts, on the SQL Server test server (both run on SQL Server only), from Welcome
 * to a healthy dashboard. The lab plays each product in place (e2e/lab/product-switch.ts: the stand-in,
 * the configuration file and its variables, the product's login and databases, the balancers' port)
 * and plays ProGet again afterwards, byte for byte as it started, so the files after this one see the lab
 * they were given.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PRODUCTS, envNames, type ProductId } from '../../electron/shared/products';
import type { LabDescription } from '../lab/lab-description';
import { switchLabProduct } from '../lab/product-switch';
import { allHealthy, backups, configFiles, type ConfigFiles } from './lab-restore';
import { wizardSuite } from './suite';
import { until } from './wizard-driver';
import { walkWizard } from './walk';

const lab = inject('lab');
const ids = lab.nodes.map((n) => n.name);
const suite = wizardSuite();
let proget: ConfigFiles = {};

async function playing(product: ProductId): Promise<LabDescription> {
  const d = await switchLabProduct(product);
  await until(() => allHealthy(d), `every ${PRODUCTS[product].name} node to answer /health`, 20_000);
  return d;
}

beforeAll(() => {
  proget = configFiles();
});
// Whatever happened, the lab plays ProGet again for the files after this one.
afterAll(async () => {
  await playing(lab.product);
}, 60_000);

async function walkProduct(product: ProductId) {
  const d = await playing(product);
  expect(d.nodes.map((n) => [n.name, n.address, n.hostKeyFingerprint, n.webPort])).toEqual(lab.nodes.map((n) => [n.name, n.address, n.hostKeyFingerprint, PRODUCTS[product].defaultPort]));
  const session = await suite.open({ harness: { keyFile: d.nodes[0]!.privateKeyPath } });
  const started = Date.now();
  const seen = await walkWizard(session.page, d, { product, kind: 'sqlserver' });
  const seconds = (Date.now() - started) / 1000;
  // The walk's time, for the CI budget (the whole npm test must stay under 20 minutes).
  console.info(`${product}: Welcome to a healthy dashboard in ${seconds.toFixed(1)} s ${JSON.stringify(seen.seconds)}`);
  const names = envNames(product);
  const after = configFiles();
  const text = (id: string) => after[id]!.toString();
  const keyOf = (id: string) => new RegExp(`^${names.encryptionKey}=(\\w+)$`, 'm').exec(text(id))?.[1];
  return { d, seen, seconds, session, files: { keys: new Set(ids.map(keyOf)), firstKey: keyOf(ids[0]!), text } };
}

describe('every product, end to end in a browser, on the lab', () => {
  for (const product of ['buildmaster', 'otter'] as const) {
    it(`${PRODUCTS[product].name} on SQL Server: Welcome to a healthy dashboard`, async () => {
      const { d, seen, session, files } = await walkProduct(product);
      const db = d.databases.sqlserver;
      expect(db.database).toBe(PRODUCTS[product].name);
      // node1 is the existing instance: node2 and node3 leave their own databases and take its key; node1's
      // connection string is written in the wizard's form (its password moved out of the builder's fields).
      expect(seen.review.tabs).toEqual(['node1 (changes)', 'node2 (changes)', 'node3 (changes)']);
      expect(seen.applied.outcome, seen.applied.outcomeText).toBe('Applied');
      expect(seen.applied.outcomeText).toContain('Configured node1, node2, node3');
      expect(Object.values(seen.dashboard.tiles).every((t) => t.endsWith('Healthy'))).toBe(true);
      expect(files.keys).toEqual(new Set([files.firstKey]));
      for (const id of ids) expect(files.text(id)).toMatch(new RegExp(`^${envNames(product).sqlConnectionString}=.*Database=${db.database};`, 'm'));
      expect(backups().map((b) => b.split('/')[0]).sort()).toEqual(ids);
      expect(session.pageErrors).toEqual([]);
    }, 180_000);
  }

  it('the lab plays ProGet again afterwards, every file as it was', async () => {
    const d = await playing('proget');
    expect(d.product).toBe('proget');
    expect(configFiles()).toEqual(proget);
    expect(backups()).toEqual([]);
  }, 60_000);
});
