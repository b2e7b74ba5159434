import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from './all-checks';
import { CHECK_CATALOG } from '../../shared/check-catalog';

describe('the check catalogue', () => {
  it('is exactly the engine\'s checks: ids, areas, scopes and order', () => {
    expect(CHECK_CATALOG).toEqual(ALL_CHECKS.map((c) => ({ id: c.id, area: c.area, scope: c.scope })));
  });
});
