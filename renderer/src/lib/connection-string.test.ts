import { describe, expect, it } from 'vitest';
import { connectionStringProblems, convertKind, isIntegrated, liftPassword, readFields, setKey, writeFields } from './connection-string';

describe('the Database page builder', () => {
  it('reads SQL Server fields, including instance, port and the default encryption', () => {
    const f = readFields('sqlserver', 'Data Source=tcp:sql01\\PROD,1450;Initial Catalog=ProGet;User ID=pg;TrustServerCertificate=true');
    expect(f).toMatchObject({ host: 'sql01', instance: 'PROD', port: '1450', database: 'ProGet', user: 'pg', integrated: false, encrypt: true, trustServerCertificate: true });
  });

  it('edits one field in place, keeping the key as typed and every other segment byte for byte', () => {
    const text = 'Data Source=sql01;Initial Catalog=ProGet;Application Name="HA; wizard";User ID=pg';
    const next = writeFields('sqlserver', text, { ...readFields('sqlserver', text), database: 'ProGet2' }, ['database']);
    expect(next).toBe('Data Source=sql01;Initial Catalog=ProGet2;Application Name="HA; wizard";User ID=pg');
  });

  it('switches to integrated security by dropping the login', () => {
    const text = 'Server=sql01;Database=ProGet;User ID=pg';
    const next = writeFields('sqlserver', text, { ...readFields('sqlserver', text), integrated: true }, ['integrated']);
    expect(next).toBe('Server=sql01;Database=ProGet;Integrated Security=True');
    expect(isIntegrated(next)).toBe(true);
    expect(connectionStringProblems('sqlserver', next)).toEqual([]);
  });

  it('round-trips PostgreSQL fields and quotes values that need it', () => {
    const next = writeFields('postgres', '', { host: 'db01', instance: '', port: '', database: 'pro;get', user: 'u', integrated: false, encrypt: true, trustServerCertificate: false });
    // Inedo's form, and no SSL Mode even with encrypt set: Inedo supports no option in it.
    expect(next).toBe('Server=db01;Database="pro;get";User Id=u');
    expect(readFields('postgres', next)).toMatchObject({ host: 'db01', database: 'pro;get', user: 'u', encrypt: false });
  });

  it('lifts a typed password out of the string', () => {
    expect(liftPassword('Host=db;Password="a;b";Database=x')).toEqual({ text: 'Host=db;Database=x', password: 'a;b' });
    expect(liftPassword('Host=db;Database=x')).toEqual({ text: 'Host=db;Database=x', password: null });
    // Issue 9 item 7: Npgsql's PSW synonym is a password too.
    expect(liftPassword('Host=db; psw = "x;y";Database=x')).toEqual({ text: 'Host=db;Database=x', password: 'x;y' });
  });

  it('converts between kinds, keeping server, database and login', () => {
    expect(convertKind('sqlserver', 'postgres', 'Server=sql01,1433;Database=ProGet;User ID=pg')).toBe('Server=sql01;Database=ProGet;User Id=pg');
  });

  it('says what is missing', () => {
    expect(connectionStringProblems('postgres', 'Host=db')).toEqual(['It names no database (Database=).', 'It names no login (User Id=).']);
    expect(connectionStringProblems('postgres', 'postgres://u@db/x')[0]).toMatch(/not a URL/);
    expect(connectionStringProblems('sqlserver', 'Server="sql01')).toEqual(['A quoted value is not closed.']);
  });

  it('setKey appends a key that is not there and removes one set to undefined', () => {
    expect(setKey('A=1', ['b'], 'B', '2')).toBe('A=1;B=2');
    expect(setKey('A=1;B=2', ['b'], 'B', undefined)).toBe('A=1');
  });
});
