/**
 * A small tokenizer-level checker for our PowerShell scripts, standing in for the real parser
 * (pwsh cannot be installed here). It finds what would stop a script from parsing or let data
 * become code: unbalanced (), {}, [] outside strings and comments; unterminated '...', "...",
 * here-strings and <# #> comments; interpolation ($var, $(...)) inside double-quoted strings;
 * and non-ASCII characters (PowerShell treats curly quotes and dashes as syntax).
 */

export interface PowerShellLintIssue {
  line: number;
  column: number;
  message: string;
}

const OPENERS: Record<string, string> = { '(': ')', '{': '}', '[': ']' };
const CLOSERS = new Set([')', '}', ']']);
/** Characters after which '#' starts a comment (otherwise it is part of a word, as in a#b). */
const COMMENT_AFTER = new Set([' ', '\t', '\r', '\n', ';', '(', ')', '{', '}', '[', ']', '|', '&', ',', '=']);

/** Returns every problem found; an empty list means the script passed. */
export function lintPowerShell(text: string): PowerShellLintIssue[] {
  const issues: PowerShellLintIssue[] = [];
  const stack: { char: string; at: number }[] = [];
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);

  const position = (offset: number) => {
    let line = 0;
    while (line + 1 < lineStarts.length && (lineStarts[line + 1] ?? Infinity) <= offset) line++;
    return { line: line + 1, column: offset - (lineStarts[line] ?? 0) + 1 };
  };
  const report = (offset: number, message: string) => issues.push({ ...position(offset), message });

  for (let offset = 0; offset < text.length; offset++) {
    const code = text.charCodeAt(offset);
    if (code > 0x7e || (code < 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09)) {
      report(offset, `non-ASCII or control character U+${code.toString(16).padStart(4, '0')}`);
    }
  }

  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    const next = text[i + 1] ?? '';
    const previous = i === 0 ? '\n' : (text[i - 1] ?? '\n');

    if (c === '<' && next === '#') {
      const end = text.indexOf('#>', i + 2);
      if (end < 0) return [...issues, { ...position(i), message: 'unterminated <# #> block comment' }];
      i = end + 2;
    } else if (c === '#' && COMMENT_AFTER.has(previous)) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === '@' && (next === "'" || next === '"') && /^[ \t]*\r?\n/.test(text.slice(i + 2))) {
      const terminator = new RegExp(`\\n${next}@`, 'g');
      terminator.lastIndex = i + 2;
      const match = terminator.exec(text);
      if (!match) return [...issues, { ...position(i), message: `unterminated @${next} here-string` }];
      if (next === '"') checkInterpolation(text.slice(i + 2, match.index), i + 2, report);
      i = match.index + 3;
    } else if (c === "'") {
      i = skipSingleQuoted(text, i, report);
    } else if (c === '"') {
      i = skipDoubleQuoted(text, i, report);
    } else if (c === '`') {
      i += 2; // escape outside strings (line continuation, literal character)
    } else if (OPENERS[c]) {
      stack.push({ char: c, at: i });
      i++;
    } else if (CLOSERS.has(c)) {
      const open = stack.pop();
      if (!open) report(i, `unmatched '${c}'`);
      else if (OPENERS[open.char] !== c) report(i, `'${c}' closes '${open.char}' opened at line ${position(open.at).line}`);
      i++;
    } else {
      i++;
    }
  }
  for (const open of stack) report(open.at, `unclosed '${open.char}'`);
  return issues;
}

/** '...' strings: no escapes except '' for a quote; returns the offset after the closing quote. */
function skipSingleQuoted(text: string, start: number, report: (at: number, message: string) => void): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === "'") {
      if (text[i + 1] === "'") i += 2;
      else return i + 1;
    } else i++;
  }
  report(start, "unterminated '...' string");
  return text.length;
}

/** "..." strings: backtick escapes, "" for a quote; interpolation inside is reported. */
function skipDoubleQuoted(text: string, start: number, report: (at: number, message: string) => void): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '`') i += 2;
    else if (c === '"' && text[i + 1] === '"') i += 2;
    else if (c === '"') {
      checkInterpolation(text.slice(start + 1, i), start + 1, report);
      return i + 1;
    } else i++;
  }
  report(start, 'unterminated "..." string');
  return text.length;
}

/** Any $name, ${name} or $(...) inside an expandable string is code running on text: refuse it. */
function checkInterpolation(content: string, offset: number, report: (at: number, message: string) => void): void {
  const pattern = /(?<!`)\$(\(|\{|[A-Za-z_?:])/g;
  for (let match = pattern.exec(content); match; match = pattern.exec(content)) {
    const what = match[1] === '(' ? '$(...) subexpression' : 'variable';
    const aboutParams = /^\$p\b/.test(content.slice(match.index)) ? ' (parameters must stay data)' : '';
    report(offset + match.index, `${what} interpolated in a double-quoted string${aboutParams}`);
  }
}
