/**
 * One socket write per SSH packet, as the shipped app and CLI run ssh2 (issue 10). Bundled, ssh2 cannot
 * load its native cipher and falls back to JavaScript, which writes each packet in three pieces (length,
 * ciphertext, tag). With Nagle off each piece became its own syscall and its own TCP segment: at ten nodes
 * the kernel's work for those segments was the largest cost on the engine's one thread (CPU profile:
 * 560 ms in writeBuffer of a 2.2 s run), and it delayed everything else, the database login included.
 * The engine is bundled here exactly as the CLI is (native parts outside), run against a real sshd, and
 * the socket's write calls are counted against the write requests it hands the kernel: structural, not timed.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canRunSshd, generateKey, keygenFingerprint, TestSshd } from './sshd-test-fixture';

const run = promisify(execFile);

const CHILD = `
import { readFileSync } from 'node:fs';
import { recordSockets } from '${resolve(__dirname, '../testing/socket-recorder')}';
import { HostKeyPolicy, KnownHostsStore } from '${resolve(__dirname, 'known-hosts')}';
import { openSession } from '${resolve(__dirname, 'ssh-session')}';
const [port, keyPath, fingerprint, kh] = process.argv.slice(2);
async function main() {
const recorder = recordSockets();
const session = await openSession({ host: '127.0.0.1', port: Number(port), username: 'root', auth: { kind: 'key', privateKey: readFileSync(keyPath) },
  hostKeyPolicy: new HostKeyPolicy({ store: new KnownHostsStore(kh), pinned: { ['127.0.0.1:' + port]: fingerprint } }), connectTimeoutMs: 10000, os: 'linux' });
const outputs = [];
for (let i = 0; i < 5; i++) outputs.push((await session.exec('echo ' + i)).stdout);
await session.close();
const s = recorder.toPort(Number(port))[0];
console.log(JSON.stringify({ outputs, writes: s.writes, flushes: s.flushes, cipher: session.algorithms?.cs.cipher }));
}
void main();
`;

describe.skipIf(!canRunSshd)('SSH packets leave in one write each (bundled ssh2, JavaScript ciphers)', () => {
  let sshd: TestSshd;
  let dir: string;
  let keyPath: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hawizard-packets-'));
    keyPath = await generateKey(dir, 'id_ed25519', 'ed25519');
    sshd = await TestSshd.start([await readFile(`${keyPath}.pub`, 'utf8')]);
  }, 60_000);

  afterAll(async () => {
    await sshd?.stop();
    await rm(dir, { recursive: true, force: true });
  }, 30_000);

  it('ssh2 writes each packet in pieces; the socket hands the kernel about one write per packet', async () => {
    const entry = join(dir, 'child.ts');
    await writeFile(entry, CHILD);
    const out = join(dir, 'child.cjs');
    // As scripts/build-cli.ts bundles the CLI: the native cipher stays outside, so the JavaScript one runs.
    await build({ entryPoints: [entry], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: out, external: ['pg-native', 'cpu-features', '*.node'], logLevel: 'error' });
    const kh = join(dir, `kh-${randomBytes(4).toString('hex')}.json`);
    const { stdout } = await run(process.execPath, [out, String(sshd.port), keyPath, await keygenFingerprint(sshd.hostKeyPublicPath), kh], { timeout: 30_000 });
    const r = JSON.parse(stdout) as { outputs: string[]; writes: number; flushes: number; cipher: string };
    expect(r.outputs).toEqual(['0\n', '1\n', '2\n', '3\n', '4\n']);
    // The JavaScript AES-GCM and ChaCha20 ciphers write at least three pieces per packet after the key exchange.
    expect(r.cipher).toMatch(/gcm|chacha20/);
    expect(r.writes).toBeGreaterThan(30);
    // One write request per packet or fewer (several packets of one turn of the loop go together).
    expect(r.flushes * 2.5).toBeLessThanOrEqual(r.writes);
  }, 60_000);
});
