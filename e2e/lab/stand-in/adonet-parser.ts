/**
 * The connection-string grammar of .NET's DbConnectionOptions (non-ODBC rules), which both products'
 * drivers use: Microsoft.Data.SqlClient for SQL Server and Npgsql for PostgreSQL. Written for the
 * stand-in on its own (not shared with the engine), so the lab reads a written string as the product
 * would and a bug in the engine's writer cannot hide behind the same bug in its reader.
 *
 * Rules: `key=value` pairs separated by `;`; `==` in a key is a literal `=`; a key is trimmed and
 * case-insensitive; a value is "..." or '...' (the quote doubled inside) or bare, a bare value trimmed,
 * ending at the first `;`, and not ending in a quote; braces mean nothing. The last pair of a key wins.
 */
export class AdoNetSyntaxError extends Error {
  override name = 'AdoNetSyntaxError';
}

const blank = (c: string | undefined) => c !== undefined && /\s/.test(c);
const control = (c: string) => c < ' ' || (c >= '\x7f' && c <= '\x9f');

/** Every pair as [lower-case key, value] in order; throws AdoNetSyntaxError where .NET throws. */
export function adoNetPairs(text: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  let i = 0;
  const at = (k: number) => text.charAt(k);
  while (i < text.length) {
    while (i < text.length && (at(i) === ';' || blank(at(i)))) i++;
    if (i >= text.length || at(i) === '\0') break;
    let key = '';
    for (;;) {
      if (i >= text.length) throw new AdoNetSyntaxError('keyword without a value');
      if (at(i) === '=' && at(i + 1) === '=') {
        key += '=';
        i += 2;
      } else if (at(i) === '=') {
        i++;
        break;
      } else {
        if (control(at(i)) && !blank(at(i))) throw new AdoNetSyntaxError('control character in a keyword');
        key += at(i++);
      }
    }
    key = key.trimEnd().toLowerCase();
    if (!key) throw new AdoNetSyntaxError('empty keyword');
    while (blank(at(i))) i++;
    let value = '';
    const quote = at(i);
    if (quote === '"' || quote === "'") {
      i++;
      for (;;) {
        if (i >= text.length) throw new AdoNetSyntaxError('unbalanced quote');
        if (at(i) === quote && at(i + 1) === quote) {
          value += quote;
          i += 2;
        } else if (at(i) === quote) {
          i++;
          break;
        } else value += at(i++);
      }
      while (blank(at(i))) i++;
      if (i < text.length && at(i) !== ';') throw new AdoNetSyntaxError('text after a quoted value');
    } else {
      while (i < text.length && at(i) !== ';' && !(control(at(i)) && !blank(at(i)))) value += at(i++);
      value = value.trim();
      if (/["']$/.test(value)) throw new AdoNetSyntaxError('unquoted value ends with a quote');
    }
    pairs.push([key, value]);
    if (at(i) === ';') i++;
  }
  return pairs;
}

/** The pairs as a map: the last of each key wins, as in DbConnectionOptions' parse table. */
export function adoNetMap(text: string): Map<string, string> {
  return new Map(adoNetPairs(text));
}

/** The value of the last pair whose key is any of `keys` (synonyms share one slot in the drivers). */
export function lastOf(pairs: Array<[string, string]>, ...keys: string[]): string | undefined {
  let found: string | undefined;
  for (const [k, v] of pairs) if (keys.includes(k)) found = v;
  return found;
}
