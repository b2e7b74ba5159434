import { describe, expect, it } from 'vitest';
import { maskConnectionString, parsePostgres, parseSqlServer, passwordOf, withPassword } from './connection-strings';

describe('SQL Server connection strings', () => {
  it('reads server, instance, port, database, login and TLS settings', () => {
    const r = parseSqlServer('Server=tcp:sql01\\INEDO,1444;Database=ProGet;User ID=proget;Encrypt=true;TrustServerCertificate=true');
    expect(r).toEqual({ ok: true, endpoint: { kind: 'sqlserver', host: 'sql01', instance: 'INEDO', port: 1444, database: 'ProGet', user: 'proget', integratedSecurity: false, encrypt: true, trustServerCertificate: true } });
  });
  it('accepts the aliases and integrated security', () => {
    const r = parseSqlServer('Data Source=sql01;Initial Catalog=BuildMaster;Integrated Security=SSPI');
    expect(r.ok && r.endpoint).toMatchObject({ host: 'sql01', port: 1433, database: 'BuildMaster', integratedSecurity: true });
  });
  it('names every problem', () => {
    const r = parseSqlServer('Encrypt=true');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems).toEqual(['names no server (Server= or Data Source=)', 'names no database (Database= or Initial Catalog=)', 'names no login (User ID=) and does not use Integrated Security']);
    expect(parseSqlServer('Server=np:\\\\.\\pipe\\sql;Database=x;User ID=u').ok).toBe(false);
  });
  it('reads yes/no settings as SqlClient does: Encrypt=Optional is off, and the spaced Trust Server Certificate counts', () => {
    const r = parseSqlServer('Server=sql01;Database=d;User ID=u;Encrypt=Optional;Trust Server Certificate=true');
    expect(r.ok && r.endpoint).toMatchObject({ encrypt: false, trustServerCertificate: true });
    const strict = parseSqlServer('Server=sql01;Database=d;User ID=u;Encrypt=Strict');
    expect(strict.ok && strict.endpoint).toMatchObject({ encrypt: true, strictEncryption: true });
  });
});

describe('PostgreSQL connection strings', () => {
  it('reads the Npgsql form', () => {
    expect(parsePostgres('Host=db01;Port=5433;Database=proget;Username=proget;SSL Mode=Require')).toEqual({
      ok: true, endpoint: { kind: 'postgres', host: 'db01', port: 5433, database: 'proget', user: 'proget', integratedSecurity: false, encrypt: true, trustServerCertificate: false },
    });
  });
  it('refuses a URL and a missing database', () => {
    expect(parsePostgres('postgresql://u@db/proget').ok).toBe(false);
    const r = parsePostgres('Host=db01;Username=u;Port=99999');
    expect(!r.ok && r.problems).toEqual(['names no database (Database=)', 'has a port that is not a number from 1 to 65535']);
  });
});

describe('passwords in connection strings', () => {
  it('adds, replaces, reads and masks a password, quoting what needs quoting', () => {
    const full = withPassword('Host=db;Database=p;Username=u;Password=old', 'n;e"w}');
    expect(passwordOf(full)).toBe('n;e"w}');
    expect(full.startsWith('Host=db;Database=p;Username=u;Password=')).toBe(true);
    const masked = maskConnectionString(full);
    expect(masked).not.toContain('n;e');
    expect(masked).toContain('Password=');
    expect(parsePostgres(masked).ok).toBe(true);
  });
});

describe('connection strings keep what the admin wrote', () => {
  it('never re-spells other segments (no ODBC braces around host,port)', () => {
    expect(withPassword('Server=tcp:sql01,1433;Database=ProGet;User ID=u;TrustServerCertificate=True', 'p')).toBe('Server=tcp:sql01,1433;Database=ProGet;User ID=u;TrustServerCertificate=True;Password=p');
    expect(maskConnectionString('Server=sql01,1433;Password="a;b";Database=x')).toBe('Server=sql01,1433;Password=********;Database=x');
    expect(maskConnectionString('Server=sql01,1433;Database=x')).toBe('Server=sql01,1433;Database=x');
  });
  it('quotes a password as ADO.NET does, and the real parser reads it back exactly', () => {
    for (const pw of ['plain', 'semi;colon', 'dq"uote', "sq'uote", `both"'`, ' edge ', 'brace{}', 'eq=sign', 'ünï']) {
      const full = withPassword('Host=db;Database=p;Username=u', pw);
      expect(passwordOf(full), full).toBe(pw);
      expect(parsePostgres(full).ok).toBe(true);
    }
  });
  it('replaces Pwd and Password segments alike and says when a quote is not closed', () => {
    expect(withPassword('Server=s;Pwd=old;Database=d', 'new')).toBe('Server=s;Database=d;Password=new');
    expect(maskConnectionString('Server=s;Password="unterminated')).toBe('Server=s;Password=********');
    expect(maskConnectionString('Server=s;Database="x;Pwd=secret')).toBe('Server=s;Database="x;Pwd=********');
  });
});
