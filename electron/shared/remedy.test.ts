/** Remedies carry references; the CLI names the profile's field, the app its page and label. */
import { describe, expect, it } from 'vitest';
import { seededRandom } from './testing/seeded-random';
import { REMEDY_REFS, joinRemedies, mapRemedyText, ref, remedy, remedyText, rerun, type RemedyRef } from './remedy';

const IDS = Object.keys(REMEDY_REFS) as RemedyRef[];
// What a Windows admin should never read in the app: a JSON path or a profile's mode object.
const JARGON = /\b(database|encryptionKey|nodes|loadBalancer|storage)\.[A-Za-z]|\{ ?"mode"|"node":|serviceCommand|configPath/;

describe('remedies', () => {
  it('each surface words a reference its own way; the app never shows a JSON path', () => {
    for (const id of IDS) {
      expect(REMEDY_REFS[id].ui, id).not.toMatch(JARGON);
      expect(REMEDY_REFS[id].cli, id).not.toBe(REMEDY_REFS[id].ui);
    }
    const r = remedy`Check ${ref('database.password')}, then ${rerun}.`;
    expect(remedyText(r, { surface: 'cli' })).toBe('Check the database password (database.password in the profile), then run ha-wizard check again.');
    expect(remedyText(r, { surface: 'ui', rerunButton: 'Test the database' })).toBe('Check the Password field on the Database page, then press “Test the database” again.');
    expect(remedyText(r, { surface: 'ui' })).toBe('Check the Password field on the Database page, then run the checks again.');
    expect(remedyText(remedy`then ${ref('encryption.keep-node')}`, { surface: 'ui' })).toBe('then choose “Keep one server’s key” on the Encryption key page and pick that server');
  });

  it('a property: any words and references render in order, and a redactor touches words only', () => {
    const random = seededRandom(7);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    for (let i = 0; i < 400; i++) {
      const words = Array.from({ length: 1 + Math.floor(random() * 5) }, () => pick(['Check ', 'sql01', ' and ', ';', 'hunter2', '']));
      const refs = Array.from({ length: words.length - 1 }, () => (random() < 0.2 ? rerun : ref(pick(IDS))));
      const r = remedy(Object.assign([...words], { raw: words }) as unknown as TemplateStringsArray, ...refs);
      for (const surface of ['cli', 'ui'] as const) {
        const expected = words.map((w, k) => w + (k < refs.length ? (refs[k]!.ref === 'rerun' ? (surface === 'cli' ? 'run ha-wizard check again' : 'run the checks again') : REMEDY_REFS[refs[k]!.ref as RemedyRef][surface]) : '')).join('');
        expect(remedyText(r, { surface })).toBe(expected);
        expect(remedyText(mapRemedyText(r, (s) => s.split('hunter2').join('***')), { surface })).toBe(expected.split('hunter2').join('***'));
      }
      expect(remedyText(joinRemedies(r, ' More.'), { surface: 'ui' })).toBe(`${remedyText(r, { surface: 'ui' })} More.`);
    }
  });
});
