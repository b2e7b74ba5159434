import { describe, expect, it } from 'vitest';
import { seededRandom } from '../testing/seeded-random';
import { connectionStringProblems, convertKind, formProblems, isIntegrated, readFields, setKey, writeFields, type DbFields } from './connection-fields';
import { parseConnectionString } from './connection-strings';

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


  it('converts between kinds, keeping server, database and login', () => {
    expect(convertKind('sqlserver', 'postgres', 'Server=sql01,1433;Database=ProGet;User ID=pg')).toBe('Server=sql01;Database=ProGet;User Id=pg');
  });

  it('says what is missing, in the engine\'s words', () => {
    expect(connectionStringProblems('postgres', 'Host=db')).toEqual(['It names no database (Database=).', 'It names no login (User Id= or Username=).']);
    expect(connectionStringProblems('postgres', 'postgres://u@db/x')[0]).toMatch(/is a URL/);
    expect(connectionStringProblems('sqlserver', 'Server="sql01')).toEqual(['It cannot be read: a quoted value is not closed.']);
    expect(connectionStringProblems('sqlserver', '')).toEqual(['Enter the server and database, or paste a connection string.']);
  });

  it('setKey appends a key that is not there, removes one set to undefined, and keeps a key still being typed', () => {
    expect(setKey('A=1', ['b'], 'B', '2')).toBe('A=1;B=2');
    expect(setKey('A=1;B=2', ['b'], 'B', undefined)).toBe('A=1');
    expect(setKey('A=1;Datab', ['a'], 'A', '2')).toBe('A=2;Datab');
  });

  it('shows the value the engine uses when a key is written twice, or under a synonym the engine does not take', () => {
    expect(readFields('sqlserver', 'Server=old;Database=x;Server=new;User ID=u').host).toBe('new');
    // tedious (and SqlClient) know no `User` key: the engine sees no login, so neither does the builder.
    expect(readFields('sqlserver', 'Server=s;Database=x;User=u').user).toBe('');
    // A doubled `;` inside an unquoted value is a literal `;`: the edit replaces the whole value.
    const text = 'Server=s;Database=a;;b;User ID=u';
    expect(readFields('sqlserver', text).database).toBe('a;b');
    expect(writeFields('sqlserver', text, { ...readFields('sqlserver', text), database: 'c' }, ['database'])).toBe('Server=s;Database=c;User ID=u');
  });
});

// Random strings over the pieces that make connection strings hard: synonyms in any case, doubled
// keys, quotes, braces, doubled `;`, blanks. The builder must read what the engine reads.
const KEYS = {
  sqlserver: ['Server', 'Data Source', 'address', 'ADDR', 'Network Address', 'Database', 'Initial Catalog', 'User ID', 'uid', 'User', 'Integrated Security', 'Trusted_Connection', 'Encrypt', 'Application Name'],
  postgres: ['Host', 'Server', 'Port', 'Database', 'DB', 'Username', 'User Id', 'userid', 'User', 'SSL Mode', 'Timeout'],
} as const;
const VALUES = ['sql01', 'db', 'sql01\\PROD', 'sql01,1450', 'tcp:sql01\\I,1433', '.', '(local)', 'Pro Get', '"a;b"', "'q''s'", '{br;ace}', 'x;;y', ' padded ', 'True', 'SSPI', 'maybe', 'Optional', '5433', '', 'ünï'];

function randomString(next: () => number, kind: 'sqlserver' | 'postgres'): string {
  const pick = <T,>(a: readonly T[]) => a[Math.floor(next() * a.length)]!;
  const parts: string[] = [];
  for (let n = 1 + Math.floor(next() * 7); n > 0; n--) {
    const key = pick(KEYS[kind]);
    parts.push(`${next() < 0.2 ? ' ' : ''}${next() < 0.5 ? key : key.toLowerCase()}${next() < 0.2 ? ' = ' : '='}${pick(VALUES)}`);
  }
  return parts.join(';') + (next() < 0.1 ? ';' : '');
}

