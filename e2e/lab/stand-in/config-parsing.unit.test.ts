import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnvFile } from './env-file';
import { isXmlConfigPath, parseProductConfig, readProductConfig } from './product-config';
import { portFromUrls } from './raw-config';
import { StartRefusal } from './start-refusal';

const KEY = '1fa97faa42744155a879c056a70c11a7';
const PG = 'Host=db01;Port=5432;Database=proget;Username=proget;Password=pw';
const SQL = 'Server=sql01,1433;Database=ProGet;User ID=proget;Password=pw';

const env = (text: string, product: 'proget' | 'buildmaster' | 'otter' = 'proget', version = '2025.14') =>
  parseProductConfig(product, version, '/etc/proget/proget.env', text);
const xml = (body: string, product: 'proget' | 'buildmaster' | 'otter' = 'proget', version = '2025.14') =>
  parseProductConfig(product, version, 'C:/ProgramData/Inedo/SharedConfig/ProGet.config', `<?xml version="1.0" encoding="utf-8"?>\r\n${body}`);
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StartRefusal);
    return (err as Error).message;
  }
  throw new Error('expected a refusal');
};

describe('parseEnvFile', () => {
  it('reads KEY=VALUE lines, skipping blanks and comments, stripping one pair of quotes', () => {
    const vars = parseEnvFile('# comment\n\nA=1\r\n  B = "two words" \nC=\'x=y;z\'\nD=\nE="unbalanced\nNOEQUALS\n');
    expect(Object.fromEntries(vars)).toEqual({ A: '1', B: 'two words', C: 'x=y;z', D: '', E: '"unbalanced' });
  });
});

describe('env configuration', () => {
  it('takes the product-prefixed variables and the port from ASPNETCORE_URLS', () => {
    const c = env(`PROGET_POSTGRES_CONNECTION_STRING="${PG}"\nPROGET_ENCRYPTION_KEY=${KEY}\nASPNETCORE_URLS=http://+:8700\n`);
    expect(c).toEqual({ source: 'env', database: { kind: 'postgres', connectionString: PG }, encryptionKey: KEY, port: 8700 });
  });

  it('uses the product default port without ASPNETCORE_URLS, and the other products\' prefixes', () => {
    expect(env(`PROGET_SQL_CONNECTION_STRING=${SQL}`).port).toBe(8624);
    const bm = env(`BUILDMASTER_SQL_CONNECTION_STRING=${SQL}\nPROGET_ENCRYPTION_KEY=not-for-buildmaster`, 'buildmaster');
    expect(bm).toMatchObject({ database: { kind: 'sqlserver', connectionString: SQL }, encryptionKey: null, port: 8622 });
    expect(env(`OTTER_SQL_CONNECTION_STRING=${SQL}`, 'otter').port).toBe(8626);
  });

  it('reads NAME_FILE variables from the named file, without the trailing newline', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stand-in-secret-'));
    writeFileSync(join(dir, 'cs'), `${PG}\n`);
    writeFileSync(join(dir, 'key'), `${KEY}\n`);
    const c = env(`PROGET_POSTGRES_CONNECTION_STRING_FILE=${join(dir, 'cs')}\nPROGET_ENCRYPTION_KEY_FILE='${join(dir, 'key')}'`);
    expect(c.database).toEqual({ kind: 'postgres', connectionString: PG });
    expect(c.encryptionKey).toBe(KEY);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an unreadable NAME_FILE, and NAME together with NAME_FILE', () => {
    expect(refusal(() => env('PROGET_SQL_CONNECTION_STRING_FILE=/nonexistent/cs'))).toMatch(/PROGET_SQL_CONNECTION_STRING_FILE.*ENOENT/);
    expect(refusal(() => env(`PROGET_SQL_CONNECTION_STRING=${SQL}\nPROGET_SQL_CONNECTION_STRING_FILE=/x`))).toMatch(/both PROGET_SQL_CONNECTION_STRING and PROGET_SQL_CONNECTION_STRING_FILE/);
  });

  it('refuses no connection string (empty counts as none), both strings, and a bad key without echoing it', () => {
    expect(refusal(() => env('PROGET_SQL_CONNECTION_STRING=\n# PROGET_POSTGRES_CONNECTION_STRING=x'))).toMatch(/no connection string.*embedded database/);
    expect(refusal(() => env(`PROGET_SQL_CONNECTION_STRING=${SQL}\nPROGET_POSTGRES_CONNECTION_STRING=${PG}`))).toMatch(/both a SQL Server and a PostgreSQL/);
    const message = refusal(() => env(`PROGET_SQL_CONNECTION_STRING=${SQL}\nPROGET_ENCRYPTION_KEY=zz-secret-key-zz`));
    expect(message).toMatch(/not 32 hex characters/);
    expect(message).not.toContain('zz-secret-key-zz');
  });

  it('refuses PostgreSQL for BuildMaster, Otter and ProGet before 2025', () => {
    expect(refusal(() => env(`BUILDMASTER_POSTGRES_CONNECTION_STRING=${PG}`, 'buildmaster'))).toMatch(/BuildMaster 2025.14 cannot use PostgreSQL/);
    expect(refusal(() => env(`OTTER_POSTGRES_CONNECTION_STRING=${PG}`, 'otter'))).toMatch(/Otter/);
    expect(refusal(() => env(`PROGET_POSTGRES_CONNECTION_STRING=${PG}`, 'proget', '2024.30'))).toMatch(/ProGet 2024.30 cannot use PostgreSQL/);
    expect(env(`PROGET_POSTGRES_CONNECTION_STRING=${PG}`, 'proget', '2026.1').database.kind).toBe('postgres');
  });
});

