/**
 * Drift (issue 13): every way a running cluster differs from the state it was given, as plain values
 * the CLI prints, the contract carries and the dashboard lists. Secrets never appear: a key is a
 * fingerprint, a connection is its server, database and user.
 */
import { z } from 'zod';

export const DRIFT_KINDS = ['database', 'encryption-key', 'storage', 'version', 'extensions', 'web-server', 'env', 'balancer-members'] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

export const DriftDifferenceSchema = z.object({
  /** The server it is about; null for the cluster as a whole (the balancer's member list). */
  node: z.string().nullable(),
  kind: z.enum(DRIFT_KINDS),
  /** What differs, in words: "encryption key", "web server URLs", "variable TZ". */
  what: z.string(),
  expected: z.string(),
  found: z.string(),
  /** When this difference was first seen (ISO time); it is forgotten when it goes away. */
  since: z.string(),
});
export type DriftDifference = z.infer<typeof DriftDifferenceSchema>;

export const DriftReportSchema = z.object({
  checkedAt: z.string(),
  /** applied: compared with the state saved by the last successful apply; profile: none was saved. */
  basis: z.enum(['applied', 'profile']),
  /** When the compared state was saved (the apply's end), null for `profile`. */
  appliedAt: z.string().nullable(),
  differences: z.array(DriftDifferenceSchema),
  /** Things said but not drift: a blocked service messenger, members not compared, a node not read. */
  notes: z.array(z.string()),
  /** Servers that could not be read at all: their drift is unknown (the check is incomplete). */
  unreadable: z.array(z.object({ node: z.string(), reason: z.string() })),
  /** Since when no drift has been found (null while there is some, or before the first clean check). */
  noDriftSince: z.string().nullable(),
});
export type DriftReport = z.infer<typeof DriftReportSchema>;

/** The words the CLI and the dashboard both say about the basis. */
export function driftBasisText(r: Pick<DriftReport, 'basis' | 'appliedAt'>): string {
  return r.basis === 'applied' ? `compared with the state saved by the apply of ${r.appliedAt ?? 'an earlier run'}` : 'no applied state: compared with the profile';
}

/** A difference's identity across checks (its `since` is kept under it). */
export const driftKey = (d: Pick<DriftDifference, 'node' | 'kind' | 'what'>) => `${d.node ?? '*'}|${d.kind}|${d.what}`;
