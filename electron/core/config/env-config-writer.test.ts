import { describe, expect, it } from 'vitest';
import { ConfigWriteError, writeNodeConfig, type DesiredConfig } from './config-writer';
import { parseEnvConfig } from './product-config';

const KEY = '0123456789abcdef0123456789abcdef';
const OLD = 'ffffffffffffffffffffffffffffffff';
const sql = (connectionString: string, encryptionKey = KEY): DesiredConfig => ({ product: 'proget', database: { kind: 'sqlserver', connectionString }, encryptionKey });
const pg = (connectionString: string, encryptionKey = KEY): DesiredConfig => ({ product: 'proget', database: { kind: 'postgres', connectionString }, encryptionKey });
const write = (text: string | null, d: DesiredConfig) => writeNodeConfig(text, 'env', d).text;

describe('env writer', () => {
  it('replaces values in place, keeping export, blanks around "=" and every other line', () => {
    const text = `# c\nexport PROGET_SQL_CONNECTION_STRING=Server=old\n\nTZ=UTC\n  PROGET_ENCRYPTION_KEY = ${OLD}\n`;
    const out = write(text, sql('Server=new;Password=x'));
    expect(out).toBe(`# c\nexport PROGET_SQL_CONNECTION_STRING=Server=new;Password=x\n\nTZ=UTC\n  PROGET_ENCRYPTION_KEY =${KEY}\n`);
    expect(parseEnvConfig(out, 'proget')).toMatchObject({ sqlConnectionString: 'Server=new;Password=x', encryptionKey: KEY });
  });
  it('keeps the quoting style unless the value holds a quote', () => {
    expect(write(`PROGET_SQL_CONNECTION_STRING='Server=old'\nPROGET_ENCRYPTION_KEY="${OLD}"\n`, sql('Server=new'))).toBe(`PROGET_SQL_CONNECTION_STRING='Server=new'\nPROGET_ENCRYPTION_KEY="${KEY}"\n`);
    expect(write(`PROGET_SQL_CONNECTION_STRING='Server=old'\nPROGET_ENCRYPTION_KEY=${KEY}\n`, sql(`Server=new;Password=it's`))).toBe(`PROGET_SQL_CONNECTION_STRING=Server=new;Password=it's\nPROGET_ENCRYPTION_KEY=${KEY}\n`);
  });
  it('returns the input unchanged when the values are already there, quoted or not', () => {
    const text = `PROGET_SQL_CONNECTION_STRING="Server=a"\r\nPROGET_ENCRYPTION_KEY=${KEY}`;
    expect(writeNodeConfig(text, 'env', sql('Server=a'))).toEqual({ text, changed: false });
  });
  it('sets the last of duplicated variables and removes the earlier ones', () => {
    expect(write(`PROGET_ENCRYPTION_KEY=${OLD}\nA=1\nPROGET_ENCRYPTION_KEY="${OLD}"\nPROGET_SQL_CONNECTION_STRING=Server=a\n`, sql('Server=a'))).toBe(`A=1\nPROGET_ENCRYPTION_KEY="${KEY}"\nPROGET_SQL_CONNECTION_STRING=Server=a\n`);
  });
  it('appends missing lines with the file\'s line ending, keeping a missing final newline missing', () => {
    expect(write('TZ=UTC', sql('Server=a'))).toBe(`TZ=UTC\nPROGET_SQL_CONNECTION_STRING=Server=a\nPROGET_ENCRYPTION_KEY=${KEY}`);
    expect(write('TZ=UTC\r\nA=1\r\n', sql('Server=a'))).toBe(`TZ=UTC\r\nA=1\r\nPROGET_SQL_CONNECTION_STRING=Server=a\r\nPROGET_ENCRYPTION_KEY=${KEY}\r\n`);
    expect(write('', sql('Server=a'))).toBe(`PROGET_SQL_CONNECTION_STRING=Server=a\nPROGET_ENCRYPTION_KEY=${KEY}\n`);
  });
  it('removing the last line keeps the final newline or its absence', () => {
    const head = `PROGET_ENCRYPTION_KEY=${KEY}\nPROGET_SQL_CONNECTION_STRING=Server=a\n`;
    expect(write(`${head}PROGET_POSTGRES_CONNECTION_STRING=Host=x`, sql('Server=a'))).toBe(head.slice(0, -1));
    expect(write(`${head}PROGET_POSTGRES_CONNECTION_STRING=Host=x\n`, sql('Server=a'))).toBe(head);
  });
  it('treats a bare NAME line (taken from the host) as the variable', () => {
    expect(write(`PROGET_POSTGRES_CONNECTION_STRING\nexport PROGET_SQL_CONNECTION_STRING\nPROGET_ENCRYPTION_KEY=${KEY}\n`, sql('Server=a'))).toBe(`export PROGET_SQL_CONNECTION_STRING=Server=a\nPROGET_ENCRYPTION_KEY=${KEY}\n`);
  });
  it('touches only the product\'s own variables', () => {
    const text = `BUILDMASTER_SQL_CONNECTION_STRING=Server=bm\nPROGET_SQL_CONNECTION_STRING=Server=pg\nPROGET_ENCRYPTION_KEY=${OLD}\n`;
    const out = writeNodeConfig(text, 'env', { product: 'buildmaster', database: { kind: 'sqlserver', connectionString: 'Server=new' }, encryptionKey: KEY }).text;
    expect(out).toBe(`BUILDMASTER_SQL_CONNECTION_STRING=Server=new\nPROGET_SQL_CONNECTION_STRING=Server=pg\nPROGET_ENCRYPTION_KEY=${OLD}\nBUILDMASTER_ENCRYPTION_KEY=${KEY}\n`);
  });
  it('refuses _FILE variables, naming the path or where the variable comes from', () => {
    expect(() => write('PROGET_POSTGRES_CONNECTION_STRING_FILE=\n', pg('Host=a'))).toThrow(/from an empty PROGET_POSTGRES_CONNECTION_STRING_FILE/);
    expect(() => write('export PROGET_ENCRYPTION_KEY_FILE\n', pg('Host=a'))).toThrow(ConfigWriteError);
    expect(() => write('export PROGET_ENCRYPTION_KEY_FILE\n', pg('Host=a'))).toThrow(/from the host's PROGET_ENCRYPTION_KEY_FILE/);
    // Another product's secret is not this node's concern.
    expect(write('OTTER_SQL_CONNECTION_STRING_FILE=/run/secrets/o\n', pg('Host=a'))).toMatch(/^OTTER_SQL_CONNECTION_STRING_FILE=\/run\/secrets\/o\n/);
  });
});
