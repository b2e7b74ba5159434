/**
 * The upgrade faults (issue 14), set through faults.ts like the others, each undone by --clear:
 * installer-fails (node, value = a version, optional): the node's installer (docker compose up) exits 1 and
 *   changes nothing, for that version only when one is given (so the old version can be put back);
 * installer-hangs (node, value = a version, optional): the node's installer download (docker compose pull) never
 *   ends, for that version only when one is given: a step past its limit (upgrade-timeouts.ts) must let go of it;
 * upgradedb-fails (node): upgradedb exits 1 and leaves the schema alone;
 * never-healthy (node, value = a version): the stand-in at that version answers /health Error for ever;
 * backup-full (lab-wide, any node name): a full 64 KiB tmpfs over BACKUP_DIRS.full, here, in every node and in the TDS server's view.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseProductVersion } from '../../electron/shared/products';
import { BACKUP_DIRS } from './docker-nodes';
import type { LabState } from './lab-types';
import { inNode, type NodeState } from './nodes';
import { run } from './run';
import { VERSION_FAULT_FILES } from './stand-in/schema-at-start';
import { COMPOSE_FILE_NAME, withComposeTag } from './stand-in/compose-file';

export const VERSION_FAULT_KINDS = ['installer-fails', 'installer-hangs', 'upgradedb-fails', 'never-healthy', 'backup-full'] as const;
export type VersionFaultKind = (typeof VERSION_FAULT_KINDS)[number];

export function isVersionFault(kind: string): kind is VersionFaultKind {
  return (VERSION_FAULT_KINDS as readonly string[]).includes(kind);
}

export async function setVersionFault(kind: VersionFaultKind, state: LabState, node: NodeState, opts: { clear: boolean; value?: string }): Promise<string> {
  const stateDir = path.join(node.dir, 'state');
  switch (kind) {
    case 'installer-fails':
    case 'upgradedb-fails': {
      const flag = path.join(stateDir, kind === 'installer-fails' ? VERSION_FAULT_FILES.installerFails : VERSION_FAULT_FILES.upgradedbFails);
      if (opts.clear) fs.rmSync(flag, { force: true });
      else fs.writeFileSync(flag, `simulated fault: ${kind}\n${kind === 'installer-fails' && opts.value ? `only: ${opts.value}\n` : ''}`);
      return `${node.name}: ${kind === 'installer-fails' ? 'the installer' : 'upgradedb'} ${opts.clear ? 'works again' : 'fails'}`;
    }
    case 'installer-hangs': {
      const flag = path.join(stateDir, VERSION_FAULT_FILES.installerHangs);
      if (opts.clear) fs.rmSync(flag, { force: true });
      else fs.writeFileSync(flag, `simulated fault: installer-hangs\n${opts.value ? `only: ${opts.value}\n` : ''}`);
      return `${node.name}: the installer's download ${opts.clear ? 'ends again' : 'never ends'}`;
    }
    case 'never-healthy': {
      const flag = path.join(stateDir, VERSION_FAULT_FILES.neverHealthy);
      if (opts.clear) {
        fs.rmSync(flag, { force: true });
        return `${node.name}: healthy at every version again`;
      }
      if (!opts.value || !parseProductVersion(opts.value)) throw new Error('never-healthy wants a version, e.g. 2026.1');
      fs.writeFileSync(flag, `${opts.value}\n`);
      return `${node.name}: never healthy at ${opts.value}`;
    }
    case 'backup-full': {
      if (opts.clear) {
        for (const n of state.nodes) await run(inNode(n, ['umount', BACKUP_DIRS.full]), { allowFail: true });
        await run([...inTdsMounts(state), 'umount', BACKUP_DIRS.full], { allowFail: true });
        await unmountBackupFull();
        return `${BACKUP_DIRS.full} has room again`;
      }
      await fillBackupFull([]);
      for (const n of state.nodes) await fillBackupFull(inNode(n, []));
      await fillBackupFull(inTdsMounts(state));
      return `${BACKUP_DIRS.full} is full (here, on every node and for the TDS server)`;
    }
  }
}

/**
 * The TDS test server's own mount view: `ip netns exec` gave it one, which a mount made here does not reach,
 * so a SQL Server BACKUP into the full folder would otherwise land on the disk under it.
 */
function inTdsMounts(state: LabState): string[] {
  return ['nsenter', '-t', String(state.pids.tds), '-m', '--'];
}

/** A tiny tmpfs over the backup-full directory, filled to the last byte; `prefix` runs it inside a node. */
async function fillBackupFull(prefix: string[]): Promise<void> {
  const script = 'set -e; d="$1"; if ! mountpoint -q "$d"; then mount -t tmpfs -o size=64k,mode=1777 lab-backup-full "$d"; fi; ' +
    'dd if=/dev/zero of="$d/.filler" bs=4k 2>/dev/null || true';
  await run([...prefix, 'sh', '-c', script, 'sh', BACKUP_DIRS.full]);
}

/** Unmounts the host's backup-full tmpfs if it is there (lab down calls this before removing LAB_ROOT). */
export async function unmountBackupFull(): Promise<void> {
  const mounted = fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n').some((l) => l.split(' ')[4] === BACKUP_DIRS.full);
  if (mounted) await run(['umount', BACKUP_DIRS.full], { allowFail: true });
}

/** The version fault keeps the node's compose file in step with node.json, as an installed container would. */
export function setComposeTag(node: NodeState, version: string): void {
  const file = path.join(node.dir, 'compose', COMPOSE_FILE_NAME);
  if (!fs.existsSync(file) || !/^\d+\.\d+$/.test(version)) return;
  const product = (JSON.parse(fs.readFileSync(path.join(node.dir, 'state', 'node.json'), 'utf8')) as { product: string }).product;
  fs.writeFileSync(file, withComposeTag(fs.readFileSync(file, 'utf8'), product, version));
}
