import { describe, expect, it } from 'vitest';
import { writeNodeConfig } from '../config/config-writer';
import { quoteValue } from '../../shared/connection-string/connection-string-text';
import { withPassword } from '../../shared/connection-string/connection-strings';
import { HOSTILE_PASSWORDS, randomPassword } from '../../shared/testing/hostile-passwords';
import { seededRandom } from '../../shared/testing/seeded-random';
import { maskedDiff } from './masked-diff';

const before = 'PROGET_POSTGRES_CONNECTION_STRING=Host=db;Database=own;Username=u;Password=old-secret\n';
const after = 'PROGET_POSTGRES_CONNECTION_STRING=Host=db;Database=proget;Username=u;Password=new-secret\nPROGET_ENCRYPTION_KEY=1fa97faa42744155a879c056a70c11a7\n';

describe('masked diffs', () => {
  it('never shows a secret, old or new', () => {
    const { diff } = maskedDiff('/etc/proget.env', before, after, 'env');
    expect(diff).toContain('-PROGET_POSTGRES_CONNECTION_STRING=Host=db;Database=own;Username=u;Password=********');
    expect(diff).toContain('+PROGET_ENCRYPTION_KEY=********');
    expect(diff).not.toMatch(/old-secret|new-secret|1fa97faa/);
  });
  it('shows a change of a masked value as a change, and says only masked values change', () => {
    const a = 'X=1\nPROGET_ENCRYPTION_KEY=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n';
    const b = 'X=1\nPROGET_ENCRYPTION_KEY=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n';
    const d = maskedDiff('f', a, b, 'env');
    expect(d.secretChangesOnly).toBe(true);
    expect(d.diff).toContain('-PROGET_ENCRYPTION_KEY=********\n+PROGET_ENCRYPTION_KEY=********');
    expect(maskedDiff('f', a, a, 'env')).toEqual({ diff: '', secretChangesOnly: false });
  });
  it('diffs a new file against /dev/null', () => {
    expect(maskedDiff('C:\\x\\ProGet.config', null, '<InedoAppConfig/>\n', 'xml').diff).toMatch(/^--- \/dev\/null/m);
  });
});

/** Issue 9 item 10: a line whose bytes change is a change, even when its masked form is the same. */
describe('a change shows as a change', () => {
  it('a key whose case changes is a -/+ pair, not a context line', () => {
    const a = 'A=1\nPROGET_ENCRYPTION_KEY=ABCDEFABCDEFABCDEFABCDEFABCDEFAB\nB=2\n';
    const b = 'A=1\nPROGET_ENCRYPTION_KEY=abcdefabcdefabcdefabcdefabcdefab\nB=3\n';
    const { diff } = maskedDiff('f', a, b, 'env');
    expect(diff).toContain('-PROGET_ENCRYPTION_KEY=********\n-B=2\n+PROGET_ENCRYPTION_KEY=********\n+B=3');
    expect(diff).not.toContain(' PROGET_ENCRYPTION_KEY');
  });
});

/** Issue 9 item 1: only the secret's own place is masked, whatever else has the same text. */
describe('masking never touches anything but the secret', () => {
  it('a password equal to the database, the login, the product and part of the path', () => {
    const cs = withPassword('Host=db;Database=proget;Username=proget', 'proget');
    const text = writeNodeConfig(null, 'env', { product: 'proget', database: { kind: 'postgres', connectionString: cs }, encryptionKey: 'ab'.repeat(16) }).text;
    const { diff } = maskedDiff('/etc/proget/proget.env', null, text, 'env');
    expect(diff).toContain('+++ /etc/proget/proget.env');
    expect(diff).toContain('+PROGET_POSTGRES_CONNECTION_STRING=Host=db;Database=proget;Username=proget;Password=********');
    // Two masked places, the password and the key; every "proget" else is shown as it is.
    expect(diff.match(/\*{8}/g)).toHaveLength(2);
    expect(diff).toContain('+PROGET_ENCRYPTION_KEY=********');
  });
});

/** Issue 9 item 9: secrets the wizard does not own are masked in context lines too. */
describe('secrets in context lines', () => {
  it('WebServer Password and CertPassword, an appSettings password and an old connection string in a comment', () => {
    const config = [
      '<?xml version="1.0" encoding="utf-8"?>',
      '<InedoAppConfig>',
      '  <!-- old: Server=sql0;Database=ProGet;User ID=sa;Password=Comment&amp;Pw1 -->',
      '  <ConnectionString>Server=sql1;Database=ProGet;User ID=proget;Password=OldPw&amp;1</ConnectionString>',
      '  <WebServer Enabled="true" Urls="https://*:443" CertPath="C:\\cert.pfx" CertPassword="Cert&quot;Pw2" Password=\'Web&lt;Pw3\' />',
      '  <appSettings><add key="SmtpPassword" value="Smtp-Pw4" /></appSettings>',
      '</InedoAppConfig>',
      '',
    ].join('\r\n');
    const next = writeNodeConfig(config, 'xml', { product: 'proget', database: { kind: 'sqlserver', connectionString: 'Server=sql2;Database=ProGet;User ID=proget;Password=NewPw5' }, encryptionKey: 'cd'.repeat(16) }).text;
    const { diff } = maskedDiff('C:\\ProgramData\\Inedo\\SharedConfig\\ProGet.config', config, next, 'xml');
    expect(diff).not.toMatch(/Pw1|Pw2|Pw3|Pw4|Pw5|cdcdcd/);
    expect(diff).toContain(' <WebServer Enabled="true" Urls="https://*:443" CertPath="C:\\cert.pfx" CertPassword="********" Password=\'********\' />');
    expect(diff).toContain('-  <ConnectionString>Server=sql1;Database=ProGet;User ID=proget;Password=********</ConnectionString>');
  });
});

