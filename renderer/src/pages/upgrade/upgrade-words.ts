/** The upgrade flow's words: each kind of step as the admin reads it, the stages, the modes. */
import type { ClusterHealthSnapshot } from '../../../../electron/shared/health-snapshot';
import type { UpgradeMode, UpgradeStepKind } from '../../../../electron/shared/upgrade-schema';
import type { UpgradeStage } from '../../store/upgrade-flow';

export const STAGE_TITLE: Record<UpgradeStage, string> = {
  choose: 'Choose the version', preflight: 'Before anything changes', review: 'The plan', run: 'Upgrading',
};

export const MODE_WORDS: Record<UpgradeMode, { label: string; sentence: string }> = {
  coordinated: {
    label: 'All servers together (recommended)',
    sentence: 'Every server is stopped, the first one is upgraded along with the database, then the others one by one; users see one outage, with the load balancer in maintenance.',
  },
  rolling: {
    label: 'One server at a time',
    sentence: 'Each server in turn is taken out of rotation, upgraded and put back when healthy; users see no outage, but for a while two versions serve side by side.',
  },
};

export const KIND_WORDS: Record<UpgradeStepKind, string> = {
  'backup-database': 'Back up the database', 'backup-config': 'Back up the configuration file', 'backup-extensions': 'Back up the extensions folder',
  'verify-backups': 'Check every backup can be read', 'balancer-maintenance': 'Put the load balancer in maintenance', drain: 'Take it out of rotation',
  stop: 'Stop the service', install: 'Install the new version', 'upgrade-schema': 'Upgrade the database schema', start: 'Start the service',
  'wait-healthy': 'Wait until it reports healthy at the new version', resume: 'Put it back in rotation', 'check-sync': 'Check every server runs the same version and key',
  'balancer-reopen': 'Open the load balancer again',
};

/** The one version every server reports now, or why there is none. */
export function currentVersion(snap: ClusterHealthSnapshot | null): { version: string | null; problem: string | null } {
  if (!snap) return { version: null, problem: 'The dashboard has not heard from the servers yet.' };
  const seen = Object.keys(snap.versions);
  if (seen.length === 1 && snap.versionsInSync) return { version: seen[0]!, problem: null };
  if (seen.length === 0) return { version: null, problem: 'No server reported its version: the servers must be running and healthy to be upgraded.' };
  const list = seen.map((v) => `${v} on ${snap.versions[v]!.join(', ')}`).join('; ');
  return { version: null, problem: `The servers run different versions (${list}): bring them to one version first.` };
}
