/**
 * Rewrites the Windows InedoAppConfig file by splicing: fast-xml-parser validates and reads values,
 * but it cannot give byte offsets and its builder re-formats the file, so a small scanner finds the
 * spans of the root's direct children and only the wizard's own elements are replaced, inserted or
 * removed. Every other byte (BOM, declaration, comments, CDATA, unknown elements, line endings) stays.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { isRecord } from '../../shared/is-record';

/**
 * A configuration the wizard cannot or must not write. Defined here, not in config-writer.ts, so the
 * writers do not import their own entry point. Messages never contain a connection string or key.
 */
export class ConfigWriteError extends Error {
  override name = 'ConfigWriteError';
}

/** Values already checked by config-writer.ts. */
export interface ValidDesired {
  kind: 'sqlserver' | 'postgres';
  connectionString: string;
  encryptionKey: string;
  defaultPort: number;
}

/** The file's dominant line ending; `fallback` when it has none. */
export function lineEndingOf(text: string, fallback: '\r\n' | '\n'): '\r\n' | '\n' {
  const crlf = text.split('\r\n').length - 1;
  const lf = text.split('\n').length - 1 - crlf;
  if (crlf === 0 && lf === 0) return fallback;
  return crlf >= lf ? '\r\n' : '\n';
}

export interface ElementSpan {
  name: string;
  /** [start, end) of the whole element; [start, startTagEnd) is its start tag. */
  start: number;
  end: number;
  startTagEnd: number;
  /** Where the end tag begins (= end for a self-closing element). */
  endTagStart: number;
  selfClosing: boolean;
}

export interface XmlLayout {
  root: ElementSpan;
  /** Direct children of the root, in document order. */
  children: ElementSpan[];
}

const fail = (why: string): never => {
  throw new ConfigWriteError(`the current configuration is not well-formed XML (${why})`);
};

/** End (exclusive) of a start or end tag opened at `lt`, skipping quoted attribute values; null if it never ends. */
export function tagEndAt(text: string, lt: number): number | null {
  let quote = '';
  for (let i = lt + 1; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i + 1;
  }
  return null;
}

/** End of `<!DOCTYPE ...>`, whose internal subset may hold `>` inside brackets and quotes. */
function doctypeEnd(text: string, lt: number): number {
  let quote = '';
  let brackets = 0;
  for (let i = lt + 2; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') brackets++;
    else if (c === ']') brackets--;
    else if (c === '>' && brackets <= 0) return i + 1;
  }
  return fail('unterminated declaration');
}

function endOf(text: string, from: number, marker: string): number {
  const at = text.indexOf(marker, from);
  return at < 0 ? fail(`unterminated ${marker === '-->' ? 'comment' : marker === '?>' ? 'processing instruction' : 'CDATA section'}`) : at + marker.length;
}

/** Finds the root element and its direct children; comments, CDATA, PIs and deeper elements are skipped. */
export function scanXml(text: string): XmlLayout {
  const stack: { name: string; start: number; startTagEnd: number }[] = [];
  const children: ElementSpan[] = [];
  let root: ElementSpan | undefined;
  let i = text.startsWith('\uFEFF') ? 1 : 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const gap = text.slice(i, lt < 0 ? text.length : lt);
    if (stack.length === 0 && gap.trim() !== '') fail('text outside the root element');
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) i = endOf(text, lt + 4, '-->');
    else if (text.startsWith('<![CDATA[', lt)) i = endOf(text, lt + 9, ']]>');
    else if (text.startsWith('<?', lt)) i = endOf(text, lt + 2, '?>');
    else if (text.startsWith('<!', lt)) i = doctypeEnd(text, lt);
    else {
      const end = tagEndAt(text, lt) ?? fail('unterminated tag');
      const closing = text[lt + 1] === '/';
      const name = /^[^\s/>]+/.exec(text.slice(lt + (closing ? 2 : 1), end))?.[0] ?? fail('a tag without a name');
      if (closing) {
        const open = stack.pop();
        if (open?.name !== name) fail(`unexpected </${name}>`);
        const span = { name, start: open!.start, end, startTagEnd: open!.startTagEnd, endTagStart: lt, selfClosing: false };
        if (stack.length === 1) children.push(span);
        else if (stack.length === 0) root = span;
      } else if (text[end - 2] === '/') {
        const span = { name, start: lt, end, startTagEnd: end, endTagStart: end, selfClosing: true };
        if (stack.length === 1) children.push(span);
        else if (stack.length === 0) root = root ? fail('more than one root element') : span;
      } else {
        if (stack.length === 0 && root) fail('more than one root element');
        stack.push({ name, start: lt, startTagEnd: end });
      }
      i = end;
    }
  }
  if (stack.length) fail(`<${stack[stack.length - 1]!.name}> is not closed`);
  return { root: root ?? fail('no root element'), children };
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// Same options as the engine's reader, so "already set" means what the reader will see.
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, trimValues: true, isArray: () => false });

function valueOf(elementText: string, name: string): string | null {
  const doc: unknown = parser.parse(elementText);
  const node = isRecord(doc) ? doc[name] : undefined;
  const t = isRecord(node) ? node['#text'] : node;
  return typeof t === 'string' ? t.trim() : null;
}