// Forms someone else may have written an old password in: quoting and XML character references.
function oldSegment(next: () => number, pw: string, kind: 'sqlserver' | 'postgres'): string {
  const keys = kind === 'postgres' ? ['Password', 'pwd', 'PSW', ' password '] : ['Password', 'PWD', ' Pwd '];
  const key = keys[Math.floor(next() * keys.length)]!;
  const forms = [`"${pw.replace(/"/g, '""')}"`, `'${pw.replace(/'/g, "''")}'`, ...(quoteValue(pw) === pw ? [pw] : [])];
  return `${key}=${forms[Math.floor(next() * forms.length)]!}`;
}
function xmlEncode(next: () => number, s: string, attr = false): string {
  return [...s].map((c) => {
    if (c === '&' || c === '<' || (attr && c === '"') || next() < 0.2) return next() < 0.5 ? `&#${c.codePointAt(0)};` : ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' } as Record<string, string>)[c] ?? `&#x${c.codePointAt(0)!.toString(16)};`;
    return c;
  }).join('');
}
/** The password and every encoding of it a writer could produce. */
function encodings(pw: string): string[] {
  const xml = pw.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return [pw, xml, xml.replace(/"/g, '&quot;').replace(/'/g, '&apos;'), quoteValue(pw), `"${pw.replace(/"/g, '""')}"`, `'${pw.replace(/'/g, "''")}'`, JSON.stringify(pw).slice(1, -1)];
}

/** Issue 9 item 2: write -> diff -> mask, for random passwords over the full printable range. */
describe('no password in any form reaches a diff', () => {
  const BASES = { sqlserver: 'Server=sql01,1433;Database=ProGet;User ID=proget;Encrypt=True', postgres: 'Host=db01;Database=proget;Username=proget' };
  for (const format of ['xml', 'env'] as const) {
    it(`${format}: old and new passwords, both databases, the key and a web-server password`, () => {
      const next = seededRandom(format === 'xml' ? 11 : 12);
      for (let i = 0; i < 300; i++) {
        const [oldPw, newPw, webPw] = [0, 1, 2].map((k) => (i * 3 + k < HOSTILE_PASSWORDS.length ? HOSTILE_PASSWORDS[i * 3 + k]! : randomPassword(next, 8, 24)));
        if ((oldPw!.trim() === '' || newPw!.trim().length < 4)) continue;
        const oldKind = next() < 0.5 ? 'sqlserver' : 'postgres';
        const newKind = next() < 0.5 ? 'sqlserver' : 'postgres';
        const oldKey = Array.from({ length: 32 }, () => '0123456789abcdefABCDEF'[Math.floor(next() * 22)]).join('');
        const newKey = Array.from({ length: 32 }, () => '0123456789abcdef'[Math.floor(next() * 16)]).join('');
        const oldCs = `${BASES[oldKind]};${oldSegment(next, oldPw!, oldKind)}`;
        const current = format === 'xml'
          ? ['<?xml version="1.0" encoding="utf-8"?>', '<InedoAppConfig>',
            oldKind === 'postgres' ? `  <PostgresConnectionString Enabled="true">${xmlEncode(next, oldCs)}</PostgresConnectionString>` : `  <ConnectionString>${xmlEncode(next, oldCs)}</ConnectionString>`,
            `  <EncryptionKey>${oldKey}</EncryptionKey>`, `  <WebServer Enabled="true" Urls="http://*:8624" Password="${xmlEncode(next, webPw!, true)}" />`, '</InedoAppConfig>', ''].join('\r\n')
          : [`PROGET_${oldKind === 'postgres' ? 'POSTGRES' : 'SQL'}_CONNECTION_STRING=${oldCs}`, `PROGET_ENCRYPTION_KEY=${oldKey}`,
            `ASPNETCORE_Kestrel__Certificates__Default__Password=${webPw}`, 'ASPNETCORE_URLS=http://+:8624', ''].join('\n');
        const cs = withPassword(BASES[newKind], newPw);
        const out = writeNodeConfig(current, format, { product: 'proget', database: { kind: newKind, connectionString: cs }, encryptionKey: newKey }).text;
        const { diff } = maskedDiff('/x', current, out, format);
        const shown = `${diff}\n${JSON.stringify(diff)}`;
        for (const pw of [oldPw!, newPw!, ...(webPw!.trim().length >= 8 ? [webPw!.trim()] : [])]) {
          for (const e of encodings(pw)) expect(shown.includes(e), `${JSON.stringify(e)} in\n${diff}`).toBe(false);
        }
        expect(shown.toLowerCase()).not.toContain(oldKey.toLowerCase());
        expect(shown).not.toContain(newKey);
        expect(diff).toContain('********');
      }
    });
  }
});
