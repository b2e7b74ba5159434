import { describe, expect, it } from 'vitest';
import { isOneOf } from './one-of';
import { PRODUCT_IDS } from './products';

describe('isOneOf', () => {
  it('accepts exactly the list\'s values', () => {
    for (const id of PRODUCT_IDS) expect(isOneOf(PRODUCT_IDS, id)).toBe(true);
    for (const v of ['', 'ProGet', 'proget ', 'nuget']) expect(isOneOf(PRODUCT_IDS, v)).toBe(false);
  });
});
