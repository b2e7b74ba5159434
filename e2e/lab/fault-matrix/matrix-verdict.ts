/**
 * The rule every cell must meet (issue 15): every node ends byte-identical to before and healthy, or
 * byte-identical to the plan and healthy, or the report names exactly what is left and how to finish by
 * hand; no temp file is ever left behind. What the report's status says must be what the nodes show: an
 * "applied" cluster is the plan everywhere, a "rolled back" one is as before everywhere.
 */

/** How a node (or the settings, as one more "node") ended, once the fault was cleared. */
export interface NodeEnd {
  id: string;
  bytes: 'before' | 'planned' | 'other';
  healthy: boolean;
  /** Files the wizard made beside the configuration that are neither the configuration nor a backup. */
  temps: string[];
  /** The report's words for what is left on this node, and how to finish it (null: it names nothing). */
  named: string | null;
  /** A backup the report points the admin to that is missing or no longer holds the original bytes. */
  badBackup: string | null;
  /** How many of the wizard's backups are beside the configuration (recorded, not judged). */
  backups: number;
}

export interface CellEnd {
  /** The apply report's status, or for a killed wizard the recovery's (recovered, failed, refused). */
  status: string;
  /** What the run had to end as: a killed wizard recovered by --rollback (before) or --finish (planned). */
  expect: 'before' | 'planned' | null;
  nodes: NodeEnd[];
  /** The cluster lock left on the first node, and whether the report says so. */
  lockLeft: boolean;
  lockNamed: boolean;
  /** The journal still open in the data folder (it should be, only while something is left to recover). */
  journalOpen: boolean;
  /** The cell's fault reached its step. An apply that ended before it tested nothing (a lab gone wrong). */
  faultLanded: boolean;
}

const clean = (n: NodeEnd, as: 'before' | 'planned') => n.bytes === as && n.healthy;
const show = (n: NodeEnd) => `${n.id}: ${n.bytes}${n.healthy ? '' : ', not healthy'}`;

/** The rule's breaches, one line each; empty when the cell meets it. */
export function ruleBreaches(c: CellEnd): string[] {
  const out: string[] = [];
  if (!c.faultLanded) out.push(`the run ended (${c.status}) before the fault's step: the cell tested nothing`);
  for (const n of c.nodes) {
    if (n.temps.length) out.push(`${n.id}: temp files left: ${n.temps.join(', ')}`);
    if (n.badBackup) out.push(`${n.id}: the report points to a backup that does not hold the original: ${n.badBackup}`);
  }
  if (c.lockLeft && !c.lockNamed) out.push('the cluster lock is left on the first node and the report does not say so');
  const want = c.expect ?? (c.status === 'applied' ? 'planned' : ['rolled-back', 'refused', 'nothing-to-do'].includes(c.status) ? 'before' : null);
  if (c.expect && c.status !== 'recovered') out.push(`recovery ended ${c.status}, not recovered`);
  if (want) {
    const off = c.nodes.filter((n) => !clean(n, want));
    if (off.length) out.push(`${c.status}, yet not ${want} and healthy: ${off.map(show).join('; ')}`);
    if (c.journalOpen) out.push(`${c.status}, yet the journal is still open`);
    return out;
  }
  if (c.status !== 'rollback-failed') return [...out, `unexpected status ${c.status}`];
  // A failed rollback: each node clean either way, or named with what to do.
  const unnamed = c.nodes.filter((n) => !clean(n, 'before') && !clean(n, 'planned') && !n.named);
  if (unnamed.length) out.push(`rollback-failed, and the report names nothing for ${unnamed.map(show).join('; ')}`);
  if (!c.journalOpen) out.push('rollback-failed, yet the journal is closed: recover would not know what is left');
  return out;
}
