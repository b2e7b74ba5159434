/**
 * Every balancer type, sticky off and on, byte for byte against __golden__/<type>[-sticky]/.
 * Regenerate after an intended change with UPDATE_GOLDEN=1, then review the diff.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBalancerConfig } from './index';
import { ALL_TYPES, EXAMPLE_INPUT } from './test-fixtures';

const goldenDir = join(__dirname, '__golden__');
/** The notes are pinned too, in a file no generator produces. */
const NOTES_FILE = 'notes.md';
const cases = ALL_TYPES.flatMap((type) => [false, true].map((sticky) => ({ type, sticky, dir: `${type}${sticky ? '-sticky' : ''}` })));

describe('load balancer golden files', () => {
  it.each(cases)('$dir matches its golden files', ({ type, sticky, dir }) => {
    const config = loadBalancerConfig(type, { ...EXAMPLE_INPUT, sticky });
    const expected = [...config.files.map((f) => ({ name: f.name, content: f.content })), { name: NOTES_FILE, content: config.notes.map((n) => `- ${n}\n`).join('') }];
    expect(config.files.map((f) => f.name)).not.toContain(NOTES_FILE);
    const folder = join(goldenDir, dir);
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(folder, { recursive: true });
      for (const f of expected) writeFileSync(join(folder, f.name), f.content);
    }
    for (const f of expected) {
      const path = join(folder, f.name);
      expect(existsSync(path), `missing ${path}: run the tests with UPDATE_GOLDEN=1`).toBe(true);
      expect(f.content).toBe(readFileSync(path, 'utf8'));
    }
    expect(readdirSync(folder).sort()).toEqual(expected.map((f) => f.name).sort());
  });

  it('has no golden folder for a case that no longer exists', () => {
    expect(readdirSync(goldenDir).sort()).toEqual(cases.map((c) => c.dir).sort());
  });
});
