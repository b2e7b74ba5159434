/**
 * The rule table's answer for the upgrade flow: `upgradePath(from, to)`. The table itself is
 * electron/shared/upgrade-paths.ts (helper "upgrade-plan"); until it is in main this stand-in answers with
 * the same signature, from the facts in docs/inedo-facts.md (maintenance releases of one year run side by
 * side; 2026 reads 2025's schema; a jump over a year is not known to be safe). The engine's preflight asks
 * the real table again: this only shapes what the form offers.
 */
import { ProductVersionSchema, type UpgradePath } from '../../../../electron/shared/upgrade-schema';

const parse = (v: string) => {
  const [year, release] = v.split('.').map(Number);
  return { year: year!, release: release! };
};

export function upgradePath(from: string, to: string): UpgradePath {
  if (!ProductVersionSchema.safeParse(from).success || !ProductVersionSchema.safeParse(to).success) {
    return { allowed: false, reason: `The wizard does not know the versions ${from} and ${to}.`, via: null };
  }
  const a = parse(from);
  const b = parse(to);
  if (b.year < a.year || (b.year === a.year && b.release <= a.release)) {
    return { allowed: false, reason: `${to} is not newer than ${from}: the wizard only upgrades.`, via: null };
  }
  if (b.year === a.year) {
    return { allowed: true, rolling: true, schemaChanges: false, restoreDatabaseOnRollback: false, note: `${to} is a maintenance release of ${from}: the two can serve side by side.` };
  }
  if (b.year === a.year + 1) {
    return { allowed: true, rolling: false, schemaChanges: true, restoreDatabaseOnRollback: false, note: `${to} upgrades the database schema; ${from} can still read it, so going back needs no database restore.` };
  }
  return { allowed: false, reason: `No upgrade path from ${from} straight to ${to} is known: upgrade to ${a.year + 1} first.`, via: null };
}
