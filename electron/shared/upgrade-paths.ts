/**
 * THE rule table of upgrades (issue 14): which version jumps the wizard allows, which need an intermediate
 * version, and what each implies (rolling possible, schema change, database restore to go back). Known rows
 * only: a year the table does not know is refused with the reason ("unknown = refuse"). Browser-safe: the
 * dashboard shows the same answers. Facts: shared/docs/inedo-facts.md, "Upgrades" (newest section).
 */
import { parseProductVersion } from './products';
import type { UpgradePath } from './upgrade-schema';

export { parseProductVersion };

/** The oldest and newest major years the table knows. A version outside them is refused. */
export const OLDEST_KNOWN_YEAR = 2024;
export const NEWEST_KNOWN_YEAR = 2026;

export interface UpgradeRule {
  /** Major years: from `fromYear` (any release) to `toYear` (any newer release). Same year: a maintenance release. */
  fromYear: number;
  toYear: number;
  rolling: boolean;
  schemaChanges: boolean;
  restoreDatabaseOnRollback: boolean;
  /** Where the row comes from. */
  source: string;
  /** False where the row is our inference rather than Inedo's word; the docs and the dashboard say so. */
  confirmed: boolean;
}

const FACTS = 'inedo-facts.md, "Upgrades" (Inedo docs 2026-08)';

// The one place the table is written. A row with confirmed: false is our own inference (see `source`).
export const UPGRADE_RULES: readonly UpgradeRule[] = [
  ...[2024, 2025, 2026].map((year): UpgradeRule => ({
    fromYear: year, toYear: year, rolling: true, schemaChanges: false, restoreDatabaseOnRollback: false,
    source: `${FACTS}: "maintenance releases are backward compatible"; that they change no schema, so both versions may serve side by side, is our inference`,
    confirmed: false,
  })),
  {
    fromYear: 2025, toYear: 2026, rolling: false, schemaChanges: true, restoreDatabaseOnRollback: false,
    source: `${FACTS}: "every node on the same version", "2025+ upgrades the schema when its service starts", "2026's schema is compatible with 2025 (rolling back to 2025 needs no database restore)"`,
    confirmed: true,
  },
  {
    fromYear: 2024, toYear: 2025, rolling: false, schemaChanges: true, restoreDatabaseOnRollback: true,
    source: `${FACTS}: rolling back further than 2026 -> 2025 "does" need a database restore; that 2024 upgrades straight to 2025 is our inference`,
    confirmed: false,
  },
];

const shown = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);

/** Minors fit ProductVersionSchema's four digits: a longer one is not a release, and a plan could not hold it. */
const MAX_MINOR = 9999;

function versionOf(text: string): [number, number] | null {
  const v = parseProductVersion(text);
  return v && v[1] <= MAX_MINOR ? v : null;
}

/** "2025.14" from "2025.14", "2025.14 (Build 7)" or "2025.014"; null when it is not a version. */
export function normalVersion(text: string): string | null {
  const v = versionOf(text);
  return v ? `${v[0]}.${v[1]}` : null;
}

/** -1, 0 or 1; both must be versions (parseProductVersion). */
export function compareVersions(a: [number, number], b: [number, number]): number {
  return Math.sign(a[0] - b[0] || a[1] - b[1]);
}

function refuse(reason: string, via: string | null = null): UpgradePath {
  return { allowed: false, reason, via };
}

function note(r: UpgradeRule, from: string, to: string): string {
  if (r.fromYear === r.toYear) {
    return `${from} to ${to} is a maintenance release: no schema change, and the two versions may serve side by side, so a rolling upgrade is possible.`;
  }
  const back = r.restoreDatabaseOnRollback
    ? `going back to ${from} needs the database restored from the backup`
    : `${from} can still read ${to}'s schema, so going back needs no database restore`;
  return `${from} to ${to} changes the database schema: every server is stopped and upgraded together (coordinated), and ${back}.`;
}

/** What the table says about upgrading from `from` to `to`. Total: any two strings get an answer, never a throw. */
export function upgradePath(from: string, to: string): UpgradePath {
  const a = versionOf(from);
  const b = versionOf(to);
  if (!a) return refuse(`The current version ${shown(from)} is not a product version like 2025.14.`);
  if (!b) return refuse(`The target ${shown(to)} is not a product version like 2025.14.`);
  const f = `${a[0]}.${a[1]}`;
  const t = `${b[0]}.${b[1]}`;
  const order = compareVersions(a, b);
  if (order === 0) return refuse(`Every server already runs ${f}: there is nothing to upgrade.`);
  if (order > 0) {
    return refuse(`${t} is older than ${f}: going to an older version is a rollback, not an upgrade. Restore the backups taken before the upgrade instead.`);
  }
  for (const [year, which] of [[a[0], f], [b[0], t]] as const) {
    if (year < OLDEST_KNOWN_YEAR || year > NEWEST_KNOWN_YEAR) {
      return refuse(`The wizard does not know how to upgrade ${year < OLDEST_KNOWN_YEAR ? 'from' : 'to'} ${which}: it knows releases ${OLDEST_KNOWN_YEAR} to ${NEWEST_KNOWN_YEAR} only, and refuses a path it does not know rather than guess.`);
    }
  }
  if (b[0] - a[0] >= 2) {
    const year = a[0] + 1;
    return refuse(`${f} to ${t} skips ${b[0] - a[0] - 1 === 1 ? `the ${year} releases` : `${b[0] - a[0] - 1} years of releases`}: upgrade to the newest ${year} release first, then to ${t}.`);
  }
  const rule = UPGRADE_RULES.find((r) => r.fromYear === a[0] && r.toYear === b[0]);
  if (!rule) return refuse(`The wizard's rule table has no row for ${a[0]} to ${b[0]}, so it refuses rather than guess.`);
  return { allowed: true, rolling: rule.rolling, schemaChanges: rule.schemaChanges, restoreDatabaseOnRollback: rule.restoreDatabaseOnRollback, note: note(rule, f, t) };
}
