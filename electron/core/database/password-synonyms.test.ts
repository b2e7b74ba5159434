/**
 * Issue 9 item 7: Pwd, PSW and Password, in any case and spacing, are all refused in a profile's
 * connection string and all masked where a connection string is shown.
 */
import { describe, expect, it } from 'vitest';
import { parseProfile } from '../../shared/profile';
import { HOSTILE_PASSWORDS, randomPassword } from '../../shared/testing/hostile-passwords';
import { seededRandom } from '../../shared/testing/seeded-random';
import { quoteValue } from '../../shared/connection-string/connection-string-text';
import { maskConnectionString } from '../../shared/connection-string/connection-strings';

const profileWith = (connectionString: string) => ({
  version: 1, product: 'proget',
  nodes: [{ host: '10.0.0.1', user: 'admin', os: 'windows', auth: { kind: 'agent' } }],
  database: { kind: 'postgres', connectionString }, storage: { path: '\\\\nas\\proget' }, loadBalancer: { type: 'haproxy' },
});

/** A password key as an admin might type it: any synonym, any case, blanks around it. */
function spelling(next: () => number): string {
  const word = ['Password', 'Pwd', 'PSW'][Math.floor(next() * 3)]!;
  const cased = [...word].map((c) => (next() < 0.5 ? c.toUpperCase() : c.toLowerCase())).join('');
  const blanks = () => ' '.repeat(Math.floor(next() * 3));
  return `${blanks()}${cased}${blanks()}=${blanks()}`;
}

describe('password synonyms', () => {
  it('a profile naming a password under any spelling is refused, and a shown string never holds it', () => {
    const next = seededRandom(7);
    for (let i = 0; i < 300; i++) {
      const pw = i < HOSTILE_PASSWORDS.length ? HOSTILE_PASSWORDS[i]! : randomPassword(next, 8, 20);
      const segment = `${spelling(next)}${quoteValue(pw)}`;
      const parts = ['Host=db01', 'Database=proget', 'Username=proget'];
      parts.splice(Math.floor(next() * (parts.length + 1)), 0, segment);
      const cs = parts.join(';');
      const r = parseProfile(profileWith(cs));
      expect(r.ok, cs).toBe(false);
      expect(!r.ok && r.problems.map((p) => p.path)).toEqual(['database.connectionString']);
      const shown = maskConnectionString(cs);
      expect(shown, cs).not.toContain(pw);
      expect(shown, cs).not.toContain(quoteValue(pw));
      expect(shown).toContain('Host=db01');
      expect(shown).toContain('********');
    }
  });

  it('a string without a password is accepted and shown as written', () => {
    const cs = 'Host=db01;Database=proget;Username=proget;Application Name="pwd;psw=password"';
    expect(parseProfile(profileWith(cs)).ok).toBe(true);
    expect(maskConnectionString(cs)).toBe(cs);
  });
});
