/**
 * NodeUpgrader for a Windows node installed with Inedo Hub: every step is one of the fixed PowerShell scripts
 * (windows-scripts.ts, plus the library's inventory for the installed version), values passed as data.
 */
import path from 'node:path';
import type { z } from 'zod';
import type { PowerShellScript } from '../remote/powershell-dialect';
import { parseFileVersion } from '../run/cluster-context';
import { runPowerShell, type CommandRunner } from '../remote/powershell-results';
import { POWERSHELL_SCRIPTS } from '../remote/powershell-scripts';
import { errorMessage } from '../../shared/error-text';
import type { DatabaseKind } from '../../shared/kinds';
import type { ProductId } from '../../shared/products';
import { DEFAULT_HUB_PATH, hubInstallArguments, UPGRADEDB_ARGUMENT, UPGRADEDB_EXE, WINDOWS_INSTALL_DIR } from './installer-facts';
import { backupFolderName, outputTail } from './upgrade-shared';
import { UpgradeStepError, type FileBackup, type NodeUpgrader, type StepOptions } from './upgrade-ports';
import { remoteLimitSeconds } from './upgrade-timeouts';
import { backupItems, freeSpace, itemDigest, productExe, programInfo, restoreItem, runProgram, upgradeService } from './windows-scripts';

export interface WindowsUpgraderOptions {
  nodeId: string;
  product: ProductId;
  database: DatabaseKind;
  /** Inedo Hub's CLI (the profile's, else installer-facts' default). */
  hubPath?: string | undefined;
  /** The product's services, first existing wins for the version; all existing are stopped and started. */
  serviceNames: string[];
  configPath: string;
  extensionsDir: string | null;
  /** The node's session (the pool reconnects a dropped one). */
  runner: () => Promise<CommandRunner>;
  /** How long a service may take to stop or start. */
  serviceWaitSeconds?: number;
  /** The run's redactor: the installer's output is masked before it is cut to its tail. */
  redact?: (t: string) => string;
}

/** The programs' own limits, inside the step's (upgrade-timeouts.ts): Windows stops them there, with their output. */
const INSTALL_TIMEOUT_S = remoteLimitSeconds('install');
const UPGRADEDB_TIMEOUT_S = remoteLimitSeconds('upgrade-schema');

