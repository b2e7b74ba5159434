/**
 * One NodeUpgrader per profile node, in profile order, over the run's sessions (ClusterContext: its pool,
 * host-key policy and secrets). A node's `installer` chooses: Inedo Hub on Windows (the default there), Docker
 * Compose on Linux. A node no installer can drive gets an upgrader that says why at preflight and refuses the rest.
 */
import type { ClusterContext, ResolvedNode } from '../run/cluster-context';
import { EXTENSIONS_DIR } from './installer-facts';
import { linuxUpgrader } from './linux-upgrader';
import { windowsUpgrader } from './windows-upgrader';
import { UpgradeStepError, type NodeUpgrader } from './upgrade-ports';

export function nodeUpgraders(ctx: ClusterContext): NodeUpgrader[] {
  return ctx.nodes.map((n) => nodeUpgrader(ctx, n));
}

function nodeUpgrader(ctx: ClusterContext, n: ResolvedNode): NodeUpgrader {
  const installer = n.profile.installer ?? (n.profile.os === 'windows' ? { kind: 'inedo-hub' as const } : undefined);
  const session = async () => (await ctx.ops(n.id)).session;
  const redact = (t: string) => ctx.secrets.redactor.redact(t);
  if (installer?.kind === 'inedo-hub' && n.profile.os === 'windows') {
    return windowsUpgrader({
      nodeId: n.id, product: ctx.profile.product, database: ctx.profile.database.kind, hubPath: installer.hubPath,
      serviceNames: n.serviceCommand ? [n.serviceCommand] : [ctx.product.service, ctx.product.legacyWebService],
      configPath: n.configPath, extensionsDir: EXTENSIONS_DIR[ctx.profile.product].windows, runner: session, redact,
    });
  }
  if (installer?.kind === 'docker-compose' && n.profile.os === 'linux') {
    return linuxUpgrader({
      nodeId: n.id, file: installer.file, service: installer.service, configPath: n.profile.configPath ?? null,
      extensionsDir: EXTENSIONS_DIR[ctx.profile.product].linux,
      web: { host: n.profile.host, port: n.profile.webPort ?? ctx.product.defaultPort }, session, redact,
    });
  }
  const why = installer
    ? `${n.id} is a ${n.profile.os === 'windows' ? 'Windows' : 'Linux'} server, and ${installer.kind === 'inedo-hub' ? 'Inedo Hub runs only on Windows' : 'Docker Compose upgrades are supported on Linux servers only'}`
    : `${n.id} has no installer in the profile: say how the product is installed there (Docker Compose: the compose file and the service)`;
  return unsupported(n.id, why);
}

/** A node the wizard cannot upgrade: preflight says why, every step refuses. */
function unsupported(nodeId: string, why: string): NodeUpgrader {
  const refuse = async (): Promise<never> => {
    throw new UpgradeStepError(why);
  };
  return {
    nodeId,
    describe: () => `no installer the wizard can drive (${why})`,
    installedVersion: async () => null,
    canInstall: async () => ({ ok: false, detail: why }),
    freeBytes: refuse, stop: refuse, start: refuse, install: refuse, upgradeSchema: refuse,
    backupFiles: refuse, verifyBackup: refuse, restoreFiles: refuse,
  };
}
