/**
 * The image tag of one service in a Docker Compose file: read it (a Docker node's installed version) and
 * rewrite it (the upgrade), changing only the tag's bytes. A file we cannot read exactly (the tag from a
 * variable, a digest, anchors or merge keys around the service, flow style, several documents) is refused
 * with the reason, never guessed at: the admin pins the tag by hand instead.
 */

export class ComposeFileError extends Error {
  override readonly name = 'ComposeFileError';
}

/** Docker's tag grammar. */
export const DOCKER_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
/** What we accept as an image name before the tag: registry[:port]/path, no variable, no digest. */
const IMAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*(?::[0-9]{1,5})?(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

export interface ComposeImage {
  /** The image without its tag ("proget.inedo.com/productimages/inedo/proget"). */
  name: string;
  tag: string;
  /** Byte offsets of the tag in the file. */
  tagStart: number;
  tagEnd: number;
}

interface Line {
  text: string;
  /** Character offset of the line in the decoded file. */
  start: number;
}

const indentOf = (s: string) => s.length - s.trimStart().length;
const isBlankOrComment = (s: string) => /^\s*(#.*)?$/.test(s);

function linesOf(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (const m of text.matchAll(/[^\n]*(\n|$)/g)) {
    if (m[0] === '' && start >= text.length) break;
    out.push({ text: m[0].replace(/\r?\n$/, ''), start });
    start += m[0].length;
  }
  return out;
}

/** The lines of a block that starts after `from` and is indented deeper than `parentIndent`. */
function blockAfter(lines: Line[], from: number, parentIndent: number): Line[] {
  const block: Line[] = [];
  for (let i = from + 1; i < lines.length; i++) {
    const l = lines[i]!;
    if (!isBlankOrComment(l.text) && indentOf(l.text) <= parentIndent) break;
    block.push(l);
  }
  return block;
}

const keyLine = (key: string) => new RegExp(`^(?:${key}|"${key}"|'${key}')[ ]*:(?<rest>.*)$`);
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Finds the image tag of `service` in the compose file's bytes; throws ComposeFileError with the reason. */
export function findComposeImage(file: Buffer, service: string): ComposeImage {
  const text = file.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(file)) throw new ComposeFileError('the compose file is not UTF-8 text');
  const lines = linesOf(text);
  if (lines.some((l) => /^\uFEFF?(---|\.\.\.)(\s|$)/.test(l.text) && l.start > 0)) throw new ComposeFileError('the compose file holds several YAML documents');
  if (lines.some((l) => /^[ ]*\t/.test(l.text))) throw new ComposeFileError('the compose file indents with tabs');

  const services = lines.flatMap((l, i) => (/^\uFEFF?services[ ]*:/.test(l.text) ? [i] : []));
  if (services.length !== 1) throw new ComposeFileError(services.length ? 'the compose file has "services" more than once' : 'the compose file has no "services" section');
  const servicesLine = lines[services[0]!]!;
  if (!isBlankOrComment(servicesLine.text.replace(/^\uFEFF?services[ ]*:/, ''))) throw new ComposeFileError('the "services" section is not written as a block');
  const servicesBlock = blockAfter(lines, services[0]!, 0);
  const first = servicesBlock.find((l) => !isBlankOrComment(l.text));
  if (!first) throw new ComposeFileError('the "services" section is empty');
  const serviceIndent = indentOf(first.text);

  const match = keyLine(escapeRegExp(service));
  const found = servicesBlock.filter((l) => indentOf(l.text) === serviceIndent && match.test(l.text.trimStart()));
  if (found.length !== 1) throw new ComposeFileError(found.length ? `the service ${service} is in the compose file more than once` : `the compose file has no service ${service}`);
  const serviceLine = found[0]!;
  const rest = match.exec(serviceLine.text.trimStart())?.groups?.rest ?? '';
  if (!isBlankOrComment(rest)) throw new ComposeFileError(`the service ${service} is not written as a block (an anchor, an alias or flow style)`);
  const serviceBlock = blockAfter(lines, lines.indexOf(serviceLine), serviceIndent);
  const firstProperty = serviceBlock.find((l) => !isBlankOrComment(l.text));
  if (!firstProperty) throw new ComposeFileError(`the service ${service} is empty`);
  const propertyIndent = indentOf(firstProperty.text);
  const properties = serviceBlock.filter((l) => !isBlankOrComment(l.text) && indentOf(l.text) === propertyIndent);
  if (properties.some((l) => /^<<[ ]*:/.test(l.text.trimStart()))) throw new ComposeFileError(`the service ${service} takes keys from elsewhere (a YAML merge key)`);
  if (properties.some((l) => /^["']?extends["']?[ ]*:/.test(l.text.trimStart()))) throw new ComposeFileError(`the service ${service} extends another service`);
  const images = properties.filter((l) => /^(?:image|"image"|'image')[ ]*:/.test(l.text.trimStart()));
  if (images.length !== 1) throw new ComposeFileError(images.length ? `the service ${service} names its image more than once` : `the service ${service} names no image`);

  const imageLine = images[0]!;
  const after = /^(?<lead>[ ]*(?:image|"image"|'image')[ ]*:[ ]+)(?<value>.*)$/.exec(imageLine.text);
  if (!after?.groups) throw new ComposeFileError(`the image of ${service} is not on its "image:" line`);
  const { lead = '', value: raw = '' } = after.groups;
  let value: string;
  let valueOffset = lead.length;
  const quoted = /^(["'])(?<inner>[^"'\\]*)\1[ ]*(#.*)?$/.exec(raw);
  if (quoted?.groups) {
    value = quoted.groups.inner ?? '';
    valueOffset += 1;
  } else {
    const plain = /^(?<v>[^\s#"'&*!|>{}[\],][^\s#]*)[ ]*(?:[ ]#.*)?$/.exec(raw);
    if (!plain?.groups) throw new ComposeFileError(`the image of ${service} is not a plain value (a tag, anchor or block scalar)`);
    value = plain.groups.v ?? '';
  }
  if (value.includes('$')) throw new ComposeFileError(`the image of ${service} comes from a variable (${value}); pin its tag in the compose file`);
  if (value.includes('@')) throw new ComposeFileError(`the image of ${service} is pinned by digest; the wizard changes tags only`);
  const colon = value.lastIndexOf(':');
  if (colon < 0 || colon < value.lastIndexOf('/')) throw new ComposeFileError(`the image of ${service} has no tag; pin one (e.g. ${value}:<version>)`);
  const name = value.slice(0, colon);
  const tag = value.slice(colon + 1);
  if (!IMAGE_NAME.test(name) || !DOCKER_TAG.test(tag)) throw new ComposeFileError(`the image of ${service} (${value}) is not an image name with a tag`);

  const charStart = imageLine.start + valueOffset + colon + 1;
  const tagStart = Buffer.byteLength(text.slice(0, charStart), 'utf8');
  return { name, tag, tagStart, tagEnd: tagStart + Buffer.byteLength(tag, 'utf8') };
}

/** The file with the service's image tag replaced by `tag`: every other byte kept, checked by reading it back. */
export function rewriteComposeTag(file: Buffer, service: string, tag: string): Buffer {
  if (!DOCKER_TAG.test(tag)) throw new ComposeFileError(`${JSON.stringify(tag)} is not a Docker image tag`);
  const image = findComposeImage(file, service);
  const out = Buffer.concat([file.subarray(0, image.tagStart), Buffer.from(tag, 'utf8'), file.subarray(image.tagEnd)]);
  const again = findComposeImage(out, service);
  if (again.tag !== tag || again.name !== image.name) throw new ComposeFileError(`the rewritten compose file does not read back with the tag ${tag}`);
  return out;
}
