/**
 * The check report the CLI writes (report-model.ts), built here from the Review run, and rendered by
 * the engine's own HTML renderer (pure: no Node). report-model.ts itself cannot load in the renderer
 * (it imports the connection-string library that needs node:util), hence this small adapter.
 * The results are already redacted by the engine; the profile's connection string has no password.
 */
import { CHECK_AREAS } from '../../../../electron/shared/check-types';
import { PRODUCTS } from '../../../../electron/shared/products';
import type { CheckReport } from '../../../../electron/shared/report/report-model';
import type { ClusterProfileInput } from '../../../../electron/shared/profile';
import type { CheckResult } from '../../store/run-types';

/** report-model.ts's REPORT_SCHEMA_ID. */
const REPORT_SCHEMA_ID = 'ha-wizard/check-report@1';

const count = (rs: readonly CheckResult[]) => {
  const c = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const r of rs) c[r.status] += 1;
  return c;
};

export function buildCheckReport(o: { profile: ClusterProfileInput; results: CheckResult[]; startedAt: string; finishedAt: string; version: string }): CheckReport {
  const { profile: p } = o;
  const counts = count(o.results);
  const enc = p.encryptionKey ?? { mode: 'auto' as const };
  const lb = p.loadBalancer;
  const duration = Math.max(0, new Date(o.finishedAt).getTime() - new Date(o.startedAt).getTime());
  return {
    schema: REPORT_SCHEMA_ID,
    tool: { name: 'HA Wizard', version: o.version },
    startedAt: o.startedAt,
    finishedAt: o.finishedAt,
    durationMs: Number.isFinite(duration) ? duration : 0,
    cluster: {
      ...(p.name ? { name: p.name } : {}),
      product: p.product,
      productName: PRODUCTS[p.product].name,
      nodes: p.nodes.map((n) => ({
        id: n.id ?? n.host, host: n.host, port: n.port ?? 22, user: n.user, os: n.os, authKind: n.auth.kind,
        ...(n.hostKeyFingerprint ? { hostKeyFingerprint: n.hostKeyFingerprint } : {}),
      })),
      database: { kind: p.database.kind, connectionString: p.database.connectionString },
      storagePath: p.storage.path,
      encryptionKeyMode: enc.mode,
      ...(enc.mode === 'keep-node' ? { encryptionKeyNode: enc.node } : {}),
      loadBalancer: { type: lb.type, ...(lb.url ? { url: lb.url } : {}), sticky: lb.sticky ?? false },
      apiKeyGiven: p.apiKey !== undefined,
    },
    summary: { ...counts, verdict: counts.fail > 0 ? 'not-ready' : counts.warn > 0 ? 'ready-with-warnings' : 'ready' },
    results: o.results.map((r) => ({ ...r, durationMs: Math.max(0, Math.round(r.durationMs)) })),
    byArea: Object.fromEntries(CHECK_AREAS.map((a) => [a, count(o.results.filter((r) => r.area === a))])) as CheckReport['byArea'],
  };
}
