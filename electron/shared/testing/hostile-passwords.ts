/**
 * Test support: passwords a database accepts but a careless writer or masker gets wrong. Drawn with
 * testing/seeded-random, so a failing case can be replayed from its seed.
 */

/** The characters that mean something to a connection string, XML, an env file or JSON. */
export const SPECIAL = `;=&<>"'{} \\`;

/** Printable ASCII, with the special characters drawn about half the time. */
export function randomPassword(next: () => number, minLength = 8, maxLength = 24): string {
  const length = minLength + Math.floor(next() * (maxLength - minLength + 1));
  let out = '';
  for (let i = 0; i < length; i++) {
    out += next() < 0.5
      ? SPECIAL[Math.floor(next() * SPECIAL.length)]!
      : String.fromCharCode(0x20 + Math.floor(next() * 95));
  }
  return out;
}

/** Hand-picked: each breaks some reader or writer (item 5 of issue 9 names most of them). */
export const HOSTILE_PASSWORDS = [
  '{starts-with-brace', '=starts-with-equals', '{}', 'semi;colon', 'eq=uals', `both"and'quotes`,
  'brace{in}side', ' leading and trailing ', 'Tom&Jerry-Secret', 'less<than>Secret', `Mix"ed'Quote;Secret`,
  '}closing-first', '"quoted"', "'single'", 'ends-with"', "ends-with'", ';;doubled;;', '==', 'back\\slash',
];
