/**
 * Whether a page's own fields are complete enough to go on (the step list's ticks). Light checks only:
 * each page's form validates properly when the admin presses Next.
 */
import { connectionStringProblems, isIntegrated } from '../../../electron/shared/connection-string/connection-fields';
import { SECRET, type Draft, type NodeDraft } from '../store/draft-types';
import type { StepId } from '../store/steps';
import type { WizardState } from '../store/wizard-store';

export function nodeComplete(n: NodeDraft, secrets: Record<string, string>): boolean {
  if (!n.host.trim() || !n.user.trim()) return false;
  if (n.os === 'linux' && (!n.configPath.trim() || !n.serviceCommand.trim())) return false;
  if (n.authKind === 'password' && !secrets[SECRET.ssh(n.key)] && !n.passwordRef) return false;
  if (n.authKind === 'key' && !n.keyPath.trim()) return false;
  return true;
}

function databaseComplete(d: Draft, secrets: Record<string, string>): boolean {
  const db = d.database;
  if (connectionStringProblems(db.kind, db.connectionString).length) return false;
  return (db.kind === 'sqlserver' && isIntegrated(db.connectionString)) || !!secrets[SECRET.db] || !!db.passwordRef;
}

export function pageReady(step: StepId, s: Pick<WizardState, 'draft' | 'secrets' | 'runs' | 'apply'>): boolean {
  const d = s.draft;
  switch (step) {
    case 'welcome': return true;
    case 'servers': return d.nodes.length > 0 && d.nodes.every((n) => nodeComplete(n, s.secrets));
    case 'database': return databaseComplete(d, s.secrets);
    case 'storage': return !!d.storagePath.trim();
    case 'encryption': return d.encryption.mode === 'auto' || (d.encryption.mode === 'keep-node' ? !!d.encryption.node : !!s.secrets[SECRET.encryptionKey] || !!d.encryption.keyRef);
    case 'load-balancer': return true;
    case 'review': return s.runs.review?.status === 'done' && !s.runs.review.results.some((r) => r.status === 'fail');
    case 'apply': return s.apply.report?.status === 'applied' || s.apply.report?.status === 'nothing-to-do';
    case 'dashboard': return true;
  }
}
