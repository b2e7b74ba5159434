/**
 * The compose file's image tag: read exactly, rewritten with only the tag's bytes changed (property test over
 * seeded random compose files), and files we cannot rewrite exactly refused with the reason.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../shared/testing/seeded-random';
import { ComposeFileError, findComposeImage, rewriteComposeTag } from './compose-tag';

const pick = <T,>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const word = (r: () => number, n = 8) => Array.from({ length: 1 + Math.floor(r() * n) }, () => pick(r, [...'abcdefghijklmnopqrstuvwxyz0123456789'])).join('');
const comment = (r: () => number) => pick(r, ['', '', ` # ${word(r)} ü ${word(r)}`, ' #', ' # image: x:1']);

/** A random compose file, the one target service's tag marked by \u0000 (start) and \u0001 (end). */
function randomCompose(r: () => number): { text: string; service: string; name: string; tag: string } {
  const eol = pick(r, ['\n', '\r\n']);
  const ind = pick(r, ['  ', '    ', ' ']);
  const propInd = ind + pick(r, ['  ', '    ', ' ']);
  const service = pick(r, ['proget', 'buildmaster', 'otter', `svc-${word(r)}`, 'web.1']);
  const registry = pick(r, ['', 'proget.inedo.com/productimages/inedo/', 'localhost:5000/', 'registry.corp.example/team/']);
  const name = `${registry}${pick(r, ['proget', 'buildmaster', word(r)])}`;
  const tag = pick(r, ['2025.14', '2026.1', '25.0.14', `v${word(r)}`, 'latest', `${word(r)}_x-1.2`]);
  const quote = pick(r, ['', '', '"', "'"]);
  const keyQuote = pick(r, ['', '', '"', "'"]);
  const otherService = (n: string) => [`${ind}${n}:${comment(r)}`, `${propInd}image: ${pick(r, ['postgres:17', 'nginx:1.27', `${word(r)}:${word(r)}`])}${comment(r)}`];
  const props = [
    `${propInd}${keyQuote}image${keyQuote}:${pick(r, [' ', '  '])}${quote}${name}:\u0000${tag}\u0001${quote}${comment(r)}`,
    `${propInd}restart: unless-stopped`,
    `${propInd}environment:`,
    `${propInd}  PROGET_DB_TYPE: ${pick(r, ['Postgres', 'SqlServer'])}`,
    `${propInd}  IMAGE: "not-this:${word(r)}"`,
    `${propInd}ports:`,
    `${propInd}  - "8624:80"${comment(r)}`,
    `${propInd}build:`,
    `${propInd}  image: nested-not-this:1`,
    `${propInd}# image: commented:1`,
  ];
  // Shuffle the groups of properties (each group starts with a line at propInd).
  const groups: string[][] = [];
  for (const p of props) {
    if (p.startsWith(`${propInd} `) && groups.length) groups[groups.length - 1]!.push(p);
    else groups.push([p]);
  }
  groups.sort(() => r() - 0.5);
  const target = [`${ind}${service}:${comment(r)}`, ...groups.flat()];
  const services = [otherService(`db${word(r)}`), target, otherService(`x${word(r)}`)].sort(() => r() - 0.5).flat();
  const lines = [
    ...(r() < 0.3 ? ['# compose file ü', ''] : []),
    ...(r() < 0.5 ? ['version: "3.8"'] : []),
    `services:${comment(r)}`,
    ...services,
    ...(r() < 0.3 ? ['', ''] : []),
    ...(r() < 0.5 ? ['volumes:', `${ind}data: {}`] : []),
  ];
  return { text: (r() < 0.1 ? '\uFEFF' : '') + lines.join(eol) + (r() < 0.5 ? eol : ''), service, name, tag };
}