export function windowsUpgrader(o: WindowsUpgraderOptions): NodeUpgrader {
  const hub = o.hubPath ?? DEFAULT_HUB_PATH;
  const where = o.nodeId;
  const run = async <P extends z.ZodType, R extends z.ZodType>(script: PowerShellScript<P, R>, params: z.input<P>, doing: string, timeoutMs = 180_000, signal?: AbortSignal): Promise<z.output<R>> => {
    try {
      return await runPowerShell(await o.runner(), script, params, { timeoutMs, ...(signal ? { signal } : {}) });
    } catch (e) {
      throw e instanceof UpgradeStepError ? e : new UpgradeStepError(`${where}: ${doing} failed: ${errorMessage(e)}`);
    }
  };
  const program = async (exePath: string, args: string[], timeoutSeconds: number, what: string, signal?: AbortSignal) => {
    const r = await run(runProgram, { exePath, arguments: args, timeoutSeconds }, what, (timeoutSeconds + 120) * 1000, signal);
    if (!r.started) throw new UpgradeStepError(`${where}: ${what}: ${exePath} is not on this server`, r.output);
    if (r.timedOut) throw new UpgradeStepError(`${where}: ${what} did not finish within ${Math.round(timeoutSeconds / 60)} minutes and was stopped`, outputTail(r.output, undefined, o.redact));
    return { exitCode: r.exitCode ?? -1, output: outputTail(r.output, undefined, o.redact) };
  };
  const service = async (action: 'start' | 'stop', signal?: AbortSignal) => {
    const wait = o.serviceWaitSeconds ?? 120;
    const r = await run(upgradeService, { serviceNames: o.serviceNames, action, waitSeconds: wait }, `${action === 'stop' ? 'stopping' : 'starting'} the product's service`, (wait * Math.max(1, o.serviceNames.length) + 120) * 1000, signal);
    const wrong = r.services.filter((s) => (action === 'stop' ? s.state !== 'Stopped' || s.processId !== 0 : s.state !== 'Running'));
    if (wrong.length) {
      const words = wrong.map((s) => `${s.name} is ${s.state}${action === 'stop' && s.processId ? ` (process ${s.processId} still runs)` : ''}`).join('; ');
      throw new UpgradeStepError(`${where}: the service did not ${action} within ${wait} s: ${words}`);
    }
  };

  return {
    nodeId: o.nodeId,
    describe: () => `Inedo Hub (${hub}), services ${o.serviceNames.join(' / ')} (backups: ${o.configPath}${o.extensionsDir ? `, the extensions folder ${o.extensionsDir} when it exists` : ''})`,

    async installedVersion() {
      try {
        const inv = await runPowerShell(await o.runner(), POWERSHELL_SCRIPTS.inventory, { productId: o.product, serviceNames: o.serviceNames, configPath: o.configPath });
        const fileVersion = inv.services.find((s) => s.exists && s.fileVersion)?.fileVersion ?? inv.product.version;
        const v = fileVersion ? parseFileVersion(fileVersion) : null;
        return v ? `${v[0]}.${v[1]}` : null;
      } catch {
        return null;
      }
    },

    async canInstall(version) {
      const info = await run(programInfo, { path: hub }, 'looking for Inedo Hub');
      if (!info.exists) return { ok: false, detail: `${where}: Inedo Hub's command line ${hub} is not on this server (install Inedo Hub, or give its path in the profile)` };
      // Inedo Hub has no documented way to ask whether a version can be downloaded: said, not guessed.
      return { ok: true, detail: `${where}: Inedo Hub ${info.fileVersion ?? ''} found at ${hub}; whether it can download version ${version} is known only when it installs (unknown)`.replace('  ', ' ') };
    },

    async freeBytes(dir) {
      const r = await run(freeSpace, { path: dir }, `reading the free space at ${dir}`);
      if (r.freeBytes === null) throw new UpgradeStepError(`${where}: cannot read the free space at ${dir}`);
      return r.freeBytes;
    },

    stop: (so?: StepOptions) => service('stop', so?.signal),
    start: (so?: StepOptions) => service('start', so?.signal),

    async install(version, so?: StepOptions) {
      const r = await program(hub, hubInstallArguments(o.product, version, o.database), INSTALL_TIMEOUT_S, `Inedo Hub installing version ${version}`, so?.signal);
      // Unconfirmed whether Inedo Hub starts the service after installing: install leaves it stopped (proven), as
      // on Docker, so nothing runs the new version before the schema upgrade and the runner's start.
      if (r.exitCode === 0) await service('stop', so?.signal);
      return r;
    },

    async upgradeSchema(_version, so?: StepOptions) {
      const found = await run(productExe, { serviceNames: o.serviceNames, exeName: UPGRADEDB_EXE[o.product], fallbackDir: WINDOWS_INSTALL_DIR[o.product] }, `looking for ${UPGRADEDB_EXE[o.product]}`, 180_000, so?.signal);
      if (!found.path) throw new UpgradeStepError(`${where}: ${UPGRADEDB_EXE[o.product]} is not on this server (looked in ${found.looked.join(', ')})`);
      return program(found.path, [UPGRADEDB_ARGUMENT], UPGRADEDB_TIMEOUT_S, `${UPGRADEDB_EXE[o.product]} ${UPGRADEDB_ARGUMENT}`, so?.signal);
    },

    async backupFiles(dir, so?: StepOptions) {
      const folder = path.win32.join(dir, backupFolderName(o.nodeId));
      const items = [
        { source: o.configPath, target: path.win32.join(folder, `0-${path.win32.basename(o.configPath)}`), kind: 'file' as const },
        ...(o.extensionsDir ? [{ source: o.extensionsDir, target: path.win32.join(folder, 'extensions'), kind: 'folder' as const }] : []),
      ];
      const r = await run(backupItems, { folder, items }, `backing up into ${folder}`, 60 * 60_000, so?.signal);
      const backups: FileBackup[] = [];
      for (const item of r.items) {
        const kind = items.find((i) => i.target === item.target)?.kind;
        if (!item.copied || !item.digest) {
          if (kind === 'file') throw new UpgradeStepError(`${where}: the config file ${item.source} is not there to back up`);
          continue;
        }
        backups.push({ what: kind === 'folder' ? 'extensions' : 'config', nodeId: o.nodeId, source: item.source, path: item.target, bytes: item.digest.bytes, sha256: item.digest.sha256 });
      }
      return backups;
    },

    async verifyBackup(b, so?: StepOptions) {
      const r = await run(itemDigest, { path: b.path, kind: b.what === 'extensions' ? 'folder' : 'file' }, `verifying the backup ${b.path}`, 30 * 60_000, so?.signal);
      if (!r.digest) throw new UpgradeStepError(`${where}: the backup ${b.path} is missing`);
      if (r.digest.sha256 !== b.sha256 || r.digest.bytes !== b.bytes) throw new UpgradeStepError(`${where}: the backup ${b.path} is not as written (size or content differs)`);
    },

    async restoreFiles(backups, so?: StepOptions) {
      for (const b of backups.filter((x) => x.nodeId === o.nodeId)) {
        const r = await run(restoreItem, { target: b.source, backup: b.path, kind: b.what === 'extensions' ? 'folder' : 'file', sha256: b.sha256 }, `restoring ${b.source} from ${b.path}`, 60 * 60_000, so?.signal);
        if (!r.restored) throw new UpgradeStepError(`${where}: ${b.source} does not match its backup ${b.path} after the restore`);
      }
    },
  };
}
