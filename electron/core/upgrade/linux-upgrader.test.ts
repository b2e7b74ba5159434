/**
 * The Linux (Docker Compose) upgrader end to end against a real OpenSSH sshd on loopback: real SFTP, real sh,
 * real cp/find/sha256sum. Docker itself cannot run here: a throwaway `docker` script on the test login's PATH
 * (sshd's SetEnv) plays exactly the five commands the upgrader may use and records every call.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HostKeyPolicy, KnownHostsStore } from '../remote/known-hosts';
import { openSession, type SshSession } from '../remote/ssh-session';
import { canRunSshd, freePort, generateKey, keygenFingerprint, TestSshd } from '../remote/sshd-test-fixture';
import { linuxUpgrader, type LinuxUpgraderOptions } from './linux-upgrader';
import { UpgradeStepError } from './upgrade-ports';

/** The stand-in docker: state in ./state beside it; unsupported arguments exit 64 so a stray command shows. */
const FAKE_DOCKER = String.raw`#!/bin/sh
state=$(dirname "$0")/state
printf '%s\n' "$*" >> "$state/calls"
if [ "$1" = image ] && [ "$2" = inspect ] && [ $# -eq 3 ]; then grep -qxF -- "$3" "$state/images"; exit $?; fi
if [ "$1" != compose ] || [ "$2" != -f ]; then echo "unsupported: $*" >&2; exit 64; fi
file=$3; cmd=$4; shift 4
image=$(grep -m1 'image:' "$file" | sed 's/.*image:[ ]*//; s/ #.*//; s/["'"'"' ]//g')
case "$cmd $*" in
  "pull proget") if grep -qxF -- "$image" "$state/unavailable" 2>/dev/null; then echo "manifest for $image not found" >&2; exit 18; fi
    printf '%s\n' "$image" >> "$state/images"; echo "Pulled $image" ;;
  "up -d proget") if [ -f "$state/up-fails" ]; then echo "container failed to start" >&2; exit 1; fi
    printf '%s\n' "$image" > "$state/running"; echo "Started $image" ;;
  "stop proget") rm -f "$state/running"; echo "Stopped" ;;
  "run --rm proget upgradedb") if [ -f "$state/upgradedb-fails" ]; then echo "schema upgrade failed: 42" >&2; exit 3; fi
    printf '%s\n' "$image" > "$state/schema"; echo "schema upgraded" ;;
  *) echo "unsupported: compose $cmd $*" >&2; exit 64 ;;
esac
`;

const COMPOSE = '# ProGet on this node\r\nservices:\r\n  proget:\r\n    image: "proget.inedo.com/productimages/inedo/proget:2025.14" # pinned\r\n    env_file: proget.env\r\n    ports: ["8624:80"]\r\n';

