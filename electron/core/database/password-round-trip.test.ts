/**
 * Issue 9 item 5: every password a database accepts survives the connection string. The engine writes
 * it (withPassword, then the node's config file); the product's parser reads it back: for PostgreSQL
 * Npgsql's rules, for SQL Server SqlClient's rules and tedious (both played by the lab stand-in's own
 * parsers, which share nothing with the engine's). The same bytes must come out.
 */
import { parse as tediousParse } from '@tediousjs/connection-string';
import { describe, expect, it } from 'vitest';
import { parsePostgresConnectionString, parseSqlServerConnectionString } from '../../../e2e/lab/stand-in/connection-strings';
import { parseProductConfig as standInRead } from '../../../e2e/lab/stand-in/product-config';
import { writeNodeConfig } from '../config/config-writer';
import { HOSTILE_PASSWORDS, randomPassword } from '../../shared/testing/hostile-passwords';
import { seededRandom } from '../../shared/testing/seeded-random';
import { passwordOf, withPassword } from '../../shared/connection-string/connection-strings';

const PG = 'Host=db01;Port=5432;Database=proget;Username=proget';
const SQL = 'Server=sql01,1433;Database=ProGet;User ID=proget;Encrypt=True;TrustServerCertificate=True';
const KEY = '0123456789abcdef0123456789abcdef';

function passwords(seed: number, count = 400): string[] {
  const next = seededRandom(seed);
  return [...HOSTILE_PASSWORDS, ...Array.from({ length: count }, () => randomPassword(next, 1, 24))];
}

describe('passwords in connection strings, read by the product', () => {
  it('PostgreSQL: Npgsql reads back exactly the password written', () => {
    for (const pw of passwords(1)) {
      const cs = withPassword(`${PG};Password=old`, pw);
      expect(parsePostgresConnectionString(cs).password, cs).toBe(pw);
      expect(parsePostgresConnectionString(cs).database).toBe('proget');
      expect(passwordOf(cs), cs).toBe(pw);
    }
  });

  it('SQL Server: SqlClient and tedious both read back exactly the password written', () => {
    for (const pw of passwords(2)) {
      const cs = withPassword(`${SQL};Pwd=old`, pw);
      expect(parseSqlServerConnectionString(cs).password, cs).toBe(pw);
      expect(tediousParse(cs).get('password'), cs).toBe(pw);
      expect(parseSqlServerConnectionString(cs).database).toBe('ProGet');
    }
  });

  it('through the configuration file (XML and env, both databases), as the product reads it at start', () => {
    for (const pw of passwords(3, 150)) {
      for (const [kind, base] of [['postgres', PG], ['sqlserver', SQL]] as const) {
        for (const format of ['xml', 'env'] as const) {
          const cs = withPassword(base, pw);
          const text = writeNodeConfig(null, format, { product: 'proget', database: { kind, connectionString: cs }, encryptionKey: KEY }).text;
          const read = standInRead('proget', '2025.14', format === 'xml' ? 'C:/ProGet.config' : '/etc/proget.env', text).database;
          expect(read?.kind).toBe(kind);
          const target = kind === 'postgres' ? parsePostgresConnectionString(read!.connectionString) : parseSqlServerConnectionString(read!.connectionString);
          expect(target.password, `${format} ${kind} ${JSON.stringify(pw)}`).toBe(pw);
        }
      }
    }
  });
});
