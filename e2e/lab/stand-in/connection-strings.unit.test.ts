import { describe, expect, it } from 'vitest';
import {
  ConnectionStringError,
  maskConnectionString,
  parsePostgresConnectionString,
  parseSqlServerConnectionString,
} from './connection-strings';
import { errorText } from './product-database';

describe('parsePostgresConnectionString', () => {
  it('reads the Npgsql form case-insensitively, with aliases and quoted values', () => {
    expect(parsePostgresConnectionString('host=db01;PORT=6543;Database=proget;Username=proget;Password="p;w=d"')).toEqual({
      host: 'db01', port: 6543, database: 'proget', user: 'proget', password: 'p;w=d', ssl: false,
    });
    expect(parsePostgresConnectionString('Server=10.0.0.5;User ID=me;Password=x;SSL Mode=Require')).toMatchObject({
      host: '10.0.0.5', port: 5432, user: 'me', database: undefined, ssl: { rejectUnauthorized: false },
    });
  });

  it('rejects a string without host or with a bad port', () => {
    expect(() => parsePostgresConnectionString('Database=x')).toThrow(ConnectionStringError);
    expect(() => parsePostgresConnectionString('Host=a;Port=99999')).toThrow(/not a port/);
  });
});

describe('parseSqlServerConnectionString', () => {
  it('reads Server=host,port, Database, User ID, Password, Encrypt and TrustServerCertificate', () => {
    expect(parseSqlServerConnectionString('Server=10.0.0.2,14330;Database=ProGet;User ID=proget;Password=pw;Encrypt=true;TrustServerCertificate=true')).toEqual({
      server: '10.0.0.2', port: 14330, instanceName: undefined, database: 'ProGet', user: 'proget', password: 'pw', encrypt: true, trustServerCertificate: true,
    });
  });

  it('reads Data Source with tcp: and an instance, Initial Catalog, and SqlClient\'s Encrypt default', () => {
    expect(parseSqlServerConnectionString('Data Source=tcp:sql01\\PROD;Initial Catalog=BuildMaster;uid=bm;pwd=x;Encrypt=Optional')).toMatchObject({
      server: 'sql01', port: undefined, instanceName: 'PROD', database: 'BuildMaster', user: 'bm', password: 'x', encrypt: false,
    });
    expect(parseSqlServerConnectionString('Server=.;User ID=a;Password=b')).toMatchObject({ server: 'localhost', encrypt: true, trustServerCertificate: false });
  });

  it('rejects integrated security without a user, and a missing server', () => {
    expect(() => parseSqlServerConnectionString('server=sql01;database=ProGet;integrated security=sspi;')).toThrow(/integrated security/);
    expect(() => parseSqlServerConnectionString('Database=x')).toThrow(/no Server/);
  });
});

describe('secrets', () => {
  it('masks every password form in a connection string', () => {
    expect(maskConnectionString('Host=a;Password=secret;Username=u')).toBe('Host=a;Password=***;Username=u');
    expect(maskConnectionString('server=a;PWD = "se;cret";x=1')).toBe('server=a;PWD = ***;x=1');
    expect(maskConnectionString("password='it''s'")).toBe('password=***');
    expect(maskConnectionString('Host=a; PSW = x;b=1')).toBe('Host=a; PSW = ***;b=1');
  });

  it('keeps a driver message on one line and without the password', () => {
    expect(errorText(new Error('login failed for hunter22\nsecond line'), 'hunter22')).toBe('login failed for *** second line');
    expect(errorText('plain', undefined)).toBe('plain');
  });
});
