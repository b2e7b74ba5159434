import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProductConfig as standInRead } from '../../../e2e/lab/stand-in/product-config';
import type { ProductId } from '../../shared/products';
import { ConfigWriteError, writeNodeConfig, type DesiredConfig } from './config-writer';
import { parseProductConfig } from './product-config';
import { scanXml } from './xml-config-writer';
import { seededRandom as random } from '../../shared/testing/seeded-random';

const GOLDEN = join(__dirname, '__golden__');
const SQL = 'Server=sql-ag.corp.local;Database=ProGet;User ID=proget;Password=S3cr&t<pw>;Encrypt=True';
const PG = `Host=inedodb;Port=5432;Database=proget;Username=proget;Password=pg"pa'ss`;

const sql = (connectionString: string, encryptionKey: string, product: ProductId = 'proget'): DesiredConfig => ({ product, database: { kind: 'sqlserver', connectionString }, encryptionKey });
const pg = (connectionString: string, encryptionKey: string): DesiredConfig => ({ product: 'proget', database: { kind: 'postgres', connectionString }, encryptionKey });

interface GoldenCase { name: string; format: 'xml' | 'env'; input: boolean; desired: DesiredConfig }
const CASES: GoldenCase[] = [
  { name: 'default-bom-crlf', format: 'xml', input: true, desired: sql(SQL, '0123456789abcdef0123456789abcdef') },
  { name: 'comments-cdata-unknown', format: 'xml', input: true, desired: pg(PG, '2b7e151628aed2a6abf7158809cf4f3c') },
  { name: 'selfclosing-key-pg-disabled', format: 'xml', input: true, desired: pg(PG, 'a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5') },
  { name: 'buildmaster-tabs-empty', format: 'xml', input: true, desired: sql('Server=sql01;Database=BuildMaster;Integrated Security=true', 'ffeeddccbbaa99887766554433221100', 'buildmaster') },
  { name: 'compose', format: 'env', input: true, desired: pg('Host=inedodb;Port=5432;Database=proget;Username=proget;Password=n3w-p@ss', '00112233445566778899aabbccddeeff') },
  { name: 'missing', format: 'xml', input: false, desired: sql(SQL, '0123456789abcdef0123456789abcdef') },
  { name: 'missing', format: 'env', input: false, desired: pg('Host=inedodb;Database=proget;Username=proget;Password=pw', '0123456789abcdef0123456789abcdef') },
];
const ext = (c: GoldenCase) => (c.format === 'xml' ? 'config' : 'env');
const inputOf = (c: GoldenCase) => (c.input ? readFileSync(join(GOLDEN, `${c.name}.input.${ext(c)}`), 'utf8') : null);
const xmlInputs = CASES.filter((c) => c.format === 'xml' && c.input).map((c) => ({ name: c.name, text: inputOf(c)! }));

/** Reads `text` with both readers and checks it holds exactly `d` (one database, the given key). */
function expectReadsBack(text: string, format: 'xml' | 'env', d: DesiredConfig) {
  const read = parseProductConfig(text, format, d.product);
  const cs = d.database.connectionString.trim();
  expect(read.sqlConnectionString).toBe(d.database.kind === 'sqlserver' ? cs : null);
  expect(read.postgresConnectionString).toBe(d.database.kind === 'postgres' ? cs : null);
  expect(read.encryptionKey).toBe(d.encryptionKey);
  const path = format === 'xml' ? 'C:/ProgramData/Inedo/SharedConfig/ProGet.config' : '/etc/proget/proget.env';
  const standIn = standInRead(d.product, '2025.14', path, text);
  expect(standIn.database).toEqual({ kind: d.database.kind, connectionString: cs });
  expect(standIn.encryptionKey).toBe(d.encryptionKey);
}

describe('golden files', () => {
  for (const c of CASES) {
    it(`${c.name}.${ext(c)}: byte for byte, reads back, and a second apply is a no-op`, () => {
      const input = inputOf(c);
      const out = writeNodeConfig(input, c.format, c.desired);
      const expectedPath = join(GOLDEN, `${c.name}.expected.${ext(c)}`);
      // UPDATE_GOLDEN=1 regenerates the expected files; review their diff before committing.
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(expectedPath, out.text, 'utf8');
      expect(Buffer.from(out.text, 'utf8').equals(readFileSync(expectedPath))).toBe(true);
      expect(out.changed).toBe(true);
      expectReadsBack(out.text, c.format, c.desired);
      expect(writeNodeConfig(out.text, c.format, c.desired)).toEqual({ text: out.text, changed: false });
    });
  }
});

