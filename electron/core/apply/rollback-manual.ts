/**
 * What an admin does by hand when a node's rollback did not finish, written from how far it got: the
 * file not restored (copy the backup over it, or delete the new file), the file restored but the
 * service not started, or the service started but not healthy. One state, one set of sentences: the
 * raw reason (the service's own output) is kept apart in the outcome's `log`, never mixed in.
 */
import type { ResolvedNode } from '../run/cluster-context';
import { PRODUCTS, type ProductId } from '../../shared/products';

/** file: the file was not put back; service: it was, the service did not start; health: it started, not healthy. */
export type RollbackStage = 'file' | 'service' | 'health';

export interface RollbackState {
  id: string;
  host: string;
  path: string;
  backupPath: string | null;
  /** There was a file before apply (else apply created it). */
  hadFile: boolean;
  reached: RollbackStage;
  restartCommand: string;
  healthUrl: string;
}

/** The command that restarts the product's service on the node (as the plan's restart step names it). */
export function restartCommandOf(node: ResolvedNode, product: ProductId): string {
  return node.profile.os === 'windows'
    ? `Restart-Service ${node.serviceCommand ?? PRODUCTS[product].service}`
    : node.serviceCommand ? `${node.serviceCommand} restart` : 'the service\'s restart command';
}

export function rollbackManualStep(s: RollbackState): string {
  const on = `On ${s.id} (${s.host}):`;
  const restart = `restart the product's service (${s.restartCommand}) and check ${s.healthUrl}`;
  if (s.reached === 'file') {
    return s.hadFile
      ? `${on} copy ${s.backupPath ?? 'the backup'} over ${s.path}, then ${restart}.`
      : `${on} delete ${s.path} (it did not exist before), then ${restart}.`;
  }
  const back = s.hadFile ? `${s.path} is already back as it was before apply` : `${s.path} is already removed, as before apply`;
  if (s.reached === 'service') return `${on} ${back}; only the service did not start. Find why in the service's log below, then ${restart}.`;
  return `${on} ${back} and the service was restarted, but ${s.healthUrl} did not report healthy. Find why in the service's log below, then ${restart}.`;
}
