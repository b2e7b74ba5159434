/**
 * Docker-style env file: `KEY=VALUE` per line; blank lines and `#` comments ignored; one pair of
 * surrounding double or single quotes stripped from the value. Lines without `=` are skipped, as
 * they name a variable taken from the host's environment, which a lab node does not have.
 */
export function parseEnvFile(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    vars.set(key, unquote(line.slice(eq + 1).trim()));
  }
  return vars;
}

function unquote(value: string): string {
  if (value.length >= 2) {
    const first = value[0];
    if ((first === '"' || first === "'") && value.endsWith(first)) return value.slice(1, -1);
  }
  return value;
}
