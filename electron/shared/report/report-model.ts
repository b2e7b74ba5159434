/**
 * The report of one check run: a plain JSON-able object, written as JSON or rendered as HTML.
 * It describes the cluster without any secret: auth is shown by kind only (never a SecretRef's
 * content, not even an environment variable's name), the connection string is masked, and every
 * free-text string passes through the run's redactor as a net under all that.
 */
import { z } from 'zod';
import { maskConnectionString } from '../connection-string/connection-strings';
import { CHECK_AREAS, type CheckArea, type CheckResult, type CheckStatus } from '../check-types';
import { LOAD_BALANCER_TYPES, nodeId, type ClusterProfile } from '../profile';
import { PRODUCT_IDS, PRODUCTS } from '../products';
import { redactRecord } from '../redact-deep';
import { CheckResultSchema, StatusCountsSchema } from '../check-run-schema';
import { OS_KINDS } from '../kinds';
import { remedyText, type RemedyAudience } from '../remedy';

export const REPORT_SCHEMA_ID = 'ha-wizard/check-report@1';
export const VERDICTS = ['ready', 'ready-with-warnings', 'not-ready'] as const;
export type Verdict = (typeof VERDICTS)[number];

const countsSchema = StatusCountsSchema;
export type StatusCounts = z.infer<typeof countsSchema>;

// A report's results are the run's results, with each remedy in the words of the surface that made the report.
const resultSchema = CheckResultSchema.extend({ remedy: z.string().nullable() });

const nodeSchema = z.object({
  id: z.string(),
  host: z.string(),
  port: z.number().int(),
  user: z.string(),
  os: z.enum(OS_KINDS),
  authKind: z.enum(['password', 'key', 'agent']),
  hostKeyFingerprint: z.string().optional(),
});

export const checkReportSchema = z.object({
  schema: z.literal(REPORT_SCHEMA_ID),
  tool: z.object({ name: z.string(), version: z.string() }),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  durationMs: z.number().nonnegative(),
  cluster: z.object({
    name: z.string().optional(),
    product: z.enum(PRODUCT_IDS),
    productName: z.string(),
    nodes: z.array(nodeSchema),
    database: z.object({ kind: z.enum(['sqlserver', 'postgres']), connectionString: z.string() }),
    storagePath: z.string(),
    encryptionKeyMode: z.enum(['auto', 'keep-node', 'provided']),
    /** The node whose key is kept, for 'keep-node'. */
    encryptionKeyNode: z.string().optional(),
    loadBalancer: z.object({ type: z.enum(LOAD_BALANCER_TYPES), url: z.string().optional(), sticky: z.boolean() }),
    /** Whether an API key was referenced (without one, database-held settings are manual steps). */
    apiKeyGiven: z.boolean(),
  }),
  summary: countsSchema.extend({ verdict: z.enum(VERDICTS) }),
  results: z.array(resultSchema),
  // An enum-keyed record is exhaustive in zod 4: every area is present, with zeros where nothing ran.
  byArea: z.record(z.enum(CHECK_AREAS), countsSchema),
});
export type CheckReport = z.infer<typeof checkReportSchema>;
export type ReportNode = CheckReport['cluster']['nodes'][number];

export interface BuildReportInput {
  profile: ClusterProfile;
  results: readonly CheckResult[];
  startedAt: Date;
  finishedAt: Date;
  tool: { name: string; version: string };
  /** Whose words the remedies are written in: the CLI names profile fields, the app its pages' fields. */
  audience: RemedyAudience;
  /** The run's secret redactor; applied to every free-text string in the report. */
  redact?: (text: string) => string;
}

/** Any failure makes a cluster not ready; warnings alone do not; skips count for nothing. */
export function verdictOf(counts: Pick<StatusCounts, 'fail' | 'warn'>): Verdict {
  if (counts.fail > 0) return 'not-ready';
  if (counts.warn > 0) return 'ready-with-warnings';
  return 'ready';
}

export function countStatuses(results: readonly { status: CheckStatus }[]): StatusCounts {
  const counts: StatusCounts = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const r of results) counts[r.status] += 1;
  return counts;
}

/** A URL as it may be shown: any password in it masked (the schema allows user:pass@host). */
function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (!u.password) return url;
    u.password = '********';
    return u.toString();
  } catch {
    return url;
  }
}

function nonNegative(ms: number): number {
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms) : 0;
}

export function buildReport(input: BuildReportInput): CheckReport {
  const redact = input.redact ?? ((s: string) => s);
  const { profile } = input;
  const results: CheckReport['results'] = input.results.map((r) => ({
    id: redact(r.id),
    title: redact(r.title),
    area: r.area,
    target: redact(r.target),
    status: r.status,
    detail: redact(r.detail),
    remedy: r.remedy === null || r.remedy === undefined ? null : redact(remedyText(r.remedy, input.audience)),
    durationMs: nonNegative(r.durationMs),
    ...(r.downgraded ? { downgraded: true } : {}),
    ...(r.data ? { data: redactRecord(r.data, redact) } : {}),
  }));
  const byArea = Object.fromEntries(
    CHECK_AREAS.map((a) => [a, countStatuses(results.filter((r) => r.area === a))]),
  ) as Record<CheckArea, StatusCounts>;
  const counts = countStatuses(results);
  const enc = profile.encryptionKey;
  const lb = profile.loadBalancer;
  return {
    schema: REPORT_SCHEMA_ID,
    tool: { name: redact(input.tool.name), version: redact(input.tool.version) },
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    durationMs: nonNegative(input.finishedAt.getTime() - input.startedAt.getTime()),
    cluster: {
      ...(profile.name ? { name: redact(profile.name) } : {}),
      product: profile.product,
      productName: PRODUCTS[profile.product].name,
      nodes: profile.nodes.map((n) => ({
        id: redact(nodeId(n)),
        host: redact(n.host),
        port: n.port,
        user: redact(n.user),
        os: n.os,
        // The kind only: its references (env names, file paths, blobs) and key paths stay out.
        authKind: n.auth.kind,
        ...(n.hostKeyFingerprint ? { hostKeyFingerprint: redact(n.hostKeyFingerprint) } : {}),
      })),
      database: { kind: profile.database.kind, connectionString: redact(maskConnectionString(profile.database.connectionString)) },
      storagePath: redact(profile.storage.path),
      encryptionKeyMode: enc.mode,
      ...(enc.mode === 'keep-node' ? { encryptionKeyNode: redact(enc.node) } : {}),
      loadBalancer: { type: lb.type, ...(lb.url ? { url: redact(maskUrl(lb.url)) } : {}), sticky: lb.sticky },
      apiKeyGiven: profile.apiKey !== undefined,
    },
    summary: { ...counts, verdict: verdictOf(counts) },
    results,
    byArea,
  };
}

export type ParseReportResult = { ok: true; report: CheckReport } | { ok: false; problems: string[] };

/** Validates a report read back from a file. */
export function parseReport(json: unknown): ParseReportResult {
  const r = checkReportSchema.safeParse(json);
  if (r.success) return { ok: true, report: r.data };
  return { ok: false, problems: r.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`) };
}
