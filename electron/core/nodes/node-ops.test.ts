import { describe, expect, it } from 'vitest';
import { probeFileName } from './node-ops';

describe('storage probe file names', () => {
  it('differ even when every node is probed in the same millisecond (a shared folder refuses a name another login owns)', () => {
    const names = Array.from({ length: 1000 }, () => probeFileName());
    expect(new Set(names).size).toBe(1000);
    expect(names[0]).toMatch(/^\.hawizard-probe-[0-9a-f]{16}$/);
  });
});