const ALPHABET = 'abcXYZ019 ;=&<>"\'/\\]]>-é\t{}%#';
function randomDesired(next: () => number): DesiredConfig {
  const pick = (s: string) => s[Math.floor(next() * s.length)]!;
  const body = Array.from({ length: 1 + Math.floor(next() * 40) }, () => pick(ALPHABET)).join('');
  const key = Array.from({ length: 32 }, () => pick('0123456789abcdefABCDEF')).join('');
  const cs = `Server=s${Math.floor(next() * 9)};Password=${body}x`;
  return next() < 0.5 ? sql(cs, key) : pg(cs, key);
}

const OWNED = new Set(['ConnectionString', 'PostgresConnectionString', 'EncryptionKey']);
/** The text without the owned direct children of the root (each widened to its line when alone on it). */
function withoutOwned(text: string): string {
  const spans = scanXml(text).children.filter((c) => OWNED.has(c.name)).map((c) => {
    const lineStart = text.lastIndexOf('\n', c.start - 1) + 1;
    const after = /^[ \t]*(\r?\n|$)/.exec(text.slice(c.end));
    return /^[ \t]*$/.test(text.slice(lineStart, c.start)) && after ? [lineStart, c.end + after[0].length] : [c.start, c.end];
  });
  let out = text;
  for (const [s, e] of spans.reverse()) out = out.slice(0, s) + out.slice(e!);
  return out;
}
const comments = (text: string) => text.match(/<!--[\s\S]*?-->/g) ?? [];

