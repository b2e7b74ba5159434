/**
 * The words of an upgrade plan's steps: what each runs on which server, and how it is undone, for the admin
 * to review before anything changes. The commands named here are the ones the node upgrader runs
 * (node-upgrader.ts); they are shown, never executed from this text.
 */
import { PRODUCTS } from '../../shared/products';
import { hubInstallArguments } from './installer-facts';
import { LOAD_BALANCER_NAMES, type ClusterProfile, type NodeProfile } from '../../shared/profile';

export interface StepWords { text: string; undo: string | null }

export interface TextContext {
  profile: ClusterProfile;
  from: string;
  to: string;
  backupDir: string;
  balancerDriven: boolean;
}

const product = (c: TextContext) => PRODUCTS[c.profile.product];

/** How the product runs on this server: a Windows service or a Docker Compose service. */
function runner(c: TextContext, n: NodeProfile): { stop: string; start: string; what: string } {
  if (n.installer?.kind === 'docker-compose') {
    const compose = `docker compose -f ${n.installer.file}`;
    return { stop: `${compose} stop ${n.installer.service}`, start: `${compose} up -d ${n.installer.service}`, what: `the ${n.installer.service} container` };
  }
  if (n.os === 'windows') {
    const svc = n.serviceCommand ?? product(c).service;
    return { stop: `Stop-Service ${svc}`, start: `Start-Service ${svc}`, what: `the ${svc} service` };
  }
  const cmd = n.serviceCommand ?? 'the product\'s service command';
  return { stop: `${cmd} stop`, start: `${cmd} start`, what: 'the product\'s service' };
}

/** The installer's command for `version` on this server. */
export function installCommand(c: TextContext, n: NodeProfile, version: string): string {
  if (n.installer?.kind === 'docker-compose') {
    return `set the image tag of ${n.installer.service} in ${n.installer.file} to ${version} and pull it (docker compose -f ${n.installer.file} pull ${n.installer.service})`;
  }
  const hub = n.installer?.kind === 'inedo-hub' && n.installer.hubPath ? `"${n.installer.hubPath}"` : 'hub.exe';
  // The arguments the Windows upgrader runs, from the one place that keeps Inedo Hub's facts.
  return `${hub} ${hubInstallArguments(c.profile.product, version, c.profile.database.kind).join(' ')}`;
}

function configPath(c: TextContext, n: NodeProfile): string {
  return n.configPath ?? (n.os === 'windows' ? product(c).windowsConfigPath : 'its configuration file');
}

function healthUrl(c: TextContext, n: NodeProfile): string {
  const host = n.host.includes(':') && !n.host.startsWith('[') ? `[${n.host}]` : n.host;
  return `http://${host}:${n.webPort ?? product(c).defaultPort}/health`;
}

const balancerName = (c: TextContext) => LOAD_BALANCER_NAMES[c.profile.loadBalancer.type];

export const words = {
  backupDatabase: (c: TextContext, how: string): StepWords => ({ text: `Back up the database before anything changes: ${how}.`, undo: null }),
  backupConfig: (c: TextContext, n: NodeProfile, id: string): StepWords => ({ text: `Copy ${id}'s configuration file (${configPath(c, n)}) to ${c.backupDir} on ${id}, with its size and checksum.`, undo: null }),
  backupExtensions: (c: TextContext, id: string): StepWords => ({ text: `Copy ${id}'s extensions folder to ${c.backupDir} on ${id}, with each file's size and checksum.`, undo: null }),
  verifyBackups: (): StepWords => ({
    text: 'Prove every backup is whole before any service stops: the database backup is read back (RESTORE VERIFYONLY, or pg_restore --list), and each copied file has the size and checksum it was written with.',
    undo: null,
  }),
  balancerMaintenance: (c: TextContext): StepWords => ({
    text: c.balancerDriven
      ? `Take every server out of the ${balancerName(c)} balancer's rotation (maintenance), so no request reaches a server being upgraded.`
      : `You put the ${balancerName(c)} balancer in maintenance (the wizard cannot drive it), so no request reaches a server being upgraded.`,
    undo: c.balancerDriven ? 'Put every server back in the balancer\'s rotation.' : 'You put every server back in the balancer\'s rotation.',
  }),
  drain: (c: TextContext, id: string): StepWords => ({
    text: `Take ${id} out of the ${balancerName(c)} balancer's rotation (drain) and wait for its open requests to finish; the other servers keep serving.`,
    undo: `Put ${id} back in the balancer's rotation.`,
  }),
  stop: (c: TextContext, n: NodeProfile, id: string): StepWords => {
    const r = runner(c, n);
    return { text: `Stop ${r.what} on ${id} (${r.stop}) and check that it has stopped.`, undo: `Start ${r.what} on ${id} again (${r.start}), on ${c.from}.` };
  },
  install: (c: TextContext, n: NodeProfile, id: string): StepWords => ({
    text: `Install ${product(c).name} ${c.to} on ${id}: ${installCommand(c, n, c.to)}.`,
    undo: n.installer?.kind === 'docker-compose'
      ? `Put the image tag back to ${c.from} and start the old container again, then put ${id}'s configuration file and extensions back byte for byte from the backup.`
      : `Reinstall ${c.from} with the same installer (${installCommand(c, n, c.from)}), then put ${id}'s configuration file and extensions back byte for byte from the backup.`,
  }),
  upgradeSchema: (c: TextContext, n: NodeProfile, id: string, restore: boolean): StepWords => ({
    text: `Upgrade the database schema to ${c.to} from ${id}, explicitly, before its service starts (${n.installer?.kind === 'docker-compose' ? `the product's upgradedb command in the ${c.to} container` : `${product(c).name}.exe upgradedb`}), and record its exit code.`,
    undo: restore
      ? `With every service stopped, restore the database from the backup taken at the start: ${c.from} cannot read ${c.to}'s schema. Changes made since the backup are lost.`
      : `Nothing to restore: ${c.from} can read ${c.to}'s schema, so the database stays as it is.`,
  }),
  start: (c: TextContext, n: NodeProfile, id: string): StepWords => {
    const r = runner(c, n);
    return { text: `Start ${r.what} on ${id} (${r.start}).`, undo: `Stop ${r.what} on ${id} again (${r.stop}).` };
  },
  waitHealthy: (c: TextContext, n: NodeProfile, id: string): StepWords => ({
    text: `Wait until ${id} answers ${healthUrl(c, n)} OK at version ${c.to}; the run stops and undoes itself if it does not within the health timeout.`,
    undo: null,
  }),
  resume: (c: TextContext, id: string): StepWords => ({
    text: `Put ${id} back in the ${balancerName(c)} balancer's rotation, on ${c.to}.`,
    undo: `Take ${id} out of the balancer's rotation again before it is put back on ${c.from}.`,
  }),
  checkSync: (c: TextContext): StepWords => ({ text: `Check that every server reports ${c.to} and holds the same encryption key.`, undo: null }),
  balancerReopen: (c: TextContext): StepWords => ({
    text: c.balancerDriven
      ? `Put every server back in the ${balancerName(c)} balancer's rotation: users reach ${c.to}.`
      : `You put every server back in the ${balancerName(c)} balancer's rotation: users reach ${c.to}.`,
    undo: null,
  }),
};
