import { describe, expect, it } from 'vitest';
import { humanDuration, humanUtc, plural } from './report-format';

describe('report formatting', () => {
  it('writes UTC times in words, independent of the local zone', () => {
    expect(humanUtc('2026-03-03T14:05:09.250Z')).toBe('Tuesday, 3 March 2026, 14:05:09 UTC');
    expect(humanUtc('not a date')).toBe('not a date');
  });

  it('writes durations at a useful precision', () => {
    expect(humanDuration(840)).toBe('840 ms');
    expect(humanDuration(12_440)).toBe('12.4 s');
    expect(humanDuration(125_000)).toBe('2 min 05 s');
    expect(humanDuration(3_720_000)).toBe('1 h 02 min');
    expect(humanDuration(-1)).toBe('—');
  });

  it('counts in words', () => {
    expect(plural(1, 'check')).toBe('1 check');
    expect(plural(2, 'check')).toBe('2 checks');
  });
});
