/**
 * Connection strings read the way each product's own parser reads them, with the position of every
 * value, so a password can be masked where it sits (never by searching for its value). Two grammars:
 * - `adonet`: .NET's DbConnectionOptions (System.Data.Common, non-ODBC rules), which both
 *   Microsoft.Data.SqlClient and Npgsql use: values quoted with "..." or '...' (the quote doubled
 *   inside), braces are plain characters, an unquoted value ends at the first `;`.
 * - `tedious`: @tediousjs/connection-string's parser (the ADO.NET rules as the Node SQL Server driver
 *   reads them): also {...} quoting, and `;;` inside an unquoted value is a literal `;`.
 * Both: `==` inside a key is a literal `=`, keys are case-insensitive and trimmed, unquoted values trimmed.
 */
import { ConnectionStringSyntaxError } from './connection-string-text';

export type Dialect = 'adonet' | 'tedious';

export interface Token {
  /** Lower-cased and trimmed, as the parser looks it up. */
  key: string;
  keyStart: number;
  /** [valueStart, valueEnd) is the value as written, quotes included, surrounding blanks excluded. */
  valueStart: number;
  valueEnd: number;
  /** The value as the parser reads it. */
  value: string;
}

// .NET's char.IsWhiteSpace for the characters a connection string can hold; JS \s is close enough.
const isWs = (c: string | undefined) => c !== undefined && /\s/.test(c);
const isControl = (c: string) => c < ' ' || (c >= '\x7f' && c <= '\x9f');
const syntax = (why: string): never => {
  throw new ConnectionStringSyntaxError(why);
};

/** Port of DbConnectionOptions.GetKeyValuePair (useOdbcRules = false), keeping positions. */
function adoNet(text: string): Token[] {
  const out: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && (text[i] === ';' || isWs(text[i]))) i++;
    if (i >= n || text[i] === '\0') break;
    if (isControl(text[i]!)) syntax('a control character');
    const keyStart = i;
    let key = '';
    for (;;) {
      if (i >= n) return syntax('a key without "="');
      const c = text[i]!;
      if (c === '=') {
        if (text[i + 1] === '=') {
          key += '=';
          i += 2;
          continue;
        }
        i++;
        break;
      }
      if (isControl(c) && !isWs(c)) syntax('a control character in a key');
      key += c;
      i++;
    }
    key = key.trimEnd().toLowerCase();
    if (!key) syntax('an empty key');
    while (i < n && isWs(text[i])) i++;
    const valueStart = i;
    const q = text[i];
    if (q === '"' || q === "'") {
      let value: string;
      ({ value, end: i } = quotedValue(text, i + 1, q, true));
      const valueEnd = i;
      while (i < n && isWs(text[i])) i++;
      if (i < n && text[i] !== ';' && text[i] !== '\0') syntax('text after a quoted value');
      out.push({ key, keyStart, valueStart, valueEnd, value });
    } else {
      let last = i;
      while (i < n && text[i] !== ';' && !(isControl(text[i]!) && !isWs(text[i]))) {
        if (!isWs(text[i])) last = i + 1;
        i++;
      }
      const value = text.slice(valueStart, last);
      if (/["']$/.test(value)) syntax('an unquoted value ends with a quote');
      out.push({ key, keyStart, valueStart, valueEnd: last, value });
    }
    if (text[i] === ';') i++;
    else if (text[i] === '\0') break;
  }
  return out;
}

/**
 * A quoted value from `from` (just past its opening quote) to its closing `close`, which is doubled to
 * stand for itself; both grammars read quotes so, .NET also refusing a NUL inside.
 */
function quotedValue(text: string, from: number, close: string, refuseNul: boolean): { value: string; end: number } {
  let value = '';
  let i = from;
  for (;;) {
    if (i >= text.length) return syntax('a quoted value is not closed');
    if (text[i] === close) {
      if (text[i + 1] !== close) return { value, end: i + 1 };
      value += close;
      i += 2;
      continue;
    }
    if (refuseNul && text[i] === '\0') syntax('a NUL in a quoted value');
    value += text[i++];
  }
}

