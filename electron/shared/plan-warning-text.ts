/** A plan warning in an admin's words: one sentence per node, the same in the CLI and on Review. */
import type { DatabaseRef, PlanWarning } from './plan-schema';

export const databaseText = (d: DatabaseRef) => `${d.name} on ${d.server}`;

export function planWarningTitle(w: PlanWarning): string {
  return w.kind === 'database-moved' ? `${w.nodeId} moves to the shared database` : `${w.nodeId} loses its own encryption key`;
}

export function planWarningText(w: PlanWarning): string {
  const who = `${w.nodeId} (${w.host})`;
  if (w.kind === 'database-moved') {
    return `${who} uses its own database today, ${databaseText(w.currentDatabase)}. After Apply it uses the shared database ${databaseText(w.sharedDatabase)}: `
      + `the data in ${w.currentDatabase.name} (its feeds, packages and settings) will no longer be seen. The database itself is not deleted.`;
  }
  const next = w.clusterFingerprint ? `the cluster's key ${w.clusterFingerprint}` : 'a new key generated when applying';
  return `${who} has its own encryption key today, ${w.currentFingerprint}. After Apply it uses ${next}: `
    + `anything it encrypted with its own key (stored credentials and secrets) can no longer be read.`;
}
