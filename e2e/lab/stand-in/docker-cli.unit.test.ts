/**
 * The lab's docker: the compose file's tag read and rewritten whatever the indentation and quoting (a
 * seeded property test), and each command's answer with the service script and upgradedb as fakes
 * (the lab test, upgrade-lab.lab.test.ts, runs the real ones over SSH).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { composeImage, renderComposeFile, splitImageRef, withComposeTag } from './compose-file';
import { docker, type DockerEnv } from './docker-cli';
import { VERSION_FAULT_FILES } from './schema-at-start';
import { makeTestNode, removeTestNodes } from './test-support';
import { PRODUCT_IMAGES } from './version-registry';

afterAll(() => removeTestNodes());

/** mulberry32: the same inputs on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('compose file', () => {
  it('reads and rewrites the tag of the named service only, for 500 generated files', () => {
    const rnd = seeded(14);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
    for (let i = 0; i < 500; i++) {
      const ind = pick([2, 4]);
      const sp = ' '.repeat(ind);
      const tag = `${2020 + Math.floor(rnd() * 10)}.${Math.floor(rnd() * 40)}`;
      const q = pick(['', '"', "'"]);
      const other = `${sp}db:\n${sp}${sp}image: postgres:17.${Math.floor(rnd() * 9)}\n`;
      const mine = `${sp}proget:${pick(['', '  # the product'])}\n${sp}${sp}restart: always\n${sp}${sp}image: ${q}${PRODUCT_IMAGES.proget}:${tag}${q}\n`;
      const text = `# generated ${i}\nservices:\n${rnd() < 0.5 ? other + mine : mine + other}volumes:\n${sp}data: {}\n`;
      expect(composeImage(text, 'proget')).toEqual({ image: PRODUCT_IMAGES.proget, tag });
      const next = `2026.${Math.floor(rnd() * 9)}`;
      const rewritten = withComposeTag(text, 'proget', next);
      expect(composeImage(rewritten, 'proget')).toEqual({ image: PRODUCT_IMAGES.proget, tag: next });
      expect(composeImage(rewritten, 'db')).toEqual(composeImage(text, 'db'));
      expect(rewritten.split('\n').length).toBe(text.split('\n').length);
    }
  });

  it('says what is missing', () => {
    expect(composeImage('version: "3"\n', 'proget')).toBe('no "services:" section');
    expect(composeImage(renderComposeFile('proget', PRODUCT_IMAGES.proget, '2025.14'), 'otter')).toBe('no image for service "otter"');
    expect(composeImage('services:\n  proget:\n    image: proget\n', 'proget')).toBe('the image "proget" has no tag');
    expect(splitImageRef('registry:5000/inedo/proget')).toBeNull();
    expect(splitImageRef('registry:5000/inedo/proget:2025.14')).toEqual({ image: 'registry:5000/inedo/proget', tag: '2025.14' });
  });
});

describe('docker commands', () => {
  function setup(tag: string) {
    const node = makeTestNode('proget.env', 'x=1\n');
    const file = join(node.root, 'compose.yaml');
    writeFileSync(file, renderComposeFile('proget', PRODUCT_IMAGES.proget, tag));
    const ran: string[][] = [];
    const env: DockerEnv = {
      stateDir: node.stateDir,
      serviceScript: '/lab/inedo-service',
      run: async (argv) => {
        ran.push(argv);
        return { code: 0, stdout: `${argv.join(' ')}\n`, stderr: '' };
      },
      upgradedbArgv: (v) => ['stand-in', '--upgradedb', '--version', v],
    };
    const version = () => (JSON.parse(readFileSync(join(node.stateDir, 'node.json'), 'utf8')) as { version: string }).version;
    return { node, file, env, ran, version };
  }

  it('up -d at a new tag stops, changes the version, starts; at the same tag only starts', async () => {
    const s = setup('2026.1');
    expect((await docker(['compose', '-f', s.file, 'up', '-d', 'proget'], s.env)).code).toBe(0);
    expect(s.ran).toEqual([['/bin/sh', '/lab/inedo-service', 'stop'], ['/bin/sh', '/lab/inedo-service', 'start']]);
    expect(s.version()).toBe('2026.1');
    s.ran.length = 0;
    expect((await docker(['compose', '-f', s.file, 'up', '-d', 'proget'], s.env)).code).toBe(0);
    expect(s.ran).toEqual([['/bin/sh', '/lab/inedo-service', 'start']]);
  });

  it('installer-fails and an unknown tag change nothing', async () => {
    const s = setup('2026.1');
    writeFileSync(join(s.node.stateDir, VERSION_FAULT_FILES.installerFails), 'x');
    const failed = await docker(['compose', '-f', s.file, 'up', '-d', 'proget'], s.env);
    expect([failed.code, failed.stderr]).toEqual([1, expect.stringMatching(/simulated fault: the installer fails/)]);
    const unknown = setup('2031.7');
    expect((await docker(['compose', '-f', unknown.file, 'up', '-d', 'proget'], unknown.env)).stderr).toMatch(/manifest unknown/);
    expect([s.ran, unknown.ran, s.version(), unknown.version()]).toEqual([[], [], '2025.14', '2025.14']);
  });

  it('run --rm upgradedb runs it at the tag; stop stops; the rest is refused', async () => {
    const s = setup('2026.3');
    expect((await docker(['compose', '-f', s.file, 'run', '--rm', 'proget', 'upgradedb'], s.env)).code).toBe(0);
    expect((await docker(['compose', '-f', s.file, 'stop', 'proget'], s.env)).code).toBe(0);
    expect(s.ran).toEqual([['stand-in', '--upgradedb', '--version', '2026.3'], ['/bin/sh', '/lab/inedo-service', 'stop']]);
    for (const args of [['ps'], ['compose', '-f', s.file, 'down'], ['compose', '-f', s.file, 'up', 'proget'], ['compose', '-f', s.file, 'run', 'proget', 'upgradedb'], ['compose', '-f', s.file, 'run', '--rm', 'proget', 'sh']]) {
      expect(await docker(args, s.env)).toEqual({ code: 1, stdout: '', stderr: `docker ${args.join(' ')}: not supported by the lab\n` });
    }
    expect((await docker(['compose', '-f', s.file, 'stop', 'otter'], s.env)).stderr).toMatch(/no image for service "otter"/);
    expect((await docker(['image', 'inspect', `${PRODUCT_IMAGES.proget}:2026.3`], s.env)).code).toBe(0);
    expect((await docker(['image', 'inspect', `${PRODUCT_IMAGES.otter}:2026.3`], s.env)).code).toBe(1);
    expect((await docker(['image', 'inspect', `${PRODUCT_IMAGES.proget}:2026.2`], s.env)).code).toBe(1);
  });
});