describe('the compose file tag rewrite', () => {
  it('finds the tag and changes only its bytes, over 600 random compose files (property)', () => {
    const r = seededRandom(0xc0de);
    for (let i = 0; i < 600; i++) {
      const c = randomCompose(r);
      const before = c.text.replace('\u0000', '').replace('\u0001', '');
      const newTag = pick(r, ['2026.1', '2025.14', `x${word(r)}`]);
      const expected = c.text.slice(0, c.text.indexOf('\u0000')) + newTag + c.text.slice(c.text.indexOf('\u0001') + 1);
      const file = Buffer.from(before, 'utf8');
      const found = findComposeImage(file, c.service);
      expect(found.tag, before).toBe(c.tag);
      expect(found.name).toBe(c.name);
      const out = rewriteComposeTag(file, c.service, newTag);
      expect(out.toString('utf8'), before).toBe(expected);
      // Byte for byte: the same prefix and suffix around the tag, nothing else.
      expect(out.subarray(0, found.tagStart).equals(file.subarray(0, found.tagStart))).toBe(true);
      expect(out.subarray(found.tagStart + Buffer.byteLength(newTag)).equals(file.subarray(found.tagEnd))).toBe(true);
    }
  });

  it.each([
    ['the tag from a variable', 'services:\n  proget:\n    image: proget:${PROGET_TAG}\n', /comes from a variable/],
    ['a digest', 'services:\n  proget:\n    image: proget:2025.14@sha256:abc\n', /by digest/],
    ['no tag', 'services:\n  proget:\n    image: proget.inedo.com/productimages/inedo/proget\n', /has no tag/],
    ['a registry port and no tag', 'services:\n  proget:\n    image: localhost:5000/proget\n', /has no tag/],
    ['two image lines', 'services:\n  proget:\n    image: a:1\n    image: a:2\n', /more than once/],
    ['a merge key', 'x: &base\n  image: a:1\nservices:\n  proget:\n    <<: *base\n    image: a:2\n', /merge key/],
    ['an anchor on the service', 'services:\n  proget: &p\n    image: a:1\n', /not written as a block/],
    ['flow style', 'services:\n  proget: { image: "a:1" }\n', /not written as a block/],
    ['flow style services', 'services: { proget: { image: "a:1" } }\n', /not written as a block/],
    ['an aliased image', 'services:\n  proget:\n    image: *img\n', /not a plain value/],
    ['a block scalar', 'services:\n  proget:\n    image: >\n      a:1\n', /not a plain value/],
    ['no such service', 'services:\n  nginx:\n    image: a:1\n', /no service proget/],
    ['no image', 'services:\n  proget:\n    restart: always\n', /names no image/],
    ['several documents', 'services:\n  proget:\n    image: a:1\n---\nservices: {}\n', /several YAML documents/],
    ['tabs', 'services:\n\tproget:\n\t\timage: a:1\n', /tabs/],
    ['an escaped double-quoted value', 'services:\n  proget:\n    image: "a:\\x31"\n', /not a plain value/],
    ['extends', 'services:\n  proget:\n    extends: base\n    image: a:1\n', /extends/],
  ])('refuses %s', (_, text, reason) => {
    expect(() => rewriteComposeTag(Buffer.from(text), 'proget', '2026.1')).toThrow(ComposeFileError);
    expect(() => rewriteComposeTag(Buffer.from(text), 'proget', '2026.1')).toThrow(reason);
  });

  it('refuses a new tag Docker would not accept, and a file that is not UTF-8', () => {
    const ok = Buffer.from('services:\n  proget:\n    image: a:1\n');
    for (const bad of ['', '2026.1 ', 'a;b', '-x', 'x'.repeat(129), "2026'1"]) expect(() => rewriteComposeTag(ok, 'proget', bad)).toThrow(/not a Docker image tag/);
    expect(() => findComposeImage(Buffer.from([0x73, 0xff, 0x0a]), 'proget')).toThrow(/not UTF-8/);
  });

  it('a service name is matched literally, not as a pattern', () => {
    const text = Buffer.from('services:\n  webx1:\n    image: a:1\n  web.1:\n    image: b:2\n');
    expect(findComposeImage(text, 'web.1').name).toBe('b');
    expect(() => findComposeImage(text, 'web.2')).toThrow(/no service web.2/);
  });
});
