/**
 * A product configuration as it may be shown: every secret masked where it sits, never by searching
 * for its value (a password equal to the database name would blank the name too, and a password
 * written as `&amp;` or `"a""b"` would not be found at all). Masked places:
 * - XML: the content of any element and the value of any attribute with a password-like name
 *   (EncryptionKey, WebServer's Password/CertPassword, ...), the `value` of an `<add key="...Password">`,
 *   and the password segment of any connection string in any text, attribute or comment;
 * - env: the value of any variable with a password-like name (PROGET_ENCRYPTION_KEY, ..._PASSWORD) and
 *   the password segment of any connection string in a value or a comment.
 * Line breaks inside a masked place are kept, so line N of the masked text is line N of the original.
 */
import { passwordSpans } from '../../shared/connection-string/connection-string-tokens';
import { MASK } from '../secrets';
import type { ConfigFormat } from './product-config';
import { tagEndAt } from './xml-config-writer';

type Span = [number, number];

const SECRET_NAME = /pass(word|wd|phrase)|pwd|psw|secret|token|api[-_]?key|encryption[-_]?key|private[-_]?key/i;

/** Whether a variable, element or attribute of this name holds a secret. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

const shift = (spans: Span[], by: number): Span[] => spans.map(([a, b]) => [a + by, b + by]);

/** [start, end) of `text.slice(start, end)` without its surrounding blanks; null when only blanks. */
function trimmed(text: string, start: number, end: number): Span | null {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return start < end ? [start, end] : null;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * The text an XML reader sees in `[start, end)` (entities decoded, CDATA unwrapped, comments and
 * processing instructions dropped), with the raw span of each character it sees.
 */
function decodeXml(text: string, start: number, end: number): { value: string; raw: Span[] } {
  let value = '';
  const raw: Span[] = [];
  let i = start;
  const push = (s: string, a: number, b: number) => {
    for (const c of s) {
      value += c;
      raw.push([a, b]);
    }
  };
  while (i < end) {
    if (text.startsWith('<!--', i)) i = Math.min(end, indexOr(text, '-->', i + 4, end) + 3);
    else if (text.startsWith('<?', i)) i = Math.min(end, indexOr(text, '?>', i + 2, end) + 2);
    else if (text.startsWith('<![CDATA[', i)) {
      const close = indexOr(text, ']]>', i + 9, end);
      for (let k = i + 9; k < close; k++) push(text[k]!, k, k + 1);
      i = Math.min(end, close + 3);
    } else if (text[i] === '&') {
      const m = /^&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/.exec(text.slice(i, Math.min(end, i + 12)));
      const name = m?.[1];
      const code = name?.startsWith('#x') ? parseInt(name.slice(2), 16) : name?.startsWith('#') ? Number(name.slice(1)) : null;
      // A reference to no character (beyond U+10FFFF) stays as written, as the reader would refuse it anyway.
      const decoded = !name ? undefined : code === null ? ENTITIES[name] : code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
      if (m && decoded !== undefined) {
        push(decoded, i, i + m[0].length);
        i += m[0].length;
      } else push(text[i]!, i, ++i);
    } else push(text[i]!, i, ++i);
  }
  return { value, raw };
}

function indexOr(text: string, marker: string, from: number, fallback: number): number {
  const at = text.indexOf(marker, from);
  return at < 0 ? fallback : at;
}

/** Connection-string password spans in decoded text, as raw spans (an empty one is a point). */
function passwordsIn(text: string, start: number, end: number): Span[] {
  const { value, raw } = decodeXml(text, start, end);
  const at = (k: number) => (k < raw.length ? raw[k]![0] : raw.length ? raw[raw.length - 1]![1] : start);
  return passwordSpans(value).map(([a, b]) => [at(a), b > a ? raw[b - 1]![1] : at(a)]);
}

/** End of a tag opened at `lt` (after its '>'); an unterminated one runs to the end of the text. */
const tagEnd = (text: string, lt: number): number => tagEndAt(text, lt) ?? text.length;

function attributeSpans(text: string, lt: number, end: number): Span[] {
  const spans: Span[] = [];
  const attrs: { name: string; value: string; inner: Span }[] = [];
  const tag = text.slice(lt, end);
  for (const m of tag.matchAll(/\s([^\s=/<>]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
    const inner = m[3] ?? m[4] ?? '';
    const innerStart = lt + m.index + m[0].length - inner.length - 1;
    attrs.push({ name: m[1]!, value: decodeXml(text, innerStart, innerStart + inner.length).value, inner: [innerStart, innerStart + inner.length] });
  }
  // <add key="DbPassword" value="..."/>: the setting's name says what its value is.
  const namedSecret = attrs.some((a) => /^(key|name)$/i.test(a.name) && isSecretName(a.value));
  for (const a of attrs) {
    if (isSecretName(a.name) || (namedSecret && /^value$/i.test(a.name))) {
      const t = trimmed(text, a.inner[0], a.inner[1]);
      if (t) spans.push(t);
    } else spans.push(...passwordsIn(text, a.inner[0], a.inner[1]));
  }
  return spans;
}

function xmlSpans(text: string): Span[] {
  const spans: Span[] = [];
  const open: { name: string; contentStart: number; hasChild: boolean }[] = [];
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) {
      const close = indexOr(text, '-->', lt + 4, text.length);
      spans.push(...shift(passwordSpans(text.slice(lt + 4, close)), lt + 4));
      i = close + 3;
    } else if (text.startsWith('<![CDATA[', lt)) i = indexOr(text, ']]>', lt + 9, text.length) + 3;
    else if (text.startsWith('<?', lt)) i = indexOr(text, '?>', lt + 2, text.length) + 2;
    else if (text.startsWith('<!', lt)) i = tagEnd(text, lt);
    else {
      const end = tagEnd(text, lt);
      const closing = text[lt + 1] === '/';
      const name = /^[^\s/>]+/.exec(text.slice(lt + (closing ? 2 : 1), end))?.[0] ?? '';
      if (closing) {
        const el = open.pop();
        if (el && !el.hasChild) {
          if (isSecretName(el.name)) {
            const t = trimmed(text, el.contentStart, lt);
            if (t) spans.push(t);
          } else spans.push(...passwordsIn(text, el.contentStart, lt));
        }
      } else {
        if (open.length) open[open.length - 1]!.hasChild = true;
        spans.push(...attributeSpans(text, lt, end));
        if (text[end - 2] !== '/') open.push({ name, contentStart: end, hasChild: false });
      }
      i = end;
    }
  }
  return spans;
}

function envSpans(text: string): Span[] {
  const spans: Span[] = [];
  let lineStart = 0;
  for (const line of text.split('\n')) {
    const body = line.replace(/\r$/, '');
    const first = body.search(/\S/);
    if (first >= 0 && body[first] === '#') {
      spans.push(...shift(passwordSpans(body.slice(first + 1)), lineStart + first + 1));
    } else if (body.indexOf('=') > 0) {
      const eq = body.indexOf('=');
      const name = body.slice(0, eq).trim().replace(/^export\s+/, '');
      const v = trimmed(body, eq + 1, body.length);
      if (v) {
        let [a, b] = v;
        // One pair of surrounding quotes is the file's, not the value's (as every env reader has it).
        if (b - a >= 2 && (body[a] === '"' || body[a] === "'") && body[b - 1] === body[a]) {
          a++;
          b--;
        }
        if (isSecretName(name)) {
          if (b > a) spans.push([lineStart + a, lineStart + b]);
        } else spans.push(...shift(passwordSpans(body.slice(a, b)), lineStart + a));
      }
    }
    lineStart += line.length + 1;
  }
  return spans;
}

/** Replaces each span with MASK (an empty span gets one too), keeping the line breaks inside it. */
function applySpans(text: string, spans: Span[]): string {
  const sorted = [...spans].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const merged: Span[] = [];
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  let out = '';
  let pos = 0;
  for (const [a, b] of merged) {
    const lines = text.slice(a, b).split(/(\r?\n)/);
    out += text.slice(pos, a) + (lines.length === 1 ? MASK : lines.map((p) => (/^\r?\n$/.test(p) || !p ? p : MASK)).join(''));
    pos = b;
  }
  return out + text.slice(pos);
}

/** The configuration with every secret masked in place (see the file comment). */
export function maskConfigText(text: string, format: ConfigFormat): string {
  return applySpans(text, format === 'xml' ? xmlSpans(text) : envSpans(text));
}
