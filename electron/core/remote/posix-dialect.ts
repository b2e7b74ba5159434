/**
 * POSIX shell dialect: quoting for `sh -c` command lines (what sshd runs a Linux exec request through).
 * User values are always quoted as one single-quoted word, so the shell never interprets them.
 */

/** Thrown for values a POSIX command line cannot carry (NUL ends a C string; it would truncate silently). */
export class ShellQuoteError extends Error {
  override readonly name = 'ShellQuoteError';
}

/**
 * Quotes one value as a single POSIX shell word. Inside '...' nothing is special except the closing
 * quote itself, which is written as '\'' (close, escaped quote, reopen). Newlines, $, `, \ and "
 * pass through literally. The empty string becomes '' so it still counts as an argument.
 */
export function shQuote(value: string): string {
  if (typeof value !== 'string') throw new ShellQuoteError('shQuote expects a string');
  if (value.includes('\0')) throw new ShellQuoteError('A shell argument cannot contain a NUL character');
  // Plain words need no quotes (keeps shown plans readable). The set holds no shell metacharacter and no
  // "=", so a bare word can never turn into a variable assignment in the command position.
  if (/^[A-Za-z0-9_@%+:,./-]+$/.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * Builds a command line from argv, every element quoted (the program name too), for sh -c.
 * A leading '-' in an argument is preserved byte for byte; whether the program treats it as an
 * option is the caller's concern (pass `--` first where the program supports it).
 */
export function posixCommand(argv: readonly string[]): string {
  if (argv.length === 0) throw new ShellQuoteError('posixCommand needs at least the program name');
  return argv.map(shQuote).join(' ');
}

/**
 * Runs a fixed script (a constant, never user text) with positional arguments:
 * `sh -c '<script>' sh 'arg1' 'arg2'`, the script referring to them as "$1", "$2".
 */
export function posixScript(script: string, args: readonly string[] = []): string {
  return posixCommand(['sh', '-c', script, 'sh', ...args]);
}
