/** Issue 9 item 2: an encoded password in an error or log line is masked as well as the raw one. */
import { describe, expect, it } from 'vitest';
import { quoteValue } from '../shared/connection-string/connection-string-text';
import { withPassword } from '../shared/connection-string/connection-strings';
import { MASK, Redactor } from './secrets';
import { HOSTILE_PASSWORDS, randomPassword } from '../shared/testing/hostile-passwords';
import { seededRandom } from '../shared/testing/seeded-random';

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

describe('the redactor masks every encoding of a secret', () => {
  it('as a driver, an XML reader or a JSON log would quote it', () => {
    const next = seededRandom(5);
    const passwords = [...HOSTILE_PASSWORDS.filter((p) => p.length >= 4), ...Array.from({ length: 300 }, () => randomPassword(next, 8, 24))];
    for (const pw of passwords) {
      const r = new Redactor();
      r.add(pw);
      const cs = withPassword('Host=db;Database=x;Username=u', pw);
      const messages = [
        `login failed: ${cs}`,
        `<PostgresConnectionString>${xml(cs)}</PostgresConnectionString> is invalid`,
        JSON.stringify({ detail: `connecting with ${cs}` }),
      ];
      for (const m of messages) {
        const out = r.redact(m);
        for (const form of [pw, xml(pw), quoteValue(pw), JSON.stringify(pw).slice(1, -1), JSON.stringify(quoteValue(pw)).slice(1, -1)]) {
          expect(out.includes(form), `${JSON.stringify(form)}: ${out}`).toBe(false);
        }
        expect(out).toContain(MASK);
      }
    }
  });
});
