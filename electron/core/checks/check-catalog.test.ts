/**
 * The catalogue is where a check's id, area and scope are written; the definitions spread their entry.
 * This proves the two sets are one-to-one: every entry has exactly one check, every check one entry,
 * in the catalogue's order (the order results are shown in), with the entry's area and scope.
 */
import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from './all-checks';
import { CHECK_CATALOG, catalog, expectedResults, idsOfArea } from '../../shared/check-catalog';
import { CHECK_AREAS } from '../../shared/check-types';

describe('the check catalogue', () => {
  it('has exactly one check per entry and one entry per check, in the same order', () => {
    const ids = ALL_CHECKS.map((c) => c.id);
    for (const e of CHECK_CATALOG) expect(ids.filter((id) => id === e.id), e.id).toHaveLength(1);
    for (const c of ALL_CHECKS) expect(CHECK_CATALOG.filter((e) => e.id === c.id), c.id).toHaveLength(1);
    expect(ids).toEqual(CHECK_CATALOG.map((e) => e.id));
  });

  it('gives each check its area and scope', () => {
    for (const c of ALL_CHECKS) expect({ id: c.id, area: c.area, scope: c.scope }).toEqual(catalog(c.id));
  });

  it('names only catalogued checks as needs, each shown before the check that needs it', () => {
    const order = CHECK_CATALOG.map((e) => e.id);
    for (const c of ALL_CHECKS) for (const need of c.needs ?? []) expect(order.indexOf(need), `${c.id} needs ${need}`).toBeLessThan(order.indexOf(c.id));
  });

  it('answers the renderer\'s questions from the same entries', () => {
    expect(CHECK_AREAS.flatMap((a) => idsOfArea(a)).sort()).toEqual(CHECK_CATALOG.map((e) => e.id).sort());
    const nodeChecks = ALL_CHECKS.filter((c) => c.scope === 'node').length;
    expect(expectedResults(3)).toBe(ALL_CHECKS.length - nodeChecks + 3 * nodeChecks);
    expect(expectedResults(3, ['server.login', 'servers.clock'])).toBe(4);
  });
});
