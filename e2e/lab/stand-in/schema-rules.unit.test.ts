/** The lab's schema rules for every pair of versions in its registry, against a table written out by hand. */
import { describe, expect, it } from 'vitest';
import { decideAtStart, decideUpgradedb, schemaOf } from './schema-rules';
import { LAB_REGISTRY_VERSIONS } from './version-registry';

/** What a service of major (row) does at start on a schema (column); written from inedo-facts, not from the code. */
const AT_START: Record<number, Record<number, 'run' | 'upgrade' | 'refuse'>> = {
  2024: { 2024: 'run', 2025: 'refuse', 2026: 'refuse' },
  2025: { 2024: 'upgrade', 2025: 'run', 2026: 'run' },
  2026: { 2024: 'upgrade', 2025: 'upgrade', 2026: 'run' },
};

describe('schema rules', () => {
  it('the schema of a version is its major; maintenance releases keep it', () => {
    expect(schemaOf('2025.14')).toBe(2025);
    expect(schemaOf('2025.20')).toBe(2025);
    expect(schemaOf('2026.1 (Build 3)')).toBe(2026);
    expect(() => schemaOf('latest')).toThrow(/not a product version/);
  });

  const pairs = LAB_REGISTRY_VERSIONS.flatMap((installed) => LAB_REGISTRY_VERSIONS.map((dbOf) => [installed, dbOf] as const));
  it.each(pairs)('%s starting on the schema %s wrote', (installed, dbOf) => {
    const schema = schemaOf(dbOf);
    const major = schemaOf(installed);
    const expected = AT_START[major]![schema]!;
    const decision = decideAtStart(installed, schema);
    expect(decision.action).toBe(expected);
    if (decision.action === 'upgrade') expect(decision).toEqual({ action: 'upgrade', from: schema, to: major });
    if (decision.action === 'refuse') {
      expect(decision.reason).toMatch(schema > major ? /newer than .* can read/ : /run upgradedb/);
    }
    const up = decideUpgradedb(installed, schema);
    if (schema < major) expect(up).toEqual({ action: 'upgrade', to: major });
    else if (schema === major) expect(up).toEqual({ action: 'none', to: major });
    else expect(up).toMatchObject({ action: 'refuse', reason: expect.stringMatching(/never downgrades/) });
  });

  it('an older release refuses an older schema too (it does not upgrade at start)', () => {
    expect(decideAtStart('2024.30', 2023)).toMatchObject({ action: 'refuse', reason: expect.stringMatching(/older .* run upgradedb/) });
  });

  it('2025 reads 2026 only: 2027 is refused', () => {
    expect(decideAtStart('2025.14', 2027).action).toBe('refuse');
    expect(decideAtStart('2026.1', 2027).action).toBe('refuse');
  });
});
