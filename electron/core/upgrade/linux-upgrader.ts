/**
 * NodeUpgrader for a Linux node running the product under Docker Compose: the image tag of the service in the
 * compose file is the version. install() sets the tag and pulls the image; start() (`up -d`) recreates the
 * container at that tag, so nothing runs the new version before the runner starts it. Files are read and written over SFTP (created new, replaced by rename, read back);
 * every command is a fixed sh script with positional arguments (linux-scripts.ts).
 */
import path from 'node:path';
import crypto from 'node:crypto';
import { replaceVerified, writeVerified } from '../apply/remote-file';
import { sha256 } from '../apply/masked-diff';
import { parseKeyValues } from '../nodes/posix-scripts';
import { posixScript } from '../remote/posix-dialect';
import type { SshSession } from '../remote/ssh-session';
import { errorMessage } from '../../shared/error-text';
import { ComposeFileError, findComposeImage, rewriteComposeTag } from './compose-tag';
import { DOCKER_PROGRAM, dockerImageTag, versionOfDockerTag } from './installer-facts';
import { COMPOSE_ACTION, COPY_FOLDER, FOLDER_DIGEST_OF, FREE_BYTES, IMAGE_PRESENT, MAKE_BACKUP_DIR, RESTORE_FOLDER } from './linux-scripts';
import { backupFolderName, outputTail, proveWebPortClosed } from './upgrade-shared';
import { UpgradeStepError, type FileBackup, type NodeUpgrader, type StepOptions } from './upgrade-ports';
import { UPGRADE_STEP_LIMITS_MS, type UpgradeLimitKind } from './upgrade-timeouts';

export interface LinuxUpgraderOptions {
  nodeId: string;
  /** The compose file and the product's service in it. */
  file: string;
  service: string;
  /** The node's env file, when the profile names one. */
  configPath: string | null;
  /** The extensions folder as the host sees it (installer-facts.ts), backed up when it exists. */
  extensionsDir: string | null;
  /** The product's web port, refused once it is stopped. */
  web: { host: string; port: number };
  /** The node's session (the pool reconnects a dropped one). */
  session: () => Promise<SshSession>;
  /** The Docker client on the login's PATH; tests keep the default. */
  docker?: string;
  /** How long a stopped service may take to close its port. */
  stopProofMs?: number;
  /** The run's redactor: the installer's output is masked before it is cut to its tail. */
  redact?: (t: string) => string;
}

type Action = 'pull' | 'up' | 'stop' | 'upgradedb';

/** The step each compose action serves: its remote timeout is a backstop a minute past that step's limit. */
const ACTION_STEP: Record<Action, UpgradeLimitKind> = { pull: 'install', up: 'start', stop: 'stop', upgradedb: 'upgrade-schema' };

const ACTION_WORDS: Record<Action, string> = { pull: 'docker compose pull', up: 'docker compose up -d', stop: 'docker compose stop', upgradedb: 'docker compose run --rm … upgradedb' };

