/**
 * Rewrites a Docker-style env file line by line: only the product's connection-string and key
 * variables are touched; comments, blank lines, other variables, `export ` prefixes, line endings and
 * the presence or absence of a final newline are kept byte for byte.
 */
import { envNames, type ProductId } from '../../shared/products';
import { ConfigWriteError, lineEndingOf, type ValidDesired } from './xml-config-writer';

interface Line {
  text: string;
  eol: string;
}

interface Assignment {
  name: string;
  /** Text up to and including '='; null for a bare `NAME` line (passed through from the host). */
  prefix: string | null;
  /** The raw value, trimmed, quotes included. */
  raw: string;
}

function splitLines(text: string): Line[] {
  if (text === '') return [];
  const parts = text.split(/(\r?\n)/);
  const lines: Line[] = [];
  for (let i = 0; i < parts.length; i += 2) lines.push({ text: parts[i]!, eol: parts[i + 1] ?? '' });
  // "A\n" splits into "A", "\n", "": the empty tail is not a line.
  if (lines.length > 1 && lines[lines.length - 1]!.text === '' && lines[lines.length - 1]!.eol === '') lines.pop();
  return lines;
}

/** Reads a line the way the engine's reader does (trimmed, `export ` dropped from the name). */
function assignmentOf(text: string): Assignment | null {
  const line = text.trim();
  if (!line || line.startsWith('#')) return null;
  const eq = line.indexOf('=');
  if (eq < 0) {
    const name = line.replace(/^export\s+/, '');
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? { name, prefix: null, raw: '' } : null;
  }
  if (eq === 0) return null;
  return { name: line.slice(0, eq).trim().replace(/^export\s+/, ''), prefix: text.slice(0, text.indexOf('=') + 1), raw: line.slice(eq + 1).trim() };
}

const quoteOf = (raw: string) => (raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw.endsWith(raw[0]) ? raw[0] : '');
const unquoted = (raw: string) => (quoteOf(raw) ? raw.slice(1, -1) : raw);

const DESCRIPTIONS = { sql: 'SQL Server connection string', postgres: 'PostgreSQL connection string', key: 'encryption key' } as const;

export function writeEnvConfig(current: string | null, product: ProductId, d: ValidDesired): string {
  const names = envNames(product);
  const [setName, dropName] = d.kind === 'postgres' ? [names.postgresConnectionString, names.sqlConnectionString] : [names.sqlConnectionString, names.postgresConnectionString];
  const wanted = new Map<string, string>([[setName, d.connectionString], [names.encryptionKey, d.encryptionKey]]);
  const what = new Map<string, keyof typeof DESCRIPTIONS>([[names.sqlConnectionString, 'sql'], [names.postgresConnectionString, 'postgres'], [names.encryptionKey, 'key']]);

  const text = current ?? '';
  const eol = lineEndingOf(text, '\n');
  const endsWithNewline = text === '' || /\n$/.test(text);
  const lines = splitLines(text);
  const parsed = lines.map((l) => assignmentOf(l.text));

  for (const a of parsed) {
    const base = a?.name.endsWith('_FILE') ? a.name.slice(0, -5) : null;
    const kind = base ? what.get(base) : undefined;
    if (!a || !base || !kind) continue;
    // A Docker secret: the value lives in another file the wizard does not manage. Show the path, never a value.
    const source = a.prefix === null ? `the host's ${a.name}` : unquoted(a.raw) || `an empty ${a.name}`;
    const fix = base === dropName ? `but the cluster uses the other database kind: remove ${a.name} first` : 'update that secret instead';
    throw new ConfigWriteError(`this node reads its ${DESCRIPTIONS[kind]} from ${source} (${a.name}); ${fix}`);
  }

  // The last occurrence of a variable wins in Docker: set that one, drop the earlier ones.
  const lastIndex = new Map<string, number>();
  parsed.forEach((a, i) => a && lastIndex.set(a.name, i));
  const out: Line[] = [];
  for (const [i, line] of lines.entries()) {
    const a = parsed[i];
    if (!a || (a.name !== dropName && !wanted.has(a.name))) out.push(line);
    else if (a.name === dropName || lastIndex.get(a.name) !== i) continue;
    else if (a.prefix !== null && unquoted(a.raw) === wanted.get(a.name)) out.push(line);
    else {
      const value = wanted.get(a.name)!;
      // Compose-style quoting is kept when it cannot change the value; otherwise literal (docker --env-file).
      const quote = quoteOf(a.raw) && !/["']/.test(value) ? quoteOf(a.raw) : '';
      out.push({ text: `${a.prefix ?? `${line.text.trimEnd()}=`}${quote}${value}${quote}`, eol: line.eol });
    }
  }
  for (const [name, value] of wanted) {
    if (lastIndex.has(name)) continue;
    if (out.length) out[out.length - 1]!.eol ||= eol;
    out.push({ text: `${name}=${value}`, eol: '' });
  }
  // Keep the final newline, or its absence, whatever lines were removed or added.
  if (out.length) out[out.length - 1]!.eol = endsWithNewline ? out[out.length - 1]!.eol || eol : '';
  return out.map((l) => l.text + l.eol).join('');
}
