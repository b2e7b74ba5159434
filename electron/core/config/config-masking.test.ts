/**
 * Masking in place touches nothing but the secrets' own places (issue 9 items 1 and 9): every byte
 * outside them is kept in order, line breaks included, and a file without secrets comes out unchanged.
 */
import { describe, expect, it } from 'vitest';
import { MASK } from '../secrets';
import { randomPassword } from '../../shared/testing/hostile-passwords';
import { seededRandom } from '../../shared/testing/seeded-random';
import { maskConfigText } from './config-masking';

/** The masked text's unmasked pieces must appear in the original, in order, nothing added. */
function expectOnlyMaskedPlacesDiffer(original: string, masked: string) {
  let at = 0;
  for (const piece of masked.split(MASK)) {
    const found = original.indexOf(piece, at);
    expect(found, `${JSON.stringify(piece)} of\n${masked}`).toBeGreaterThanOrEqual(at);
    at = found + piece.length;
  }
  expect(masked.split('\n')).toHaveLength(original.split('\n').length);
}

describe('masking in place', () => {
  it('a configuration without secrets is unchanged, whatever words it holds', () => {
    const xml = '<InedoAppConfig>\r\n  <!-- password policy: see wiki -->\r\n  <WebServer Enabled="true" Urls="http://*:8624;http://passwords.corp:80" />\r\n  <Storage Path="C:\\pwd\\secret-stuff" />\r\n</InedoAppConfig>\r\n';
    expect(maskConfigText(xml, 'xml')).toBe(xml);
    // A character reference to no character must not break the masking (it stays as written).
    const odd = '<InedoAppConfig><X a="&#99999999;" /><ConnectionString>Host=h;Password=p&#x110000;q</ConnectionString></InedoAppConfig>';
    expect(maskConfigText(odd, 'xml')).toBe('<InedoAppConfig><X a="&#99999999;" /><ConnectionString>Host=h;Password=********</ConnectionString></InedoAppConfig>');
    const env = '# no password here\nASPNETCORE_URLS=http://+:8624\nDATA_PATH=/var/proget/password-files\n';
    expect(maskConfigText(env, 'env')).toBe(env);
  });

  it('keeps every other byte and every line, for random secrets in every place', () => {
    const next = seededRandom(31);
    for (let i = 0; i < 300; i++) {
      const pw = randomPassword(next, 8, 20);
      const xmlPw = pw.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      const attrPw = xmlPw.replace(/"/g, '&quot;');
      const cs = `Server=s;Database=ProGet;User ID=proget;Password="${pw.replace(/"/g, '""')}";Encrypt=true`;
      const xml = [
        '<?xml version="1.0"?>', '<InedoAppConfig>',
        `  <ConnectionString>${cs.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</ConnectionString>`,
        `  <EncryptionKey>\r\n    ${'ab'.repeat(16)}\r\n  </EncryptionKey>`,
        `  <WebServer Enabled="true" Urls="http://*:8624" CertPassword="${attrPw}" />`,
        `  <SmtpPassword><![CDATA[${pw.replace(/]]>/g, '')}]]></SmtpPassword>`,
        '</InedoAppConfig>', '',
      ].join('\r\n');
      const maskedXml = maskConfigText(xml, 'xml');
      expectOnlyMaskedPlacesDiffer(xml, maskedXml);
      expect(maskedXml.includes(pw) || maskedXml.includes(xmlPw) || maskedXml.includes('abababab'), maskedXml).toBe(false);
      expect(maskedXml).toContain('Server=s;Database=ProGet;User ID=proget;Password=********;Encrypt=true');

      const env = [`PROGET_SQL_CONNECTION_STRING=${cs}`, `PROGET_ENCRYPTION_KEY="${'cd'.repeat(16)}"`, `SMTP_PASSWORD=${pw}`, 'X=1', ''].join('\n');
      const maskedEnv = maskConfigText(env, 'env');
      expectOnlyMaskedPlacesDiffer(env, maskedEnv);
      expect(maskedEnv.includes(pw.trim()) || maskedEnv.includes('cdcdcdcd'), maskedEnv).toBe(false);
      expect(maskedEnv).toContain('PROGET_ENCRYPTION_KEY="********"');
    }
  });
});