describe.skipIf(!canRunSshd)('the Linux upgrader against a real sshd', () => {
  let sshd: TestSshd;
  let dir = '';
  let key = '';
  let session: SshSession | undefined;
  let work = '';
  let state = '';
  let webPort = 0;

  beforeAll(async () => {
    dir = await mkdtemp('/tmp/hawtest-upgrade-nodes-');
    await mkdir(join(dir, 'bin', 'state'), { recursive: true });
    await writeFile(join(dir, 'bin', 'docker'), FAKE_DOCKER, { mode: 0o755 });
    const keyPath = await generateKey(dir, 'id_ed25519', 'ed25519');
    key = await readFile(keyPath, 'utf8');
    sshd = await TestSshd.start([await readFile(`${keyPath}.pub`, 'utf8')], { extraConfig: [`SetEnv PATH=${join(dir, 'bin')}:/usr/bin:/bin`] });
    const hostKeyPolicy = new HostKeyPolicy({ store: new KnownHostsStore(join(dir, 'kh.json')), pinned: { [`127.0.0.1:${sshd.port}`]: await keygenFingerprint(sshd.hostKeyPublicPath) } });
    session = await openSession({ host: '127.0.0.1', port: sshd.port, username: 'root', auth: { kind: 'key', privateKey: key }, hostKeyPolicy, connectTimeoutMs: 10_000, os: 'linux' });
    webPort = await freePort();
  }, 60_000);
  afterAll(async () => {
    await session?.close();
    await sshd?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 30_000);

  beforeEach(async () => {
    state = join(dir, 'bin', 'state');
    await rm(state, { recursive: true, force: true });
    await mkdir(state);
    await writeFile(join(state, 'images'), 'proget.inedo.com/productimages/inedo/proget:2025.14\n');
    work = await mkdtemp(join(dir, 'node-'));
    await writeFile(join(work, 'compose.yaml'), COMPOSE);
    await writeFile(join(work, 'proget.env'), 'PROGET_SQL_CONNECTION_STRING_FILE=/run/secrets/db\nPROGET_ENCRYPTION_KEY_FILE=/run/secrets/key\n', { mode: 0o640 });
    await mkdir(join(work, 'extensions', 'sub'), { recursive: true });
    await writeFile(join(work, 'extensions', 'InedoCore.upack'), Buffer.from([0, 1, 2, 255, 254, 10, 13]));
    await writeFile(join(work, 'extensions', 'sub', 'odd name\twith tab.txt'), 'x');
    await mkdir(join(work, 'extensions', 'empty'));
  });

  const upgrader = (over: Partial<LinuxUpgraderOptions> = {}) => linuxUpgrader({
    nodeId: 'node1', file: join(work, 'compose.yaml'), service: 'proget', configPath: join(work, 'proget.env'),
    extensionsDir: join(work, 'extensions'), web: { host: '127.0.0.1', port: webPort }, session: async () => session!,
    stopProofMs: 2000, ...over,
  });
  const calls = async () => (await readFile(join(state, 'calls'), 'utf8').catch(() => '')).trim().split('\n').filter(Boolean);
  const compose = () => join(work, 'compose.yaml');

  it('reads the installed version from the compose file, and null when it cannot', async () => {
    expect(await upgrader().installedVersion()).toBe('2025.14');
    await writeFile(compose(), 'services:\n  proget:\n    image: proget:${TAG}\n');
    expect(await upgrader().installedVersion()).toBeNull();
    expect(await upgrader({ file: join(work, 'missing.yaml') }).installedVersion()).toBeNull();
  });

  it('installs a version: only the tag changes in the compose file and the image is pulled; start (up -d) runs it', async () => {
    const r = await upgrader().install('2026.1');
    expect(r).toEqual({ exitCode: 0, output: 'Pulled proget.inedo.com/productimages/inedo/proget:2026.1' });
    expect(await readFile(compose(), 'utf8')).toBe(COMPOSE.replace(':2025.14"', ':2026.1"'));
    expect(await calls()).toEqual([`compose -f ${compose()} pull proget`]);
    // Nothing runs the new version before the runner starts it (after the schema upgrade).
    expect(await readFile(join(state, 'running'), 'utf8').catch(() => null)).toBeNull();
    await upgrader().start();
    expect(await calls()).toEqual([`compose -f ${compose()} pull proget`, `compose -f ${compose()} up -d proget`]);
    expect(await readFile(join(state, 'running'), 'utf8')).toBe('proget.inedo.com/productimages/inedo/proget:2026.1\n');
    expect(await upgrader().installedVersion()).toBe('2026.1');
    // And back (a rollback): byte for byte the file it was.
    expect((await upgrader().install('2025.14')).exitCode).toBe(0);
    expect(await readFile(compose(), 'utf8')).toBe(COMPOSE);
  });

  it('a failed pull gives its exit code and output, and leaves the compose file as it was', async () => {
    await writeFile(join(state, 'unavailable'), 'proget.inedo.com/productimages/inedo/proget:2026.1\n');
    const r = await upgrader().install('2026.1');
    expect(r.exitCode).toBe(18);
    expect(r.output).toContain('manifest for proget.inedo.com/productimages/inedo/proget:2026.1 not found');
    expect(await readFile(compose(), 'utf8')).toBe(COMPOSE);
    expect(await calls()).toEqual([`compose -f ${compose()} pull proget`]);
  });

  it('a failed up -d fails start with its exit code and output', async () => {
    await writeFile(join(state, 'up-fails'), '');
    const error = await upgrader().start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpgradeStepError);
    expect(error).toMatchObject({ message: 'node1: docker compose up -d failed with exit code 1', exitCode: 1, output: 'container failed to start' });
  });

  it('refuses to install into a compose file it cannot rewrite exactly, before any command', async () => {
    const text = 'services:\n  proget:\n    image: proget@sha256:abcd\n';
    await writeFile(compose(), text);
    await expect(upgrader().install('2026.1')).rejects.toThrow(/cannot be changed safely: .*by digest/);
    expect(await readFile(compose(), 'utf8')).toBe(text);
    expect(await calls()).toEqual([]);
  });

  it('canInstall: the image present, to be pulled, docker missing, or the compose file unusable', async () => {
    await writeFile(join(state, 'images'), 'proget.inedo.com/productimages/inedo/proget:2026.1\n');
    expect(await upgrader().canInstall('2026.1')).toEqual({ ok: true, detail: expect.stringContaining('already on this server') });
    expect(await upgrader().canInstall('2026.2')).toEqual({ ok: true, detail: expect.stringContaining('not on this server yet') });
    expect(await upgrader({ docker: 'no-such-docker' }).canInstall('2026.1')).toEqual({ ok: false, detail: expect.stringContaining('no-such-docker is not on') });
    await writeFile(compose(), 'services:\n  proget:\n    image: proget\n');
    expect(await upgrader().canInstall('2026.1')).toEqual({ ok: false, detail: expect.stringContaining('has no tag') });
  });

  it('stop runs compose stop and proves the web port refused; a port that still answers fails the stop', async () => {
    await upgrader().stop();
    expect(await calls()).toEqual([`compose -f ${compose()} stop proget`]);
    const server: Server = createServer((s) => s.destroy());
    await new Promise<void>((resolve) => server.listen(webPort, '127.0.0.1', resolve));
    try {
      await expect(upgrader().stop()).rejects.toThrow(/web port \d+ still answers/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('start is up -d; upgradeSchema is run --rm SERVICE upgradedb with its exit code', async () => {
    await upgrader().start();
    expect(await readFile(join(state, 'running'), 'utf8')).toContain(':2025.14');
    expect(await upgrader().upgradeSchema('2025.14')).toEqual({ exitCode: 0, output: 'schema upgraded' });
    await writeFile(join(state, 'upgradedb-fails'), '');
    expect(await upgrader().upgradeSchema('2025.14')).toEqual({ exitCode: 3, output: 'schema upgrade failed: 42' });
    await writeFile(join(state, 'calls'), '');
    await expect(upgrader({ docker: 'no-such-docker' }).start()).rejects.toThrow(UpgradeStepError);
  });

  it('backs up the compose file, the env file and the extensions folder, verifies them, and restores every byte', async () => {
    const u = upgrader();
    const backups = await u.backupFiles(join(work, 'backups'));
    expect(backups.map((b) => [b.what, b.source])).toEqual([['config', compose()], ['config', join(work, 'proget.env')], ['extensions', join(work, 'extensions')]]);
    for (const b of backups) await u.verifyBackup(b);
    // The backup folder is new and owner-only.
    const [folder] = await readdir(join(work, 'backups'));
    expect((await stat(join(work, 'backups', folder!))).mode & 0o777).toBe(0o700);
    const before = await snapshot(work);

    // The upgrade changes all of it.
    await u.install('2026.1');
    await writeFile(join(work, 'proget.env'), 'PROGET_NEW=1\n');
    await writeFile(join(work, 'extensions', 'InedoCore.upack'), 'new');
    await writeFile(join(work, 'extensions', 'added.upack'), 'added');
    await rm(join(work, 'extensions', 'empty'), { recursive: true });
    expect(await snapshot(work)).not.toEqual(before);

    await u.restoreFiles(backups);
    expect(await snapshot(work)).toEqual(before);
    expect((await stat(join(work, 'proget.env'))).mode & 0o777).toBe(0o640);
    // Nothing left beside the restored folder or files.
    expect((await readdir(work)).sort()).toEqual(['backups', 'compose.yaml', 'extensions', 'proget.env']);
  });

  it('verifyBackup catches a backup changed or gone', async () => {
    const u = upgrader();
    const [composeBackup, , extensions] = await u.backupFiles(join(work, 'backups'));
    await writeFile(composeBackup!.path, 'tampered');
    await expect(u.verifyBackup(composeBackup!)).rejects.toThrow(/is not as written/);
    await writeFile(join(extensions!.path, 'sub', 'odd name\twith tab.txt'), 'y');
    await expect(u.verifyBackup(extensions!)).rejects.toThrow(/is not as written/);
    await rm(extensions!.path, { recursive: true });
    await expect(u.verifyBackup(extensions!)).rejects.toThrow(/is missing/);
  });

  it('refuses to copy an extensions folder holding a symbolic link; no extensions folder means none backed up', async () => {
    await symlink('/etc', join(work, 'extensions', 'sub', 'link'));
    await expect(upgrader().backupFiles(join(work, 'backups'))).rejects.toThrow(/link.* is a symbolic link or special file/);
    const none = await upgrader({ extensionsDir: join(work, 'no-such-folder') }).backupFiles(join(work, 'backups2'));
    expect(none.map((b) => b.what)).toEqual(['config', 'config']);
  });

  it('paths with quotes, $(...), spaces, a newline and a leading dash travel as data: nothing is run, everything works', async () => {
    const hostile = join(work, "-it's $(touch PWNED) `touch PWNED` \"x\" ;|&\nline");
    await mkdir(hostile);
    await writeFile(join(hostile, 'compose.yaml'), COMPOSE);
    await writeFile(join(hostile, 'a.env'), 'A=1\n');
    await mkdir(join(hostile, "ext $(touch PWNED)", 'sub\nx'), { recursive: true });
    await writeFile(join(hostile, "ext $(touch PWNED)", 'sub\nx', "f'1"), 'content');
    const u = upgrader({ file: join(hostile, 'compose.yaml'), configPath: join(hostile, 'a.env'), extensionsDir: join(hostile, "ext $(touch PWNED)") });
    const before = await snapshot(hostile);
    const backups = await u.backupFiles(join(hostile, 'backups'));
    expect(backups.map((b) => b.what)).toEqual(['config', 'config', 'extensions']);
    for (const b of backups) await u.verifyBackup(b);
    expect((await u.install('2026.1')).exitCode).toBe(0);
    await writeFile(join(hostile, "ext $(touch PWNED)", 'sub\nx', "f'1"), 'changed');
    await u.restoreFiles(backups);
    expect(await snapshot(hostile)).toEqual(before);
    expect(await u.freeBytes(hostile)).toBeGreaterThan(0);
    // No command substitution ran anywhere the shell could have been (the login's home, the work folders, /).
    for (const d of [work, hostile, '/root', '/']) expect(await readdir(d)).not.toContain('PWNED');
  });

  it('freeBytes reads df for a folder that does not exist yet', async () => {
    expect(await upgrader().freeBytes(join(work, 'not', 'yet'))).toBeGreaterThan(1024 * 1024);
  });
});

/** Every file and folder under `root` except backups: path, mode and content. */
async function snapshot(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string) => {
    for (const name of (await readdir(join(root, rel))).sort()) {
      const p = join(rel, name);
      if (p === 'backups') continue;
      const s = await stat(join(root, p));
      out[p] = s.isDirectory() ? `dir ${s.mode & 0o777}` : `${s.mode & 0o777} ${(await readFile(join(root, p))).toString('base64')}`;
      if (s.isDirectory()) await walk(p);
    }
  };
  await walk('');
  return out;
}
