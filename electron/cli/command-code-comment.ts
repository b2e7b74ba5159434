/**
 * How the bundled CLI carries its command code (issue 10): as line comments after the program. V8 skips a
 * comment at about the speed of a memory scan, where preparsing the same 4 MB as code cost more than a
 * bare node start, so `--help` pays only for the program. Every line keeps its number, so a stack trace
 * points into the file as it is (3 columns left of the text: the comment mark is not counted). Pure: the build (scripts/build-cli.ts) writes it, the bundle reads it.
 */

/** The line after which the command code starts; no other line of the bundle is this whole line. */
export const COMMAND_CODE_MARK = '//// ha-wizard: the command code, compiled when a command runs (electron/cli/command-code-bundled.ts)';

/**
 * The one module the command code takes from the program instead of bundling a copy: main() tells a
 * UsageError (exit 2) by `instanceof`, which two copies of the class would break.
 */
export const PROGRAM_USAGE_ERROR = 'ha-wizard:usage-error';

// Not `//#` or `//@`: a line of code that began `# sourceURL=` would otherwise read as a magic comment.
const PREFIX = '// ';

// Every character outside printable ASCII but \t and \n travels as DEL and six hex digits (DEL itself too,
// so nothing else reads as an escape). esbuild leaves a few in regular expressions and tagged templates;
// escaped, the file is all ASCII, which Node reads about three times faster, at every start. And a line
// terminator other than \n (\r, \u2028, \u2029), which would end a comment early, cannot occur.
const ESCAPE = '\x7f';
const toAscii = (code: string) => code.replace(/[^\t\n\x20-\x7e]/gu, (c) => ESCAPE + (c.codePointAt(0) ?? 0).toString(16).padStart(6, '0'));
// A split, not a regular expression: over the 4 MB that took 10 to 30 ms, this about 7.
function fromAscii(code: string): string {
  const [first = '', ...escaped] = code.split(ESCAPE);
  return first + escaped.map((p) => String.fromCodePoint(parseInt(p.slice(0, 6), 16)) + p.slice(6)).join('');
}

/** `code` as line comments, all in ASCII. */
export function commentOut(code: string): string {
  return toAscii(code).split('\n').map((l) => PREFIX + l).join('\n');
}

/** The command code after the mark in `file`, comment marks taken off, and the 0-based line it starts on. */
export function commentedCode(file: string): { code: string; line: number } {
  // Plain string searches and one replaceAll: splitting the 4 MB into lines and joining them again took
  // 10 to 20 ms, a regular expression over it more.
  let eol = '\n';
  let at = file.indexOf(`\n${COMMAND_CODE_MARK}\n`);
  if (at < 0) {
    eol = '\r\n'; // a copy whose line ends were converted
    at = file.indexOf(`\n${COMMAND_CODE_MARK}\r\n`);
  }
  if (at < 0) throw new Error('this ha-wizard file carries no command code: build it with npm run build:cli');
  const start = at + 1 + COMMAND_CODE_MARK.length + eol.length;
  const body = file.endsWith(eol) ? file.slice(start, -eol.length) : file.slice(start);
  const damaged = body.split(eol).findIndex((l) => !l.startsWith(PREFIX));
  if (damaged >= 0) throw new Error(`this ha-wizard file is damaged: line ${damaged + 1} of its command code is not a comment`);
  const line = file.slice(0, start).split('\n').length - 1;
  return { code: fromAscii(body.slice(PREFIX.length).replaceAll(`${eol}${PREFIX}`, '\n')), line };
}
