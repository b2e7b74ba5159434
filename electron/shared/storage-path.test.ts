import { describe, expect, it } from 'vitest';
import type { Os } from './kinds';
import { storagePathProblem } from './storage-path';
import { seededRandom } from './testing/seeded-random';

describe('storage path rules', () => {
  it('Windows wants a UNC path, never a drive letter', () => {
    expect(storagePathProblem('\\\\nas\\proget\\packages', ['windows', 'windows'])).toBeNull();
    expect(storagePathProblem('P:\\packages', ['windows'])?.detail).toMatch(/drive letter/);
    expect(storagePathProblem('P:\\packages', ['windows'])?.message).toMatch(/^A drive letter is not shared/);
    expect(storagePathProblem('\\\\nas', ['windows'])?.detail).toMatch(/not a UNC path/);
    expect(storagePathProblem('\\\\nas\\share', ['windows', 'linux'])?.detail).toMatch(/mixes Windows and Linux/);
  });
  it('Linux wants an absolute path without ..', () => {
    expect(storagePathProblem('/var/proget/packages', ['linux'])).toBeNull();
    expect(storagePathProblem('var/proget', ['linux'])?.detail).toMatch(/not an absolute path/);
    expect(storagePathProblem('/srv/../etc', ['linux'])?.detail).toMatch(/\.\./);
    expect(storagePathProblem('/srv/../etc', ['linux'])?.message).toBe('Write the path without “..”');
  });
  it('for random paths, every refusal says what and why in both wordings, naming the path in the detail', () => {
    const next = seededRandom(31);
    const parts = ['\\\\', '\\', '/', 'nas', 'share', 'C:', '..', '.', ' ', 'a', ':', '*', 'ü'];
    const osSets: Os[][] = [['windows'], ['linux'], ['windows', 'windows'], ['linux', 'windows'], []];
    let refused = 0;
    for (let i = 0; i < 2000; i++) {
      let path = '';
      for (let n = Math.floor(next() * 8); n > 0; n--) path += parts[Math.floor(next() * parts.length)];
      const oses = osSets[Math.floor(next() * osSets.length)]!;
      const p = storagePathProblem(path, oses);
      if (!p) continue;
      refused++;
      expect(p.message.length, path).toBeGreaterThan(10);
      expect(p.remedy.length, path).toBeGreaterThan(10);
      if (!(oses.includes('windows') && oses.includes('linux'))) expect(p.detail.startsWith(path), path).toBe(true);
    }
    expect(refused).toBeGreaterThan(500);
  });
});
