/**
 * Connection strings as text, the way ADO.NET (SqlClient) and Npgsql write them: `key=value` segments
 * separated by `;`, a value quoted with "..." or '...' (the quote doubled inside) when it holds `;`,
 * quotes or edge spaces. We edit only the segments we own and keep every other one byte for byte, so
 * nothing the admin wrote is re-spelled (a generic builder would brace-quote `sql01,1433`, which is
 * ODBC syntax SqlClient does not read).
 */
export interface Segment {
  key: string;
  /** The segment exactly as written, without its trailing `;`. */
  raw: string;
}

export class ConnectionStringSyntaxError extends Error {}

/** Splits into segments; throws on an unterminated quote. */
export function splitSegments(text: string): Segment[] {
  const out: Segment[] = [];
  let i = 0;
  while (i < text.length) {
    const start = i;
    // key: up to '=', where '==' is a literal '='
    let key = '';
    while (i < text.length && !(text[i] === '=' && text[i + 1] !== '=') && text[i] !== ';') {
      if (text[i] === '=' && text[i + 1] === '=') {
        key += '=';
        i += 2;
      } else key += text[i++];
    }
    if (text[i] === '=') {
      i++;
      while (text[i] === ' ') i++;
      const q = text[i];
      if (q === '"' || q === "'") {
        i++;
        for (;;) {
          if (i >= text.length) throw new ConnectionStringSyntaxError('a quoted value is not closed');
          if (text[i] === q && text[i + 1] === q) i += 2;
          else if (text[i] === q) {
            i++;
            break;
          } else i++;
        }
        while (i < text.length && text[i] !== ';') i++;
      } else {
        while (i < text.length && text[i] !== ';') i++;
      }
    }
    const raw = text.slice(start, i);
    if (raw.trim()) out.push({ key: key.trim().toLowerCase(), raw });
    if (text[i] === ';') i++;
  }
  return out;
}

/**
 * Quotes a value the way .NET's DbConnectionStringBuilder does (anything but `"'=;`, blanks and control
 * characters is written bare), and also quotes braces: tedious reads a leading `{` as ODBC quoting,
 * SqlClient and Npgsql do not, so a braced value is written in the one form all of them read the same.
 */
export function quoteValue(value: string): string {
  const needs = !/^[^"'=;{}\s\p{Cc}]+$/u.test(value);
  if (!needs) return value;
  if (value.includes('"') && !value.includes("'")) return `'${value}'`;
  return `"${value.replace(/"/g, '""')}"`;
}

/** Replaces (or removes, with `value` undefined) every segment whose key is one of `keys`; appends when absent. */
export function setSegment(text: string, keys: string[], name: string, value: string | undefined): string {
  const wanted = new Set(keys.map((k) => k.toLowerCase()));
  const kept = splitSegments(text).filter((s) => !wanted.has(s.key)).map((s) => s.raw);
  if (value !== undefined) kept.push(`${name}=${quoteValue(value)}`);
  return kept.join(';');
}
