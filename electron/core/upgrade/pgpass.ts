/**
 * The password file pg_dump and pg_restore read (PGPASSFILE), so the password is never on a command line
 * nor in a command's environment. libpq's format: host:port:database:username:password, one entry a line;
 * in every field `\` escapes the next character, so `\` and `:` are written `\\` and `\:`. A line ends
 * at a line break (libpq also strips trailing carriage returns), so a password holding one cannot be written.
 */
import { UpgradeStepError } from './upgrade-ports';

const escapeField = (value: string) => value.replace(/[\\:]/g, (c) => `\\${c}`);

/** The one line of a password file that gives `password` to every server, port, database and user. */
export function pgpassLine(password: string): string {
  if (/[\r\n\0]/.test(password)) {
    throw new UpgradeStepError('The database password holds a line break or a NUL character, which a PostgreSQL password file cannot carry: back the database up by hand.');
  }
  // The file serves one pg_dump or pg_restore run against one server, so the other fields match anything.
  return `*:*:*:*:${escapeField(password)}\n`;
}

/** A conninfo value in single quotes (libpq: `\` and `'` escaped by `\`), for `-d`. */
export function conninfoValue(value: string): string {
  return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}
