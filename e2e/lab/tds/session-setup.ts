/**
 * Batches clients send on their own right after login, recorded by watching them against this
 * server (statementsSeen()). They are answered with a bare DONE. Only these exact texts pass: a
 * client configured differently (other SET options) is told loudly, like any unknown statement.
 */

/**
 * tedious (and so mssql) with its default connection options: Connection#getInitialSql(), sent as
 * one SQL_BATCH after LOGINACK and again whenever mssql resets a pooled connection.
 */
export const TEDIOUS_SESSION_SETUP = [
  'set ansi_nulls on',
  'set ansi_null_dflt_on on',
  'set ansi_padding on',
  'set ansi_warnings on',
  'set arithabort on',
  'set concat_null_yields_null on',
  'set datefirst 7',
  'set dateformat mdy',
  'set implicit_transactions off',
  'set language us_english',
  'set numeric_roundabort off',
  'set quoted_identifier on',
  'set textsize 2147483647',
  'set transaction isolation level read committed',
  'set xact_abort off',
].join('\n');

/**
 * FreeTDS tsql 1.3 (TDS 7.1-7.4) sends nothing of its own after login: the statements seen are
 * only those typed in (freetds-tsql.unit.test.ts checks this), so it needs no entry here.
 */
export const SESSION_SETUP_STATEMENTS: readonly string[] = [TEDIOUS_SESSION_SETUP];
