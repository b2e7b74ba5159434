/** A failed connection is read into one kind and said in words, whichever layer saw it. */
import { describe, expect, it } from 'vitest';
import { describeNetworkError, networkFailureOf, networkFailureText, type NetworkFailure } from './network-failure';
import { seededRandom } from './testing/seeded-random';

const CODES: [string, NetworkFailure][] = [
  ['ECONNREFUSED', 'refused'], ['EHOSTUNREACH', 'no-route'], ['ENETUNREACH', 'no-route'], ['ETIMEDOUT', 'timeout'],
  ['ENOTFOUND', 'dns'], ['EAI_AGAIN', 'dns-timeout'], ['ECONNRESET', 'reset'],
];

describe('network failures in words', () => {
  it('every errno gets a sentence, its code kept in brackets after it; never the code alone', () => {
    for (const [code, kind] of CODES) {
      expect(networkFailureOf(code), code).toBe(kind);
      const text = describeNetworkError(code, `connect ${code} 10.0.0.5:22`)!;
      expect(text, code).toBe(`${networkFailureText(kind)} (${code})`);
      expect(text.replace(`(${code})`, ''), code).not.toMatch(/\bE[A-Z_]{4,}\b/);
    }
    // A driver that only has the code in its message (mssql: "... - getaddrinfo ENOTFOUND sql01").
    expect(describeNetworkError(undefined, 'Failed to connect to sql01:1433 - getaddrinfo ENOTFOUND sql01')).toBe('the name cannot be resolved (no DNS entry) (ENOTFOUND)');
    expect(describeNetworkError(undefined, 'a protocol error')).toBeNull();
  });

  it('bash and .NET words are read for any host and port (property)', () => {
    const random = seededRandom(3);
    const label = () => `${'abcdefghij'[Math.floor(random() * 10)]}${Math.floor(random() * 1e6)}`;
    const host = () => Array.from({ length: 1 + Math.floor(random() * 3) }, label).join(random() < 0.5 ? '.' : '-');
    for (let i = 0; i < 300; i++) {
      const h = host();
      const p = 1 + Math.floor(random() * 65535);
      expect(networkFailureOf(undefined, `${h}: Name or service not known /dev/tcp/${h}/${p}: Invalid argument`)).toBe('dns');
      expect(networkFailureOf(undefined, `${h}: Temporary failure in name resolution /dev/tcp/${h}/${p}: Invalid argument`)).toBe('dns-timeout');
      expect(networkFailureOf(undefined, `connect: Connection refused /dev/tcp/${h}/${p}: Connection refused`)).toBe('refused');
      expect(networkFailureOf(undefined, `connect: No route to host /dev/tcp/${h}/${p}: No route to host`)).toBe('no-route');
      expect(networkFailureOf(undefined, 'No such host is known.')).toBe('dns');
      expect(networkFailureOf(undefined, `No connection could be made because the target machine actively refused it ${h}:${p}`)).toBe('refused');
      expect(networkFailureOf(undefined, `Timed out after ${p} ms`)).toBe('timeout');
      // The clause names no host, so a caller's "cannot reach h:p: ..." never says it twice.
      for (const k of ['dns', 'dns-timeout', 'refused', 'timeout', 'no-route', 'reset'] as const) expect(networkFailureText(k)).not.toContain(h);
    }
  });
});