describe('byte preservation (property)', () => {
  for (const { name, text } of xmlInputs) {
    it(`${name}: every byte outside the owned elements survives a chain of random applies`, () => {
      const next = random(name.length * 7919);
      let current = text;
      for (let step = 0; step < 40; step++) {
        const d = randomDesired(next);
        const out = writeNodeConfig(current, 'xml', d);
        expect(withoutOwned(out.text)).toBe(withoutOwned(current));
        expect(withoutOwned(out.text)).toBe(withoutOwned(text));
        expect(comments(out.text)).toEqual(comments(text));
        expect(out.text.slice(0, out.text.indexOf('<InedoAppConfig'))).toBe(text.slice(0, text.indexOf('<InedoAppConfig')));
        expectReadsBack(out.text, 'xml', d);
        expect(writeNodeConfig(out.text, 'xml', d).changed).toBe(false);
        current = out.text;
      }
    });
  }
  it('the random values also round-trip through env files', () => {
    const next = random(42);
    let current: string | null = null;
    for (let step = 0; step < 60; step++) {
      const d = randomDesired(next);
      if (/^(["']).*\1$/s.test(d.database.connectionString.trim())) continue;
      const out = writeNodeConfig(current, 'env', d);
      expectReadsBack(out.text, 'env', d);
      expect(writeNodeConfig(out.text, 'env', d).changed).toBe(false);
      current = out.text;
    }
  });
});

describe('switching database kinds', () => {
  const [start] = xmlInputs;
  it('XML: the other element goes with its line, leaving no blank line', () => {
    const toPg = writeNodeConfig(start!.text, 'xml', pg(PG, '0123456789abcdef0123456789abcdef')).text;
    expect(toPg).not.toMatch(/<ConnectionString/);
    expect(toPg).not.toMatch(/\r\n[ \t]*\r\n/);
    const back = writeNodeConfig(toPg, 'xml', sql(SQL, '0123456789abcdef0123456789abcdef')).text;
    expect(back).not.toMatch(/PostgresConnectionString/);
    expect(back).not.toMatch(/\r\n[ \t]*\r\n/);
    expect(back.split('\r\n')).toHaveLength(start!.text.split('\r\n').length);
  });
  it('env: the other variable\'s line goes, leaving no blank line', () => {
    const text = 'TZ=UTC\nPROGET_SQL_CONNECTION_STRING=Server=a\nPROGET_ENCRYPTION_KEY=0123456789abcdef0123456789abcdef\nOTHER=1\n';
    const out = writeNodeConfig(text, 'env', pg('Host=db', '0123456789abcdef0123456789abcdef')).text;
    expect(out).toBe('TZ=UTC\nPROGET_ENCRYPTION_KEY=0123456789abcdef0123456789abcdef\nOTHER=1\nPROGET_POSTGRES_CONNECTION_STRING=Host=db\n');
  });
});

describe('refusals never show a secret', () => {
  const PASSWORD = 'Pa55-w0rd-SECRET';
  const KEY = 'deadbeefdeadbeefdeadbeefdeadbeef';
  const GOOD_XML = xmlInputs[0]!.text;
  const refusal = (fn: () => unknown): string => {
    try {
      fn();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigWriteError);
      const message = (err as Error).message;
      for (const secret of [PASSWORD, KEY, 'hunter2', 'deadbeef']) expect(message).not.toContain(secret);
      return message;
    }
    throw new Error('expected a ConfigWriteError');
  };
  const cs = `Server=sql01;Password=${PASSWORD}`;

  it('a key that is not 32 hex characters', () => {
    expect(refusal(() => writeNodeConfig(GOOD_XML, 'xml', sql(cs, `${KEY}0`)))).toMatch(/encryption key is not 32 hex/);
    expect(refusal(() => writeNodeConfig(null, 'env', sql(cs, 'deadbeefdeadbeefdeadbeefdeadbeeg')))).toMatch(/encryption key/);
  });
  it('a connection string that is empty or holds a line break, NUL or control character', () => {
    expect(refusal(() => writeNodeConfig(GOOD_XML, 'xml', sql('  ', KEY)))).toMatch(/connection string is empty/);
    for (const bad of [`${cs}\n`.repeat(2), `Server=a;\r\nPassword=${PASSWORD}`, `${cs}\0`, `${cs}\x1b`]) {
      expect(refusal(() => writeNodeConfig(GOOD_XML, 'xml', sql(bad, KEY)))).toMatch(/line break, NUL/);
      expect(refusal(() => writeNodeConfig('', 'env', sql(bad, KEY)))).toMatch(/line break, NUL/);
    }
  });
  it('malformed XML (even where the validator would quote a password) and a wrong root', () => {
    const broken = `<InedoAppConfig><ConnectionString>Server=x;Password=${PASSWORD}<${PASSWORD}</ConnectionString></InedoAppConfig>`;
    expect(refusal(() => writeNodeConfig(broken, 'xml', sql(cs, KEY)))).toMatch(/not well-formed XML \(line 1\)/);
    expect(refusal(() => writeNodeConfig('', 'xml', sql(cs, KEY)))).toMatch(/not well-formed/);
    expect(refusal(() => writeNodeConfig('<?xml version="1.0"?>\n<appSettings><ConnectionString>hunter2</ConnectionString></appSettings>', 'xml', sql(cs, KEY)))).toMatch(/no <InedoAppConfig> root/);
    expect(refusal(() => writeNodeConfig('<InedoAppConfig/><InedoAppConfig/>', 'xml', sql(cs, KEY)))).toMatch(/more than one root/);
  });
  it('an env file that takes a value from a _FILE variable: the path is shown, never a value', () => {
    const m = refusal(() => writeNodeConfig('PROGET_SQL_CONNECTION_STRING_FILE=/run/secrets/x\n', 'env', sql(cs, KEY)));
    expect(m).toBe('this node reads its SQL Server connection string from /run/secrets/x (PROGET_SQL_CONNECTION_STRING_FILE); update that secret instead');
    expect(refusal(() => writeNodeConfig('PROGET_ENCRYPTION_KEY_FILE="/run/secrets/key"', 'env', sql(cs, KEY)))).toMatch(/encryption key from \/run\/secrets\/key/);
    expect(refusal(() => writeNodeConfig('PROGET_SQL_CONNECTION_STRING_FILE=/run/secrets/x', 'env', pg(cs, KEY)))).toMatch(/remove PROGET_SQL_CONNECTION_STRING_FILE first/);
  });
  it('PostgreSQL for a product that cannot use it, and a value an env file cannot hold', () => {
    expect(refusal(() => writeNodeConfig(null, 'xml', { ...pg(cs, KEY), product: 'otter' }))).toMatch(/Otter cannot use PostgreSQL/);
    expect(refusal(() => writeNodeConfig(null, 'env', sql(`'${cs}'`, KEY)))).toMatch(/begins and ends with a quote/);
  });
});
