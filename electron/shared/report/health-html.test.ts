import { describe, expect, it } from 'vitest';
import type { ClusterHealthSnapshot } from '../health-snapshot';
import { renderHealthHtml } from './health-html';

const snap = {
  at: '2026-11-24T23:00:00.000Z', durationMs: 96, summary: 'degraded', versionsInSync: null, versions: { '2025.14': ['n1'] }, keysInSync: false,
  nodes: [
    { id: 'n1', state: 'healthy', url: 'http://10.0.0.1:8624', reachable: true, hung: false, httpStatus: 200, healthy: true, version: '2025.14', databaseStatus: 'OK', databaseDetail: null, licenseStatus: 'OK', serviceStatus: 'OK', sshOk: true, keyFingerprint: 'key:abc', keyInSync: true, error: null, elapsedMs: 10 },
    { id: 'n2<script>', state: 'not-answering', url: 'http://10.0.0.2:8624', reachable: false, hung: true, httpStatus: null, healthy: false, version: null, databaseStatus: null, databaseDetail: null, licenseStatus: null, serviceStatus: null, sshOk: false, keyFingerprint: null, keyInSync: null, error: 'no answer <img src=x onerror=alert(1)>', elapsedMs: 5000 },
  ],
  storage: { ok: true, detail: 'all read it', path: '/p', writer: 'n1', seen: ['n1'], notSeen: [], untested: ['n2'] },
  database: { reachable: true, detail: 'PostgreSQL 15', elapsedMs: 20 },
  loadBalancer: { url: 'http://lb', reachable: true, healthy: true, readmitting: false, detail: 'OK', elapsedMs: 5 },
  problems: [],
} as unknown as ClusterHealthSnapshot;

describe('health report', () => {
  it('shows every node, the verdict and the cluster, with no script and every text escaped', () => {
    const html = renderHealthHtml(snap, { product: 'ProGet', toolVersion: '0.1.0' });
    expect(html).toContain('<p class="label">Degraded</p><p class="text">Users are served through the load balancer; 1 of 2 servers are healthy.');
    expect(html).toContain('✕ Not answering');
    // n2 was not read: its version is unknown, never "in sync".
    expect(html).toContain('Versions: ? unknown (not every server read)');
    expect(html).toContain('<code>key:abc</code>');
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('n2&lt;script&gt;');
  });
});
