/**
 * The engine's position-keeping tokenizer against the parsers it stands for: tedious's own library,
 * and the stand-in's separate port of .NET's DbConnectionOptions. Random strings over the characters
 * that matter; both must agree on every value, or both refuse the string.
 */
import { parse as tediousParse } from '@tediousjs/connection-string';
import { describe, expect, it } from 'vitest';
import { adoNetPairs } from '../../../e2e/lab/stand-in/adonet-parser';
import { seededRandom } from '../testing/seeded-random';
import { passwordSpans, tokenize, type Dialect } from './connection-string-tokens';

const ALPHABET = ['a', 'b', 'P', '=', '==', ';', ';;', '"', "'", '""', '{', '}', ' ', 'Password=', 'pwd=', 'x'];

function randomText(next: () => number): string {
  let s = '';
  const n = Math.floor(next() * 14);
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(next() * ALPHABET.length)];
  return s;
}

function outcome(fn: () => Array<[string, string]>): Array<[string, string]> | 'error' {
  try {
    return fn();
  } catch {
    return 'error';
  }
}
const lastWins = (pairs: Array<[string, string]>) => [...new Map(pairs)].sort();
const mine = (text: string, d: Dialect) => () => tokenize(text, d).map((t): [string, string] => [t.key, t.value]);

describe('the tokenizer reads as the parsers do', () => {
  it('tedious: the same values as @tediousjs/connection-string, or both refuse', () => {
    const next = seededRandom(21);
    for (let i = 0; i < 3000; i++) {
      const text = randomText(next);
      const a = outcome(mine(text, 'tedious'));
      const b = outcome(() => [...tediousParse(text)] as Array<[string, string]>);
      expect(a === 'error' ? a : lastWins(a), JSON.stringify(text)).toEqual(b === 'error' ? b : lastWins(b));
    }
  });
  it('adonet: the same pairs as the stand-in\'s port of DbConnectionOptions, or both refuse', () => {
    const next = seededRandom(22);
    for (let i = 0; i < 3000; i++) {
      const text = randomText(next);
      const a = outcome(mine(text, 'adonet'));
      const b = outcome(() => adoNetPairs(text));
      expect(a, JSON.stringify(text)).toEqual(b);
    }
  });
  it('every password value either parser reads lies inside a masked span', () => {
    const next = seededRandom(23);
    for (let i = 0; i < 3000; i++) {
      const text = randomText(next);
      const spans = passwordSpans(text);
      for (const d of ['adonet', 'tedious'] as const) {
        let tokens;
        try {
          tokens = tokenize(text, d);
        } catch {
          continue;
        }
        for (const t of tokens.filter((x) => /password|pwd/.test(x.key) && x.value)) {
          expect(spans.some(([a, b]) => a <= t.valueStart && t.valueEnd <= b), `${d} ${JSON.stringify(text)}`).toBe(true);
        }
      }
    }
  });
});
