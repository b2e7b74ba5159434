/**
 * Issue 9 item 10: the writer writes the key in lower case (inedo-facts: the key's case sensitivity is
 * unconfirmed, so write lowercase, compare case-insensitively). A node holding it in upper case then
 * changes bytes, and the plan's diff must show that line as a change, not as an unchanged context line.
 */
import { describe, expect, it } from 'vitest';
import { maskedDiff } from '../apply/masked-diff';
import { writeNodeConfig } from './config-writer';

const KEY = '1fa97faa42744155a879c056a70c11a7';

describe('a key that changes only in case', () => {
  it('env: the key line is a -/+ pair', () => {
    const cs = 'Host=db;Database=proget;Username=proget;Password=pw';
    const current = `# node 1\nPROGET_POSTGRES_CONNECTION_STRING=${cs};Timeout=15\nPROGET_ENCRYPTION_KEY=${KEY.toUpperCase()}\nX=1\n`;
    const out = writeNodeConfig(current, 'env', { product: 'proget', database: { kind: 'postgres', connectionString: cs }, encryptionKey: KEY });
    expect(out.changed).toBe(true);
    const { diff, secretChangesOnly } = maskedDiff('/etc/proget.env', current, out.text, 'env');
    expect(secretChangesOnly).toBe(false);
    expect(diff).toContain('-PROGET_ENCRYPTION_KEY=********');
    expect(diff).toContain('+PROGET_ENCRYPTION_KEY=********');
    expect(diff).not.toContain(' PROGET_ENCRYPTION_KEY');
  });
  it('XML: the EncryptionKey line is a -/+ pair even when nothing else changes', () => {
    const cs = 'Server=s;Database=ProGet;User ID=u;Password=p';
    const current = `<InedoAppConfig>\r\n  <ConnectionString>${cs}</ConnectionString>\r\n  <EncryptionKey>${KEY.toUpperCase()}</EncryptionKey>\r\n</InedoAppConfig>\r\n`;
    const out = writeNodeConfig(current, 'xml', { product: 'proget', database: { kind: 'sqlserver', connectionString: cs }, encryptionKey: KEY });
    expect(out.changed).toBe(true);
    const { diff, secretChangesOnly } = maskedDiff('C:\\ProGet.config', current, out.text, 'xml');
    expect(secretChangesOnly).toBe(true);
    expect(diff).toContain('-  <EncryptionKey>********</EncryptionKey>');
    expect(diff).toContain('+  <EncryptionKey>********</EncryptionKey>');
  });
});
