/**
 * The forms a secret takes in the text the engine handles: as typed or quoted in a connection string
 * (either quote, doubled inside), each of those escaped in XML text or an attribute, and each of
 * those escaped in JSON, and URL-encoded (a postgres:// URL, a query string; %20 or + for a space, hex
 * in either case). The run's Redactor masks all of them in free text (errors, logs, an installer's output),
 * where there is no structure to mask by position.
 */
export function secretEncodings(value: string): string[] {
  const quoted = [value, `"${value.replace(/"/g, '""')}"`, `'${value.replace(/'/g, "''")}'`, value.replace(/"/g, '""'), value.replace(/'/g, "''")];
  const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const xmlAttr = (s: string) => xmlText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;');
  const inXml = quoted.flatMap((s) => [s, xmlText(s), xmlAttr(s)]);
  return [...new Set([...inXml.flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]), ...urlEncoded(value)])];
}

function urlEncoded(value: string): string[] {
  let upper: string;
  try {
    upper = encodeURIComponent(value);
  } catch {
    return []; // a lone surrogate has no URL form
  }
  const lower = upper.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase());
  return [upper, lower, upper.replace(/%20/g, '+'), lower.replace(/%20/g, '+')];
}
