/**
 * What a rollback that could not finish leaves to the admin, in exact words: per server, the version it is
 * on now, the command that puts the old version back through its installer, each backup to copy back and
 * where, and the health check that proves it; for the database, the backup and the restore command.
 */
import type { ManualStep } from '../../shared/plan-schema';
import { nodeId, type ClusterProfile } from '../../shared/profile';
import { PRODUCTS } from '../../shared/products';
import { resolveNodes } from '../run/cluster-context';
import type { RunState } from './upgrade-run-state';

/** The installer command that installs `version` on the server, from its profile entry. */
export function installCommand(profile: ClusterProfile, id: string, version: string, installerWords: string): string {
  const node = profile.nodes.find((n) => nodeId(n) === id);
  const product = PRODUCTS[profile.product].name;
  const inst = node?.installer;
  if (inst?.kind === 'inedo-hub') return `${inst.hubPath ? `"${inst.hubPath}"` : 'hub.exe'} install ${product}:${version} --IsUpgrade=true`;
  if (inst?.kind === 'docker-compose') return `set the image tag of the service "${inst.service}" in ${inst.file} to ${version}, then run: docker compose -f ${inst.file} up -d ${inst.service}`;
  return `install ${product} ${version} with ${installerWords}`;
}

export async function nodeManualText(st: RunState, id: string, why: string): Promise<string> {
  const { plan, deps } = st;
  const version = await st.upgrader(id).installedVersion().catch(() => null);
  const words = plan.nodes.find((n) => n.id === id)?.installer ?? st.upgrader(id).describe();
  const url = resolveNodes(deps.profile).find((n) => n.id === id)?.webUrl ?? id;
  const backups = st.fileBackups.get(id) ?? [];
  const parts = [
    `${id} is now on ${version ? `version ${version}` : 'a version the installer could not tell'} (it should be on ${plan.from}); the rollback stopped because: ${why}.`,
    'To finish by hand: 1) stop the product\'s service on it;',
    `2) ${installCommand(deps.profile, id, plan.from, words)};`,
    backups.length
      ? `3) copy back, replacing what is there: ${backups.map((b) => `${b.path} over ${b.source} (sha256 ${b.sha256.slice(0, 12)}…, ${b.bytes} bytes)`).join('; ')};`
      : '3) no file backup was made on it, so there is nothing to copy back;',
    `4) start the service and check that ${url}/health answers OK with version ${plan.from}.`,
  ];
  return st.redact(parts.join(' '));
}

export function databaseManualStep(st: RunState): ManualStep {
  const b = st.dbBackup;
  const where = b ? `${b.path}${b.nodeId ? ` on ${b.nodeId}` : ' on the database server'}` : 'no backup (it was never made)';
  const how = st.deps.profile.database.kind === 'sqlserver'
    ? `RESTORE DATABASE [<the product's database>] FROM DISK = N'${b?.path ?? '<backup>'}' WITH REPLACE`
    : `pg_restore --clean --if-exists --dbname=<the product's database> ${b?.path ?? '<backup>'}`;
  return {
    title: 'Restore the database from its backup',
    detail: st.redact(`The database may be on the ${st.plan.to} schema, which ${st.plan.from} cannot read. With every server's service stopped, restore it from ${where}: ${how}. Then start each server and check its /health.`),
    url: null,
  };
}