describe('XML configuration', () => {
  it('reads ConnectionString, EncryptionKey and the WebServer port, decoding entities', () => {
    const c = xml(`<InedoAppConfig>\r\n  <!-- node 1 -->\r\n  <ConnectionString>Server=sql01;Password=a&amp;b&lt;c</ConnectionString>\r\n  <EncryptionKey>${KEY.toUpperCase()}</EncryptionKey>\r\n  <WebServer Enabled="true" Urls="http://*:8625" CertFile="" />\r\n</InedoAppConfig>`);
    expect(c).toEqual({ source: 'xml', database: { kind: 'sqlserver', connectionString: 'Server=sql01;Password=a&b<c' }, encryptionKey: KEY.toUpperCase(), port: 8625 });
  });

  it('reads an enabled PostgresConnectionString and ignores a disabled element', () => {
    const c = xml(`<InedoAppConfig><PostgresConnectionString Enabled="true">${PG}</PostgresConnectionString><ConnectionString Enabled="false">${SQL}</ConnectionString></InedoAppConfig>`);
    expect(c.database).toEqual({ kind: 'postgres', connectionString: PG });
    expect(c.port).toBe(8624);
  });

  it('refuses malformed XML, a wrong root, no string, both strings and a short key', () => {
    expect(refusal(() => xml('<InedoAppConfig><ConnectionString>x</InedoAppConfig>'))).toMatch(/malformed XML/);
    expect(refusal(() => xml(`<configuration><ConnectionString>${SQL}</ConnectionString></configuration>`))).toMatch(/no <InedoAppConfig> root/);
    expect(refusal(() => xml('<InedoAppConfig><ConnectionString></ConnectionString><WebServer Urls="http://*:1"/></InedoAppConfig>'))).toMatch(/no connection string/);
    expect(refusal(() => xml(`<InedoAppConfig><ConnectionString>${SQL}</ConnectionString><PostgresConnectionString Enabled="true">${PG}</PostgresConnectionString></InedoAppConfig>`))).toMatch(/both/);
    expect(refusal(() => xml(`<InedoAppConfig><ConnectionString>${SQL}</ConnectionString><EncryptionKey>abc</EncryptionKey></InedoAppConfig>`))).toMatch(/not 32 hex/);
    expect(refusal(() => xml(`<InedoAppConfig><PostgresConnectionString>${PG}</PostgresConnectionString></InedoAppConfig>`, 'otter'))).toMatch(/cannot use PostgreSQL/);
  });

  it('refuses a missing configuration file', () => {
    expect(refusal(() => readProductConfig('proget', '2025.14', '/nonexistent/ProGet.config'))).toMatch(/cannot read configuration .*ENOENT/);
  });
});

describe('ports and formats', () => {
  it('takes the first plain-http URL', () => {
    expect(portFromUrls('http://*:8624')).toBe(8624);
    expect(portFromUrls('http://+:80;https://+:443')).toBe(80);
    expect(portFromUrls('https://*:8443; http://proget.example:9000/')).toBe(9000);
    expect(portFromUrls('http://[::]:8626')).toBe(8626);
    expect(portFromUrls('http://*')).toBe(80);
    expect(portFromUrls('https://*:443')).toBeNull();
    expect(portFromUrls('')).toBeNull();
  });

  it('chooses XML for *.config only', () => {
    expect(isXmlConfigPath('C:\\ProgramData\\Inedo\\SharedConfig\\ProGet.config')).toBe(true);
    expect(isXmlConfigPath('/srv/node/BuildMaster.CONFIG')).toBe(true);
    expect(isXmlConfigPath('/srv/node/proget.env')).toBe(false);
  });
});
