/**
 * The lab's Docker Compose files: one service (named as the product) whose image tag is the installed
 * version. Only the shape the lab writes is read (services: / <service>: / image: <image>:<tag>, each
 * on its own line, any indentation, the value optionally quoted), which is what an admin's file and the
 * engine's edit of the tag look like; anything else is an error that says so.
 */
export const COMPOSE_FILE_NAME = 'compose.yaml';

export function renderComposeFile(service: string, image: string, tag: string): string {
  return [
    '# HA Wizard lab: this node\'s product container. The image tag is the installed version.',
    'services:',
    `  ${service}:`,
    `    image: ${image}:${tag}`,
    '    restart: unless-stopped',
    '',
  ].join('\n');
}

export interface ImageRef {
  image: string;
  tag: string;
}

/** `name:tag` (a registry host's port, "host:5000/x", is part of the name, not the tag). */
export function splitImageRef(ref: string): ImageRef | null {
  const colon = ref.lastIndexOf(':');
  if (colon <= 0 || colon < ref.lastIndexOf('/') || colon === ref.length - 1) return null;
  return { image: ref.slice(0, colon), tag: ref.slice(colon + 1) };
}

const indentOf = (line: string) => line.length - line.trimStart().length;

/** Line index and value of `service`'s image line, or an error message. */
function findImageLine(text: string, service: string): { index: number; value: string } | string {
  const lines = text.split('\n');
  const servicesAt = lines.findIndex((l) => /^services:\s*(#.*)?$/.test(l));
  if (servicesAt < 0) return 'no "services:" section';
  let keyIndent = -1; // indentation of the service names under services:
  let inService = false;
  for (let i = servicesAt + 1; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const indent = indentOf(line);
    if (indent === 0) break;
    if (keyIndent < 0) keyIndent = indent;
    if (indent <= keyIndent) {
      inService = /^\s*([A-Za-z0-9._-]+):\s*(#.*)?$/.exec(line)?.[1] === service;
      continue;
    }
    const image = inService ? /^\s*image:\s*(.+?)\s*(#.*)?$/.exec(line)?.[1] : undefined;
    if (image) return { index: i, value: image.replace(/^(["'])(.*)\1$/, '$2') };
  }
  return `no image for service "${service}"`;
}

/** The image of `service` in the compose file's text, or an error message. */
export function composeImage(text: string, service: string): ImageRef | string {
  const found = findImageLine(text, service);
  if (typeof found === 'string') return found;
  return splitImageRef(found.value) ?? `the image "${found.value}" has no tag`;
}

/** The text with `service`'s image tag replaced (the lab's version fault keeps the file in step). */
export function withComposeTag(text: string, service: string, tag: string): string {
  const found = findImageLine(text, service);
  if (typeof found === 'string') throw new Error(`compose file: ${found}`);
  const ref = splitImageRef(found.value);
  if (!ref) throw new Error(`compose file: the image "${found.value}" has no tag`);
  const lines = text.split('\n');
  const line = lines[found.index]!;
  lines[found.index] = `${line.slice(0, indentOf(line))}image: ${ref.image}:${tag}`;
  return lines.join('\n');
}