describe('the builder reads what the engine reads (property)', () => {
  for (const kind of ['sqlserver', 'postgres'] as const) {
    it(`${kind}: host, port, database, login and instance agree for every string the engine accepts`, () => {
      const next = seededRandom(kind === 'sqlserver' ? 51 : 52);
      let accepted = 0;
      for (let i = 0; i < 3000; i++) {
        const text = randomString(next, kind);
        const r = parseConnectionString(kind, text);
        if (!r.ok) continue;
        accepted++;
        const f = readFields(kind, text);
        const e = r.endpoint;
        // The engine names SQL Server's local spellings `localhost`; the builder shows them as typed.
        const host = kind === 'sqlserver' && (f.host === '.' || f.host.toLowerCase() === '(local)') ? 'localhost' : f.host;
        expect({ host, port: Number(f.port || (kind === 'sqlserver' ? 1433 : 5432)), database: f.database, user: f.user || undefined, instance: f.instance || undefined }, JSON.stringify(text))
          .toEqual({ host: e.host, port: e.port, database: e.database, user: e.user, instance: e.instance });
        if (kind === 'sqlserver') expect(f.integrated, JSON.stringify(text)).toBe(e.integratedSecurity);
      }
      expect(accepted).toBeGreaterThan(300);
    });
  }

  it('an edit of one field reads back as typed and leaves the other fields as they were', () => {
    const next = seededRandom(53);
    const pick = <T,>(a: readonly T[]) => a[Math.floor(next() * a.length)]!;
    const typed = ['sql02', 'Pro;Get', 'a"b', "it's", '{x}', ' spaced out ', 'q=1', '', '1444', 'u;;v'];
    for (let i = 0; i < 2000; i++) {
      const kind = pick(['sqlserver', 'postgres'] as const);
      const text = randomString(next, kind);
      const before = readFields(kind, text);
      const field = pick(kind === 'sqlserver' ? ['database', 'user', 'instance', 'port'] as const : ['host', 'database', 'user', 'port'] as const);
      let value = pick(typed);
      if (field === 'port') value = value.replace(/\D/g, '');
      if (field === 'instance') value = value.replace(/[\\,]/g, '');
      // A login is written only for a SQL login, and an instance or port only with a server.
      if (kind === 'sqlserver' && (before.integrated || (field !== 'database' && field !== 'user' && !before.host.trim()))) continue;
      const written = writeFields(kind, text, { ...before, [field]: value }, [field as keyof DbFields]);
      const after = readFields(kind, written);
      const ctx = `${kind} ${JSON.stringify(text)} ${field}=${JSON.stringify(value)} -> ${JSON.stringify(written)}`;
      expect(after[field], ctx).toBe(value.trim());
      for (const other of ['host', 'instance', 'port', 'database', 'user'] as const) {
        if (other !== field && !(kind === 'sqlserver' && ['host', 'instance', 'port'].includes(field) && ['host', 'instance', 'port'].includes(other))) {
          expect(after[other], `${ctx} (${other})`).toBe(before[other]);
        }
      }
    }
  });
});

describe('the Database form flags each empty field where it is (property)', () => {
  it('an empty string flags server, database and login, and nothing at the box', () => {
    expect(formProblems('sqlserver', '')).toEqual({ fields: { host: 'Enter the SQL Server’s name or address', database: 'Enter the name of the database', user: 'Enter the SQL Server login' }, string: [] });
    expect(formProblems('sqlserver', 'Server=s;Integrated Security=SSPI').fields).toEqual({ database: 'Enter the name of the database' });
    expect(formProblems('postgres', 'postgres://u@db/x').string[0]).toMatch(/is a URL/);
    expect(formProblems('sqlserver', 'Server="s').fields).toEqual({});
  });

  for (const kind of ['sqlserver', 'postgres'] as const) {
    it(`${kind}: the form lets through exactly what the engine accepts, and a missing field is said once, at its field`, () => {
      const next = seededRandom(kind === 'sqlserver' ? 54 : 55);
      for (let i = 0; i < 2000; i++) {
        const text = next() < 0.1 ? '' : randomString(next, kind);
        const p = formProblems(kind, text);
        const blocked = Object.keys(p.fields).length + p.string.length > 0;
        expect(blocked, JSON.stringify(text)).toBe(!parseConnectionString(kind, text).ok);
        expect(p.string.some((m) => /names no/.test(m)), JSON.stringify(text)).toBe(false);
      }
    });
  }
});