export function linuxUpgrader(o: LinuxUpgraderOptions): NodeUpgrader {
  const docker = o.docker ?? DOCKER_PROGRAM;
  // A service named like an option would be read by compose as one.
  if (o.service.startsWith('-')) throw new UpgradeStepError(`the Docker Compose service name ${o.service} of ${o.nodeId} starts with "-"`);
  const where = o.nodeId;
  const run = async (script: string, args: string[], timeoutMs = 120_000, signal?: AbortSignal) => {
    const { command, stdin } = posixScript(script, args);
    const r = await (await o.session()).exec(command, { stdin, timeoutMs, ...(signal ? { signal } : {}) });
    return parseKeyValues(r.stdout);
  };
  const compose = async (action: Action, signal?: AbortSignal) => {
    const kv = await run(COMPOSE_ACTION, [docker, o.file, o.service, action], UPGRADE_STEP_LIMITS_MS[ACTION_STEP[action]] + 60_000, signal);
    const exit = kv.get('exit');
    if (exit === 'missing') throw new UpgradeStepError(`${where}: the program ${docker} is not on the SSH login's PATH`);
    const exitCode = Number(exit);
    if (exit === undefined || !Number.isInteger(exitCode)) throw new UpgradeStepError(`${where}: ${ACTION_WORDS[action]} gave no exit code`);
    return { exitCode, output: outputTail(kv.all('output').join('\n'), undefined, o.redact) };
  };
  const mustSucceed = async (action: Action, signal?: AbortSignal) => {
    const r = await compose(action, signal);
    if (r.exitCode !== 0) throw new UpgradeStepError(`${where}: ${ACTION_WORDS[action]} failed with exit code ${r.exitCode}`, r.output, r.exitCode);
    return r;
  };
  const readFile = async (file: string, what: string) => {
    try {
      const s = await o.session();
      return { bytes: await s.readFile(file), mode: (await s.stat(file)).mode };
    } catch (e) {
      throw new UpgradeStepError(`${where}: cannot read the ${what} ${file} (${errorMessage(e)})`);
    }
  };
  const freeBytes = async (dir: string) => {
    const text = (await run(FREE_BYTES, [dir])).get('freeBytes');
    const n = text ? Number(text) : NaN;
    if (!Number.isFinite(n) || n < 0) throw new UpgradeStepError(`${where}: cannot read the free space at ${dir}`);
    return n;
  };
  const stepError = (e: unknown, doing: string) => (e instanceof UpgradeStepError ? e : new UpgradeStepError(`${where}: ${doing} failed: ${errorMessage(e)}`));

  return {
    nodeId: o.nodeId,
    describe: () => `Docker Compose service ${o.service} in ${o.file} (backups: the compose file${o.configPath ? `, the env file ${o.configPath}` : ''}${o.extensionsDir ? `, the extensions folder ${o.extensionsDir} when it exists` : ', no extensions folder'})`,

    async installedVersion() {
      try {
        const { bytes } = await readFile(o.file, 'compose file');
        return versionOfDockerTag(findComposeImage(bytes, o.service).tag);
      } catch {
        return null;
      }
    },

    async canInstall(version) {
      let image: string;
      try {
        const { bytes } = await readFile(o.file, 'compose file');
        rewriteComposeTag(bytes, o.service, dockerImageTag(version));
        image = `${findComposeImage(bytes, o.service).name}:${dockerImageTag(version)}`;
      } catch (e) {
        return { ok: false, detail: e instanceof ComposeFileError ? `${where}: the compose file ${o.file} cannot be changed safely: ${e.message}` : errorMessage(e) };
      }
      const kv = await run(IMAGE_PRESENT, [docker, image]);
      if (kv.get('docker') !== 'present') return { ok: false, detail: `${where}: the program ${docker} is not on the SSH login's PATH` };
      return kv.get('image') === 'present'
        ? { ok: true, detail: `${where}: the image ${image} is already on this server` }
        : { ok: true, detail: `${where}: the image ${image} is not on this server yet; it is pulled when the upgrade installs it (whether the registry has it is known only then)` };
    },

    freeBytes,

    async stop(so?: StepOptions) {
      await mustSucceed('stop', so?.signal);
      await proveWebPortClosed(o.nodeId, o.web.host, o.web.port, o.stopProofMs ?? 30_000);
    },

    async start(so?: StepOptions) {
      await mustSucceed('up', so?.signal);
    },

    async install(version, so?: StepOptions) {
      const tag = dockerImageTag(version);
      const { bytes, mode } = await readFile(o.file, 'compose file');
      let next: Buffer;
      try {
        next = rewriteComposeTag(bytes, o.service, tag);
      } catch (e) {
        throw new UpgradeStepError(`${where}: the compose file ${o.file} cannot be changed safely: ${errorMessage(e)}`);
      }
      const write = async (b: Buffer) => {
        if (b.equals((await readFile(o.file, 'compose file')).bytes)) return;
        await replaceVerified(await o.session(), o.file, b, mode, '.ha-wizard-new', `${where}: the compose file ${o.file} does not read back as written`);
      };
      try {
        await write(next);
      } catch (e) {
        throw stepError(e, `writing the tag ${tag} into ${o.file}`);
      }
      const pull = await compose('pull', so?.signal);
      // Nothing changed but the file: put it back, so the node stays wholly on its old version.
      if (pull.exitCode !== 0) await write(bytes).catch(() => undefined);
      // The container is recreated at the new tag by start() (up -d): the runner stops every server first, upgrades
      // the schema, then starts; and a rollback starts the old version only once the database is one it reads.
      return pull;
    },

    async upgradeSchema(_version, so?: StepOptions) {
      return compose('upgradedb', so?.signal);
    },

    async backupFiles(dir, so?: StepOptions) {
      const files = [o.file, ...(o.configPath ? [o.configPath] : [])];
      const read = await Promise.all(files.map((f) => readFile(f, 'file')));
      // SFTP says only "Failure" for a full disk: measured first, so the admin reads why.
      const need = read.reduce((sum, r) => sum + r.bytes.length, 0);
      const free = await freeBytes(dir);
      if (free < need + 4096) throw new UpgradeStepError(`${where}: only ${free} bytes are free at ${dir}; the backups of ${files.join(' and ')} need ${need} bytes`);
      const folder = path.posix.join(dir, backupFolderName(o.nodeId));
      const made = await run(MAKE_BACKUP_DIR, [folder]);
      if (made.get('error')) throw new UpgradeStepError(`${where}: ${made.get('error')}`);
      const backups: FileBackup[] = [];
      for (const [i, source] of files.entries()) {
        const { bytes, mode } = read[i]!;
        const target = path.posix.join(folder, `${i}-${path.posix.basename(source)}`);
        try {
          await writeVerified(await o.session(), target, bytes, mode, `${where}: the backup ${target} does not read back as written`);
        } catch (e) {
          throw stepError(e, `backing up ${source}`);
        }
        backups.push({ what: 'config', nodeId: o.nodeId, source, path: target, bytes: bytes.length, sha256: sha256(bytes) });
      }
      if (o.extensionsDir) {
        const target = path.posix.join(folder, 'extensions');
        const kv = await run(COPY_FOLDER, [o.extensionsDir, target], 30 * 60_000, so?.signal);
        if (kv.get('error')) throw new UpgradeStepError(`${where}: ${kv.get('error')}`);
        if (kv.get('folder') === 'copied') {
          if (kv.get('sha256') !== kv.get('source')) throw new UpgradeStepError(`${where}: the copy of ${o.extensionsDir} differs from the folder (it changed while copied)`);
          backups.push({ what: 'extensions', nodeId: o.nodeId, source: o.extensionsDir, path: target, bytes: Number(kv.get('bytes') ?? 0), sha256: kv.get('sha256') ?? '' });
        }
      }
      return backups;
    },

    async verifyBackup(b, so?: StepOptions) {
      if (b.what === 'extensions') {
        const kv = await run(FOLDER_DIGEST_OF, [b.path], 30 * 60_000, so?.signal);
        if (kv.get('folder') !== 'present') throw new UpgradeStepError(`${where}: the backup ${b.path} is missing${kv.get('error') ? ` (${kv.get('error')})` : ''}`);
        if (kv.get('sha256') !== b.sha256 || Number(kv.get('bytes')) !== b.bytes) throw new UpgradeStepError(`${where}: the backup ${b.path} is not as written (size or content differs)`);
        return;
      }
      const { bytes } = await readFile(b.path, 'backup');
      if (bytes.length !== b.bytes || sha256(bytes) !== b.sha256) throw new UpgradeStepError(`${where}: the backup ${b.path} is not as written (size or content differs)`);
    },

    async restoreFiles(backups, so?: StepOptions) {
      for (const b of backups.filter((x) => x.nodeId === o.nodeId)) {
        if (b.what === 'extensions') {
          const kv = await run(RESTORE_FOLDER, [b.source, b.path, crypto.randomBytes(4).toString('hex'), b.sha256], 30 * 60_000, so?.signal);
          if (kv.get('error') || !kv.get('restored')) throw new UpgradeStepError(`${where}: restoring ${b.source} from ${b.path} failed: ${kv.get('error') ?? 'no answer'}`);
          continue;
        }
        const backup = await readFile(b.path, 'backup');
        if (sha256(backup.bytes) !== b.sha256) throw new UpgradeStepError(`${where}: the backup ${b.path} no longer matches what was backed up; ${b.source} was not restored`);
        const current = await readFile(b.source, 'file').catch(() => null);
        if (current?.bytes.equals(backup.bytes)) continue;
        try {
          await replaceVerified(await o.session(), b.source, backup.bytes, current?.mode ?? backup.mode, '.ha-wizard-restore', `${where}: ${b.source} does not read back as its backup`);
        } catch (e) {
          throw stepError(e, `restoring ${b.source} from ${b.path}`);
        }
      }
    },
  };
}
