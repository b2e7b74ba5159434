/**
 * POSIX shell dialect: quoting for sh, and how a fixed script reaches a Linux node whatever its login shell.
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
 * The one command line every POSIX script is sent with. sshd hands it to the login user's shell
 * (`$SHELL -c`), which may be sh, bash, zsh, fish or tcsh: these two plain words mean the same in
 * all of them, while quoting rules differ (fish and tcsh read '...' differently from sh).
 */
export const POSIX_SCRIPT_COMMAND = 'sh -s';

/**
 * A fixed script (a constant, never user text) with positional arguments, as the command line
 * POSIX_SCRIPT_COMMAND and what to write to its stdin: `set --` with the arguments quoted for sh
 * (only sh ever parses them), then the script as one brace group, so sh reads all of it before it
 * runs anything, with its stdin from /dev/null, so no command inside can swallow the script's text.
 */
export function posixScript(script: string, args: readonly string[] = []): { command: string; stdin: string } {
  const set = args.length ? `set -- ${args.map(shQuote).join(' ')}` : 'set --';
  return { command: POSIX_SCRIPT_COMMAND, stdin: `${set}\n{\n${script}\n} </dev/null\n` };
}
