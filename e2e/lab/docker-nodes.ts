/**
 * Docker-style lab nodes: each node has a compose file whose product service's image tag is its version,
 * and a `docker` on its SSH login's PATH (a lab bin dir, put first by the node's sshd `SetEnv`; nothing
 * system-wide) that runs the stand-in's docker subset (stand-in/docker-cli.ts) on that node.
 */
import fs from 'node:fs';
import path from 'node:path';
import { shQuote } from '../../electron/core/remote/posix-dialect';
import type { ProductId } from '../../electron/shared/products';
import { LAB_ROOT, NODE_VIEW } from './lab-config';
import { buildStandIn } from './stand-in/build';
import { COMPOSE_FILE_NAME, renderComposeFile } from './stand-in/compose-file';
import { PRODUCT_IMAGES } from './stand-in/version-registry';

/** Only `docker` lives here: first on every node login's PATH. */
export const LAB_PATH_DIR = path.join(LAB_ROOT, 'bin', 'path');
/** The PATH a node's SSH login gets. */
export const NODE_LOGIN_PATH = `${LAB_PATH_DIR}:/usr/local/bin:/usr/bin:/bin`;
/** The compose file as the node sees it (its own directory is at NODE_VIEW). */
export const NODE_COMPOSE_FILE = path.join(NODE_VIEW, 'compose', COMPOSE_FILE_NAME);
/** Backups go here; backup-full mounts a full tmpfs over the second one. */
export const BACKUP_DIRS = { roomy: path.join(LAB_ROOT, 'backups'), full: path.join(LAB_ROOT, 'backup-full') };

export interface DockerInstall {
  stateDir: string;
  serviceScript: string;
  standInBundle: string;
}

/** Builds docker.cjs and writes the `docker` wrapper; the paths are fixed when written, single-quoted. */
export async function installDockerStandIn(paths: DockerInstall): Promise<void> {
  const bundle = path.join(LAB_ROOT, 'bin', 'docker.cjs');
  await buildStandIn(bundle, 'docker-main.ts');
  fs.mkdirSync(LAB_PATH_DIR, { recursive: true, mode: 0o755 });
  const argv = [process.execPath, bundle, paths.stateDir, paths.serviceScript, paths.standInBundle, '--'].map(shQuote).join(' ');
  fs.writeFileSync(path.join(LAB_PATH_DIR, 'docker'), `#!/bin/sh\n# HA Wizard lab: the stand-in's docker (e2e/lab/docker-nodes.ts)\nexec ${argv} "$@"\n`, { mode: 0o755 });
  for (const dir of Object.values(BACKUP_DIRS)) {
    fs.mkdirSync(dir, { recursive: true });
    fs.chmodSync(dir, 0o1777);
  }
}

/** A node's compose file, at the version it starts with, in its own directory (nodeDir/compose). */
export function writeComposeFile(nodeDir: string, product: ProductId, version: string, uid: number, gid: number): void {
  const dir = path.join(nodeDir, 'compose');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, COMPOSE_FILE_NAME);
  fs.writeFileSync(file, renderComposeFile(product, PRODUCT_IMAGES[product], version));
  fs.chownSync(dir, uid, gid);
  fs.chownSync(file, uid, gid);
}
