import { describe, expect, it } from 'vitest';
import { isRecord } from './is-record';

describe('isRecord', () => {
  it('holds for objects whose fields can be read by name, not for arrays, null, functions or scalars', () => {
    for (const v of [{}, { a: 1 }, new Error('x'), Object.create(null)]) expect(isRecord(v)).toBe(true);
    for (const v of [[], [1], null, undefined, () => 1, 'a', 1, true]) expect(isRecord(v)).toBe(false);
  });
});
