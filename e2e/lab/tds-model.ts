/** The SQL Server model the lab's TDS test server answers from. */
import { REQUIRED_SQL_COLLATION } from '../../electron/shared/products';
import type { TdsModel } from './tds/model';
import type { LabOptions } from './lab-types';

export function labTdsModel(options: LabOptions, databaseName: string, suffixes: string[], password: string): TdsModel {
  const login = options.product;
  const names = [...new Set(['', ...suffixes])].map((s) => `${databaseName}${s}`);
  return {
    serverVersion: '16.0.4135.4',
    edition: 'Enterprise Edition (64-bit)',
    topology: options.sqlTopology,
    serverCollation: REQUIRED_SQL_COLLATION,
    // An owner may verify and restore an upgrade's backup only with dbcreator (RESTORE VERIFYONLY needs CREATE DATABASE).
    logins: [{ name: login, password, ...(options.sqlDbOwner ? { dbcreator: true } : {}) }],
    databases: names.map((name) => ({
      name,
      collation: REQUIRED_SQL_COLLATION,
      recoveryModel: 'SIMPLE' as const,
      state: 'ONLINE' as const,
      owners: options.sqlDbOwner ? [login] : [],
      users: [login],
      ...(options.sqlTopology === 'always-on' ? { availabilityGroup: 'InedoAG' } : {}),
    })),
    settings: {},
  };
}