/** The start tag with Enabled="true" (the existing attribute's quoting kept, or added after the name). */
function enableStartTag(tag: string, name: string): string {
  // Walk real attributes, so an "Enabled" inside another attribute's value is not mistaken for one.
  for (const a of tag.matchAll(/\s([^\s=/>]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
    if (a[1] !== 'Enabled') continue;
    const value = a[3] ?? a[4] ?? '';
    if (value.trim().toLowerCase() === 'true') return tag;
    const at = a.index + a[0].length - value.length - 1;
    return tag.slice(0, at) + 'true' + tag.slice(at + value.length);
  }
  return `<${name} Enabled="true"${tag.slice(name.length + 1)}`;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** The element's span widened to its whole line when nothing else is on that line, so no blank line is left. */
function removalSpan(text: string, el: ElementSpan): Edit {
  const lineStart = text.lastIndexOf('\n', el.start - 1) + 1;
  const after = /^[ \t]*(\r?\n|$)/.exec(text.slice(el.end));
  if (/^[ \t]*$/.test(text.slice(lineStart, el.start)) && after) return { start: lineStart, end: el.end + after[0].length, text: '' };
  return { start: el.start, end: el.end, text: '' };
}

function replacement(text: string, el: ElementSpan, value: string, enable: boolean): Edit | null {
  let startTag = text.slice(el.start, el.startTagEnd);
  if (enable) startTag = enableStartTag(startTag, el.name);
  let content = text.slice(el.startTagEnd, el.endTagStart);
  let endTag = text.slice(el.endTagStart, el.end);
  if (el.selfClosing) {
    startTag = startTag.replace(/\s*\/>$/, '>');
    endTag = `</${el.name}>`;
  }
  if (el.selfClosing || valueOf(text.slice(el.start, el.end), el.name) !== value) content = escapeText(value);
  const next = startTag + content + endTag;
  return next === text.slice(el.start, el.end) ? null : { start: el.start, end: el.end, text: next };
}

/** Indentation of the root's first child element that starts its own line; two spaces if none does. */
function childIndent(text: string, children: ElementSpan[]): string {
  for (const c of children) {
    const lineStart = text.lastIndexOf('\n', c.start - 1) + 1;
    const prefix = text.slice(lineStart, c.start);
    if (/^[ \t]*$/.test(prefix)) return prefix;
  }
  return '  ';
}

function insertion(text: string, root: ElementSpan, elements: string[], indent: string, eol: string): Edit {
  const lines = elements.map((e) => indent + e + eol).join('');
  if (root.selfClosing) {
    // <InedoAppConfig/> becomes <InedoAppConfig> ... </InedoAppConfig>.
    const open = text.slice(root.start, root.end).replace(/\s*\/>$/, '>');
    return { start: root.start, end: root.end, text: `${open}${eol}${lines}</${root.name}>` };
  }
  const lineStart = text.lastIndexOf('\n', root.endTagStart - 1) + 1;
  if (lineStart > root.startTagEnd && /^[ \t]*$/.test(text.slice(lineStart, root.endTagStart))) {
    return { start: lineStart, end: lineStart, text: lines };
  }
  return { start: root.endTagStart, end: root.endTagStart, text: eol + lines };
}

const elementText = (name: string, value: string) => `<${name}${name === 'PostgresConnectionString' ? ' Enabled="true"' : ''}>${escapeText(value)}</${name}>`;

function newDocument(d: ValidDesired): string {
  const eol = '\r\n';
  const name = d.kind === 'postgres' ? 'PostgresConnectionString' : 'ConnectionString';
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<InedoAppConfig>',
    `  ${elementText(name, d.connectionString)}`,
    `  ${elementText('EncryptionKey', d.encryptionKey)}`,
    `  <WebServer Enabled="true" Urls="http://*:${d.defaultPort}" />`,
    '</InedoAppConfig>',
    '',
  ].join(eol);
}

export function writeXmlConfig(current: string | null, d: ValidDesired): string {
  if (current === null) return newDocument(d);
  const valid = XMLValidator.validate(current);
  // The validator's message can quote a fragment of the file (a password with a stray '<'): line only.
  if (valid !== true) fail(`line ${valid.err.line}`);
  const { root, children } = scanXml(current);
  if (root.name !== 'InedoAppConfig') throw new ConfigWriteError('the current configuration has no <InedoAppConfig> root element');

  const [setName, dropName] = d.kind === 'postgres' ? ['PostgresConnectionString', 'ConnectionString'] : ['ConnectionString', 'PostgresConnectionString'];
  const edits: Edit[] = [];
  const missing: string[] = [];
  for (const [name, value] of [[setName, d.connectionString], ['EncryptionKey', d.encryptionKey]] as const) {
    const found = children.filter((c) => c.name === name);
    const last = found.pop();
    // Duplicates: the last one is kept and set, the others removed.
    for (const extra of found) edits.push(removalSpan(current, extra));
    if (!last) missing.push(elementText(name, value));
    else {
      const edit = replacement(current, last, value, name === 'PostgresConnectionString');
      if (edit) edits.push(edit);
    }
  }
  for (const other of children.filter((c) => c.name === dropName)) edits.push(removalSpan(current, other));
  if (missing.length) edits.push(insertion(current, root, missing, childIndent(current, children), lineEndingOf(current, '\r\n')));

  // Zero-length insertions sort before a removal starting at the same offset.
  edits.sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let pos = 0;
  for (const e of edits) {
    if (e.start < pos) throw new ConfigWriteError('internal error: overlapping edits of the configuration');
    out += current.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return out + current.slice(pos);
}
