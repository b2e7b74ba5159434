/**
 * The rule table: each known row, each refusal, and properties over thousands of seeded random pairs
 * (never allowed when to <= from, never rolling across years, every refusal has a reason, total).
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from './testing/seeded-random';
import { ProductVersionSchema, UpgradePathSchema } from './upgrade-schema';
import { UPGRADE_RULES, compareVersions, normalVersion, parseProductVersion, upgradePath } from './upgrade-paths';

const allowed = (from: string, to: string) => {
  const p = upgradePath(from, to);
  if (!p.allowed) throw new Error(`expected ${from} -> ${to} allowed, got: ${p.reason}`);
  return p;
};
const refused = (from: string, to: string) => {
  const p = upgradePath(from, to);
  if (p.allowed) throw new Error(`expected ${from} -> ${to} refused`);
  return p;
};

describe('upgradePath: the rows', () => {
  it('a maintenance release: allowed, rolling, no schema change, no restore', () => {
    expect(allowed('2025.9', '2025.14')).toMatchObject({ rolling: true, schemaChanges: false, restoreDatabaseOnRollback: false });
    expect(allowed('2026.0', '2026.3')).toMatchObject({ rolling: true });
    expect(allowed('2024.30', '2024.31')).toMatchObject({ rolling: true });
  });

  it('compares minors as numbers, not text (2025.9 < 2025.14)', () => {
    expect(upgradePath('2025.9', '2025.14').allowed).toBe(true);
    expect(refused('2025.14', '2025.9').reason).toMatch(/rollback/);
  });

  it('2025 -> 2026: coordinated only, schema changes, no database restore to go back', () => {
    expect(allowed('2025.14', '2026.1')).toMatchObject({ rolling: false, schemaChanges: true, restoreDatabaseOnRollback: false });
  });

  it('2024 -> 2025: coordinated, schema changes, going back needs the database restored', () => {
    const p = allowed('2024.22', '2025.3');
    expect(p).toMatchObject({ rolling: false, schemaChanges: true, restoreDatabaseOnRollback: true });
    expect(p.note).toMatch(/restored/);
  });

  it('a downgrade is refused as a rollback; the same version as nothing to do', () => {
    expect(refused('2026.1', '2025.14').reason).toMatch(/rollback/);
    expect(refused('2025.14', '2025.14').reason).toMatch(/already runs 2025.14/);
  });

  it('two or more years at once: refused, naming the year to go through', () => {
    const p = refused('2024.10', '2026.2');
    expect(p.reason).toMatch(/newest 2025 release first/);
  });

  it('years the table does not know: refused with the reason', () => {
    expect(refused('2023.5', '2024.1').reason).toMatch(/does not know how to upgrade from 2023.5/);
    expect(refused('2026.5', '2027.0').reason).toMatch(/does not know how to upgrade to 2027.0/);
    expect(refused('2022.1', '2026.1').reason).toMatch(/does not know/);
  });

  it('text that is not a version is refused, not thrown', () => {
    expect(refused('banana', '2025.1').reason).toMatch(/not a product version/);
    expect(refused('2025.1', '').reason).toMatch(/not a product version/);
    expect(refused('2025.1', '2025.10000').reason).toMatch(/not a product version/);
  });

  it('reads a version with a build suffix the way /health writes it', () => {
    expect(normalVersion('2025.14 (Build 7)')).toBe('2025.14');
    expect(normalVersion('2025.014')).toBe('2025.14');
    expect(normalVersion('v2025')).toBeNull();
  });

  it('every row says where it comes from; inferences are marked unconfirmed', () => {
    for (const r of UPGRADE_RULES) expect(r.source.length).toBeGreaterThan(20);
    expect(UPGRADE_RULES.some((r) => !r.confirmed)).toBe(true);
    expect(UPGRADE_RULES.find((r) => r.fromYear === 2025 && r.toYear === 2026)?.confirmed).toBe(true);
  });
});

describe('upgradePath: properties over seeded random pairs', () => {
  const rnd = seededRandom(14_2026);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const version = (): string => {
    const r = rnd();
    const year = 2020 + Math.floor(rnd() * 10);
    const minor = Math.floor(rnd() * 40);
    if (r < 0.8) return `${year}.${minor}`;
    if (r < 0.85) return `${year}.${minor} (Build ${Math.floor(rnd() * 20)})`;
    if (r < 0.9) return `${year}.${10_000 + Math.floor(rnd() * 1e9)}`;
    // Junk: empty, words, partial versions, huge numbers, unicode.
    return pick(['', ' ', 'latest', '2025', '.14', '2025.', 'v2025.1', '99999.1', '2025.99999999999999999999', '２０２５.１', '2025.1\n', '\u0000']);
  };

  it('holds for 5000 pairs', () => {
    let allowedCount = 0;
    for (let i = 0; i < 5000; i++) {
      const from = version();
      const to = i % 7 === 0 ? from : version();
      let p;
      expect(() => { p = upgradePath(from, to); }, `${JSON.stringify(from)} -> ${JSON.stringify(to)}`).not.toThrow();
      const path = UpgradePathSchema.parse(p);
      const a = parseProductVersion(from);
      const b = parseProductVersion(to);
      if (!path.allowed) {
        expect(path.reason.trim().length, `${from} -> ${to}`).toBeGreaterThan(10);
        continue;
      }
      allowedCount++;
      // Allowed implies two versions, the target strictly newer, at most one year apart, both known.
      expect(a && b).toBeTruthy();
      // Both fit the plan's version form, or the plan built on this path would not validate.
      expect(ProductVersionSchema.safeParse(normalVersion(from)).success, from).toBe(true);
      expect(ProductVersionSchema.safeParse(normalVersion(to)).success, to).toBe(true);
      expect(compareVersions(a!, b!), `${from} -> ${to}`).toBe(-1);
      expect(b![0] - a![0]).toBeLessThanOrEqual(1);
      expect(a![0]).toBeGreaterThanOrEqual(2024);
      expect(b![0]).toBeLessThanOrEqual(2026);
      // Never rolling across years; a schema change never rolls.
      if (a![0] !== b![0]) expect(path.rolling).toBe(false);
      if (path.schemaChanges) expect(path.rolling).toBe(false);
      expect(path.note.length).toBeGreaterThan(10);
    }
    // The generator reaches allowed paths too, or the checks above prove little.
    expect(allowedCount).toBeGreaterThan(100);
  });
});