const TEDIOUS_QUOTES: Record<string, string> = { '"': '"', "'": "'", '{': '}' };

/** Port of @tediousjs/connection-string's parser, keeping positions. */
function tedious(text: string): Token[] {
  const out: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    // Key: up to a single '=' ('==' is a literal '='); leading blanks skipped, trimmed.
    while (i < n && isWs(text[i])) i++;
    const keyStart = i;
    // The first character of a key or a bare value is taken as it is, even '=' or ';' (the library's quirk).
    let key = i < n ? text[i++]! : '';
    while (i < n && !(text[i] === '=' && text[i + 1] !== '=')) {
      if (text[i] === '=') {
        key += '=';
        i += 2;
      } else key += text[i++];
    }
    if (i >= n) break; // a trailing key without '=' is dropped
    i++;
    while (i < n && isWs(text[i])) i++;
    const valueStart = i;
    const close = TEDIOUS_QUOTES[text[i] ?? ''];
    let value = '';
    let valueEnd: number;
    if (close) {
      ({ value, end: i } = quotedValue(text, i + 1, close, false));
      valueEnd = i;
      while (i < n && text[i] !== ';') if (!isWs(text[i++])) syntax('text after a quoted value');
    } else {
      let last = i;
      if (i < n) {
        value += text[i++];
        last = i;
      }
      while (i < n) {
        if (text[i] === ';') {
          if (text[i + 1] !== ';') break;
          value += ';';
          i += 2;
          last = i;
          continue;
        }
        value += text[i];
        if (!isWs(text[i])) last = i + 1;
        i++;
      }
      valueEnd = last;
      value = value.trim();
    }
    out.push({ key: key.trim().toLowerCase(), keyStart, valueStart, valueEnd, value });
    if (text[i] === ';') i++;
  }
  return out;
}

export function tokenize(text: string, dialect: Dialect): Token[] {
  return dialect === 'adonet' ? adoNet(text) : tedious(text);
}

/** Last one wins, as in both parsers; synonyms are the caller's business. */
export function valueOf(text: string, dialect: Dialect, keys: string[]): string | undefined {
  let found: string | undefined;
  for (const t of tokenize(text, dialect)) if (keys.includes(t.key)) found = t.value;
  return found;
}

/** Password, Pwd (SqlClient, Npgsql), PSW (Npgsql), SSL Password and the like, in any case and spacing. */
export function isPasswordKey(key: string): boolean {
  return /password|pwd|psw/.test(key.replace(/\s+/g, '').toLowerCase());
}

/** A password-like key followed by `=`, for text neither grammar can read. */
export const LOOSE_PASSWORD_KEY = /(p\s*a\s*s\s*s\s*w\s*o\s*r\s*d|p\s*w\s*d|p\s*s\s*w)[^=]*=/i;

/** Whether either grammar reads a password-like key (or, unreadable, the text looks as if it had one). */
export function hasPasswordKey(text: string): boolean {
  for (const dialect of ['adonet', 'tedious'] as const) {
    try {
      if (tokenize(text, dialect).some((t) => isPasswordKey(t.key))) return true;
    } catch {
      if (LOOSE_PASSWORD_KEY.test(text)) return true;
    }
  }
  return false;
}

/**
 * Where the password values are: every span that either grammar reads as the value of a password key,
 * merged. A string one grammar cannot read is masked from the first thing that looks like a password
 * key to its end, so a product reading it more leniently than we do still shows nothing.
 */
export function passwordSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const dialect of ['adonet', 'tedious'] as const) {
    try {
      for (const t of tokenize(text, dialect)) if (isPasswordKey(t.key)) spans.push([t.valueStart, t.valueEnd]);
    } catch {
      const m = LOOSE_PASSWORD_KEY.exec(text);
      if (m) spans.push([m.index + m[0].length, text.length]);
    }
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  return merged;
}
