import { z } from 'zod';

/**
 * What the TDS test server pretends to be: one SQL Server instance with its logins and databases.
 * The lab writes this as JSON (main.ts reads it from the config file) and may swap it at run time.
 */
export const tdsLoginSchema = z.object({
  name: z.string().min(1),
  password: z.string(),
  sysadmin: z.boolean().optional(),
});

export const tdsDatabaseSchema = z.object({
  name: z.string().min(1),
  collation: z.string().min(1),
  recoveryModel: z.enum(['SIMPLE', 'FULL', 'BULK_LOGGED']),
  state: z.enum(['ONLINE', 'OFFLINE']),
  /** Logins that are db_owner. */
  owners: z.array(z.string()),
  /** Logins that may open the database; owners implicitly may. */
  users: z.array(z.string()),
  /** Availability group name, meaningful when the topology is always-on. */
  availabilityGroup: z.string().optional(),
  /** The product stand-in's dbo.LabSchema: its schema version (a major such as 2025); absent until a stand-in writes one. */
  schemaVersion: z.number().int().optional(),
});

export const tdsModelSchema = z.object({
  serverVersion: z.string().regex(/^\d+\.\d+\.\d+(\.\d+)?$/, 'expected a version like 16.0.4135.4'),
  edition: z.string(),
  topology: z.enum(['standalone', 'failover-cluster', 'always-on', 'mirroring']),
  serverCollation: z.string().min(1),
  logins: z.array(tdsLoginSchema),
  databases: z.array(tdsDatabaseSchema),
  /** Backing store of the product stand-in's dbo.LabSettings table. */
  settings: z.record(z.string(), z.string()),
});

export type TdsLogin = z.infer<typeof tdsLoginSchema>;
export type TdsDatabase = z.infer<typeof tdsDatabaseSchema>;
export type TdsModel = z.infer<typeof tdsModelSchema>;

export interface DefaultTdsModelOptions {
  login?: string;
  password?: string;
  database?: string;
  serverVersion?: string;
  edition?: string;
}

/** A typical single-instance server: one product database owned by one login. */
export function defaultTdsModel(opts: DefaultTdsModelOptions = {}): TdsModel {
  const login = opts.login ?? 'proget';
  const collation = 'SQL_Latin1_General_CP1_CI_AS';
  return {
    serverVersion: opts.serverVersion ?? '16.0.4135.4',
    edition: opts.edition ?? 'Enterprise Edition (64-bit)',
    topology: 'standalone',
    serverCollation: collation,
    logins: [{ name: login, password: opts.password ?? 'Pr0Get!pass' }],
    databases: [
      {
        name: opts.database ?? 'ProGet',
        collation,
        recoveryModel: 'FULL',
        state: 'ONLINE',
        owners: [login],
        users: [],
      },
    ],
    settings: {},
  };
}

/** SQL Server compares identifiers case-insensitively under the usual CI server collation. */
export function sameIdentifier(a: string, b: string): boolean {
  return a.localeCompare(b, 'en', { sensitivity: 'accent' }) === 0;
}

export function findLogin(model: TdsModel, name: string): TdsLogin | undefined {
  return model.logins.find((l) => sameIdentifier(l.name, name));
}

export function findDatabase(model: TdsModel, name: string): TdsDatabase | undefined {
  return model.databases.find((d) => sameIdentifier(d.name, name));
}

export function isDbOwner(model: TdsModel, login: string, database: string): boolean {
  if (findLogin(model, login)?.sysadmin) return true;
  const db = findDatabase(model, database);
  return !!db && db.owners.some((o) => sameIdentifier(o, login));
}

/** Whether the login may open the database: sysadmins, owners and listed users may. */
export function mayOpenDatabase(model: TdsModel, login: string, database: string): boolean {
  // master is always there for every login, as on a real server.
  if (sameIdentifier(database, 'master')) return true;
  const db = findDatabase(model, database);
  if (!db || db.state !== 'ONLINE') return false;
  if (findLogin(model, login)?.sysadmin) return true;
  return [...db.owners, ...db.users].some((u) => sameIdentifier(u, login));
}
