/**
 * The manual balancer commands: byte for byte against __golden__/manual/<type>/<action>.txt (regenerate
 * with UPDATE_GOLDEN=1 and review), PowerShell ones parsed by the real grammar, and hostile profile
 * values refused before any command is written.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_TYPES, EXAMPLE_INPUT } from '../config/load-balancers/test-fixtures';
import { HOSTILE_VALUES } from '../remote/powershell-examples';
import { grammarIssues } from '../remote/powershell-grammar';
import { seededRandom } from '../../shared/testing/seeded-random';
import { BALANCER_ACTIONS, UNCONFIRMED, manualCommands, type ManualCommandStep } from './manual-commands';

const goldenDir = join(__dirname, '__golden__', 'manual');
const cases = ALL_TYPES.flatMap((type) => BALANCER_ACTIONS.map((action) => ({ type, action })));
const render = (steps: ManualCommandStep[]) => steps.map((s) => `## ${s.title}\n${s.url ? `(${s.url})\n` : ''}\n${s.detail}\n`).join('\n');

describe('manual balancer commands', () => {
  it.each(cases)('$type $action matches its golden file', ({ type, action }) => {
    const text = render(manualCommands(type, action, { input: EXAMPLE_INPUT, node: 'node2' }));
    const file = join(goldenDir, type, `${action}.txt`);
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(join(goldenDir, type), { recursive: true });
      writeFileSync(file, text);
    }
    expect(existsSync(file), `missing ${file}: run the tests with UPDATE_GOLDEN=1`).toBe(true);
    expect(text).toBe(readFileSync(file, 'utf8'));
  });

  it('has no golden file for a case that no longer exists', () => {
    expect(readdirSync(goldenDir).sort()).toEqual([...ALL_TYPES].sort());
    for (const type of ALL_TYPES) expect(readdirSync(join(goldenDir, type)).sort()).toEqual(BALANCER_ACTIONS.map((a) => `${a}.txt`).sort());
  });

  it.each(BALANCER_ACTIONS)('IIS ARR %s: every PowerShell command parses with the real grammar', async (action) => {
    for (const s of manualCommands('iis-arr', action, { input: EXAMPLE_INPUT, node: 'node2' })) {
      expect(s.language).toBe('powershell');
      expect(await grammarIssues(s.commands.join('\n'))).toEqual([]);
    }
  });

  it('marks exactly the vendor commands not run here as unconfirmed, in every step built from them', () => {
    for (const { type, action } of cases) {
      for (const s of manualCommands(type, action, { input: EXAMPLE_INPUT, node: 'node2' })) {
        const expected = type === 'haproxy' || type === 'nginx' ? null : UNCONFIRMED[`${type}:${action}`];
        expect(s.unconfirmed).toBe(expected ?? null);
        if (s.unconfirmed) expect(s.detail).toContain(s.unconfirmed);
      }
    }
  });

  it('remove drains first, then takes the member out', () => {
    for (const type of ALL_TYPES) {
      const steps = manualCommands(type, 'remove', { input: EXAMPLE_INPUT, node: 'node2' });
      expect(steps[0]).toEqual(manualCommands(type, 'drain', { input: EXAMPLE_INPUT, node: 'node2' })[0]);
      expect(steps).toHaveLength(2);
    }
  });

  it('refuses 600 hostile names, hosts, paths and sockets for every type, and a node not in the list', () => {
    const random = seededRandom(1313);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
    const extra = ['node2\nrm -rf /', "node2' ; reboot", 'a b', '../../etc/passwd', '/etc/x;reboot', '/run/$(id).sock', '/x`id`', '/a b'];
    for (let i = 0; i < 600; i++) {
      const bad = pick([...HOSTILE_VALUES, ...extra]);
      const where = pick(['name', 'host', 'configPath', 'runtimeSocket'] as const);
      const type = pick(ALL_TYPES);
      const action = pick(BALANCER_ACTIONS);
      const input = { ...EXAMPLE_INPUT, backends: EXAMPLE_INPUT.backends.map((b) => (b.name === 'node2' ? { ...b, ...(where === 'name' ? { name: bad } : where === 'host' ? { host: bad } : {}) } : b)) };
      const o = { input, node: where === 'name' ? bad : 'node2', ...(where === 'configPath' ? { configPath: bad } : where === 'runtimeSocket' ? { runtimeSocket: bad } : {}) };
      // HAProxy and nginx check their paths whatever the action: a bad one is refused, never half-used.
      const pathsUsed = (where === 'configPath' && (type === 'haproxy' || type === 'nginx')) || (where === 'runtimeSocket' && type === 'haproxy');
      if (where === 'name' || where === 'host' || pathsUsed) {
        expect(() => manualCommands(type, action, o), `${type} ${action} ${where}=${JSON.stringify(bad)}`).toThrow();
      } else {
        // A path the balancer type never uses is ignored, never spliced.
        expect(manualCommands(type, action, o).flatMap((s) => s.commands).join('\n')).not.toContain(bad);
      }
    }
    expect(() => manualCommands('f5', 'drain', { input: EXAMPLE_INPUT, node: 'node9' })).toThrow(/not a member/);
  });
});
