/** An upgrade's outcome in one line (the reports list) and one sentence (the cluster's history). */
import type { UpgradeReport } from '../../shared/upgrade-schema';

const WORDS: Record<UpgradeReport['status'], (r: UpgradeReport) => string> = {
  upgraded: (r) => `Upgraded from ${r.from} to ${r.to}`,
  refused: (r) => `Upgrade to ${r.to} refused; nothing was changed`,
  'rolled-back': (r) => `Upgrade to ${r.to} rolled back; every server is on ${r.from} again`,
  'rollback-failed': (r) => `Upgrade to ${r.to} failed and so did its rollback`,
};

export function upgradeSummary(r: UpgradeReport): string {
  return `${WORDS[r.status](r)} (${r.mode}, ${r.nodes.length} server${r.nodes.length === 1 ? '' : 's'})`;
}

/** The history's sentence: the summary, and why when it did not upgrade (the reason is already masked). */
export function upgradeHistoryText(r: UpgradeReport): string {
  return `${upgradeSummary(r)}${r.reason ? `: ${r.reason}` : ''}.`;
}
