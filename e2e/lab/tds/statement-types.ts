/**
 * The shapes of a statement's context and answer, apart from the statement tables (statements.ts,
 * backup-statements.ts) so each table can use them without importing the other.
 */
import type { TdsModel } from './model';
import type { ResultColumn, ResultValue } from './token-writer';
import type { ParameterValue } from './type-info';

export interface ResultSet {
  columns: ResultColumn[];
  rows: ResultValue[][];
}

export interface StatementError {
  number: number;
  class: number;
  state: number;
  message: string;
}

export type StatementOutcome =
  | { kind: 'ok'; resultSets: ResultSet[]; rowsAffected?: number; command: number }
  | { kind: 'error'; error: StatementError };

export interface StatementContext {
  /** The running server's model; setSetting writes into its settings. */
  model: TdsModel;
  login: string;
  /** The connection's current database. */
  database: string;
  parameters: ReadonlyMap<string, ParameterValue>;
}
