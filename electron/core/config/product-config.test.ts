import { describe, expect, it } from 'vitest';
import { ConfigReadError, describeConfig, keyFingerprint, parseEnvConfig, parseXmlConfig } from './product-config';

const XML = `<?xml version="1.0" encoding="utf-8"?>
<InedoAppConfig>
  <!-- kept -->
  <ConnectionString>Server=sql01;Database=ProGet;User ID=proget;Password=p&amp;w</ConnectionString>
  <EncryptionKey>1FA97FAA42744155A879C056A70C11A7</EncryptionKey>
  <WebServer Enabled="true" Urls="http://*:8624;https://*:443" />
</InedoAppConfig>`;

describe('product configuration', () => {
  it('reads the Windows XML file, decoding entities', () => {
    expect(parseXmlConfig(XML)).toEqual({
      format: 'xml', sqlConnectionString: 'Server=sql01;Database=ProGet;User ID=proget;Password=p&w', postgresConnectionString: null,
      encryptionKey: '1FA97FAA42744155A879C056A70C11A7', urls: ['http://*:8624', 'https://*:443'],
    });
  });
  it('ignores a disabled PostgreSQL connection string and refuses broken XML or another root', () => {
    expect(parseXmlConfig('<InedoAppConfig><PostgresConnectionString Enabled="false">Host=x</PostgresConnectionString></InedoAppConfig>').postgresConnectionString).toBeNull();
    expect(parseXmlConfig('<InedoAppConfig><PostgresConnectionString Enabled="true">Host=x</PostgresConnectionString></InedoAppConfig>').postgresConnectionString).toBe('Host=x');
    expect(() => parseXmlConfig('<InedoAppConfig><ConnectionString>x</InedoAppConfig>')).toThrow(ConfigReadError);
    expect(() => parseXmlConfig('<Other/>')).toThrow(/no <InedoAppConfig>/);
  });
  it('reads a Docker env file with the product prefix', () => {
    const c = parseEnvConfig('# comment\nexport PROGET_POSTGRES_CONNECTION_STRING="Host=db;Database=proget"\nPROGET_ENCRYPTION_KEY=abc\nBUILDMASTER_ENCRYPTION_KEY=zzz\nASPNETCORE_URLS=http://+:80\n', 'proget');
    expect(c).toEqual({ format: 'env', sqlConnectionString: null, postgresConnectionString: 'Host=db;Database=proget', encryptionKey: 'abc', urls: ['http://+:80'] });
    expect(parseEnvConfig('BUILDMASTER_SQL_CONNECTION_STRING=Server=x\n', 'buildmaster').sqlConnectionString).toBe('Server=x');
  });
  it('describes a configuration without its secrets; key fingerprints ignore case', () => {
    const view = describeConfig(parseXmlConfig(XML));
    expect(view).toMatchObject({ databaseKind: 'sqlserver', encryptionKeyWellFormed: true, encryptionKeyFingerprint: keyFingerprint('1fa97faa42744155a879c056a70c11a7') });
    expect(JSON.stringify(view)).not.toMatch(/p&w|1FA97FAA/i);
  });
});
