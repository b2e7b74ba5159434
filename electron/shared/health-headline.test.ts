/** The health headline over a table of cluster states: what users feel first, nothing over-stated either way. */
import { describe, expect, it } from 'vitest';
import { healthHeadline, type HeadlineContext, type HeadlineInput } from './health-headline';
import type { NodeHealth } from './health-snapshot';

const up = (id: string): NodeHealth => ({
  id, state: 'healthy', url: `http://${id}:8624`, reachable: true, hung: false, httpStatus: 200, healthy: true, version: '2025.14', databaseStatus: 'OK',
  databaseDetail: null, licenseStatus: 'OK', serviceStatus: 'OK', sshOk: true, keyFingerprint: 'key:a', keyInSync: true, error: null, elapsedMs: 5,
});
const linkDown = (id: string): NodeHealth => ({
  ...up(id), state: 'not-answering', reachable: false, hung: true, httpStatus: null, healthy: false, version: null, databaseStatus: null,
  licenseStatus: null, serviceStatus: null, sshOk: false, keyFingerprint: null, keyInSync: null, error: 'no answer',
});
const stopped = (id: string): NodeHealth => ({
  ...up(id), state: 'service-stopped', reachable: false, httpStatus: null, healthy: false, version: null, databaseStatus: null,
  licenseStatus: null, serviceStatus: null, error: 'the service is stopped',
});
const lbServed = { url: 'http://lb', reachable: true, healthy: true, readmitting: false, detail: 'HTTP 200', elapsedMs: 2 };
const lbTimeout = { ...lbServed, reachable: false, healthy: false, detail: 'no answer within 5000 ms' };
const lb503 = { ...lbServed, healthy: false, detail: 'HTTP 503' };
const noLb = { url: null, reachable: null, healthy: null, readmitting: false, detail: 'none', elapsedMs: 0 };

function snap(nodes: NodeHealth[], o: Partial<HeadlineInput> = {}): HeadlineInput {
  const read = nodes.filter((n) => n.version);
  return {
    nodes, versionsInSync: read.length === nodes.length ? true : null, keysInSync: nodes.every((n) => n.keyInSync) ? true : null,
    storage: { ok: true, detail: 'fine', path: '/s', writer: 'n1', seen: [], notSeen: [], untested: [] },
    database: { reachable: true, detail: 'PostgreSQL', elapsedMs: 3 }, loadBalancer: lbServed, ...o,
  };
}
const three = [up('node1'), up('node2'), up('node3')];
const afterApply: HeadlineContext = { afterApply: { productName: 'ProGet' } };

const CASES: { name: string; s: HeadlineInput; ctx?: HeadlineContext; verdict: string; tone: string; served: string; title: string; note?: RegExp }[] = [
  { name: 'all healthy', s: snap(three), verdict: 'healthy', tone: 'success', served: 'served', title: 'Users are served through the load balancer; 3 of 3 servers are healthy' },
  // The issue's case: node3's link down, the balancer's /health timed out (it still sent users to node3).
  { name: 'one link down, balancer timed out', s: snap([up('node1'), up('node2'), linkDown('node3')], { loadBalancer: lbTimeout }),
    verdict: 'degraded', tone: 'warning', served: 'slow', title: 'The load balancer is slow to answer; 2 of 3 servers are healthy', note: /sending users to node3, which does not answer/ },
  { name: 'one link down, balancer already took it out', s: snap([up('node1'), up('node2'), linkDown('node3')]),
    verdict: 'degraded', tone: 'warning', served: 'served', title: 'Users are served through the load balancer; 2 of 3 servers are healthy', note: /node3 does not answer/ },
  { name: 'service stopped on node2', s: snap([up('node1'), stopped('node2'), up('node3')]),
    verdict: 'degraded', tone: 'warning', served: 'served', title: 'Users are served through the load balancer; 2 of 3 servers are healthy', note: /service is stopped on node2/ },
  { name: 'balancer re-admitting after restarts', s: snap(three, { loadBalancer: { ...lb503, readmitting: true } }),
    verdict: 'degraded', tone: 'warning', served: 'readmitting', title: 'The load balancer is re-admitting servers; 3 of 3 servers are healthy', note: /few seconds after servers restart/ },
  { name: 'balancer refusing past the grace', s: snap(three, { loadBalancer: lb503 }),
    verdict: 'down', tone: 'error', served: 'not-served', title: 'Users are not served through the load balancer; 3 of 3 servers are healthy', note: /does not pass users to them/ },
  { name: 'balancer silent, no server hung', s: snap(three, { loadBalancer: lbTimeout }), verdict: 'down', tone: 'error', served: 'not-served', title: 'Users are not served through the load balancer; 3 of 3 servers are healthy' },
  { name: 'every server down', s: snap([linkDown('node1'), stopped('node2')], { loadBalancer: lb503 }),
    verdict: 'down', tone: 'error', served: 'not-served', title: 'Users are not served through the load balancer; 0 of 2 servers are healthy' },
  { name: 'no balancer named, all healthy', s: snap(three, { loadBalancer: noLb }), verdict: 'healthy', tone: 'success', served: 'no-balancer', title: '3 of 3 servers are healthy' },
  { name: 'no balancer named, no server healthy', s: snap([stopped('node1')], { loadBalancer: noLb }), verdict: 'down', tone: 'error', served: 'no-balancer', title: '0 of 1 server is healthy' },
  { name: 'right after apply', s: snap(three), ctx: afterApply, verdict: 'healthy', tone: 'info', served: 'served',
    title: 'Users are served through the load balancer; 3 of 3 servers are healthy', note: /^Switch on high availability in ProGet: Administration > Cluster Overview/ },
  { name: 'keys differ', s: snap(three, { keysInSync: false }), verdict: 'degraded', tone: 'warning', served: 'served', title: 'Users are served through the load balancer; 3 of 3 servers are healthy' },
  // Healthy over HTTP, but one configuration not read (e.g. SSH refused): unknown, so not "healthy".
  { name: 'a key not read', s: snap(three, { keysInSync: null }), verdict: 'degraded', tone: 'warning', served: 'served', title: 'Users are served through the load balancer; 3 of 3 servers are healthy' },
  { name: 'storage not shared', s: snap(three, { storage: { ok: false, detail: 'no', path: '/s', writer: 'n1', seen: [], notSeen: ['n2'], untested: [] } }), verdict: 'degraded', tone: 'warning', served: 'served', title: 'Users are served through the load balancer; 3 of 3 servers are healthy' },
];

describe('the health headline', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const h = healthHeadline(c.s, c.ctx);
      expect({ verdict: h.verdict, tone: h.tone, served: h.served, title: h.title }).toEqual({ verdict: c.verdict, tone: c.tone, served: c.served, title: c.title });
      expect(h.total).toBe(c.s.nodes.length);
      if (c.note) expect(h.notes.some((n) => c.note!.test(n)), h.notes.join(' | ')).toBe(true);
    });
  }

  it('a node not read is named as unknown, never in sync', () => {
    const h = healthHeadline(snap([up('node1'), up('node2'), linkDown('node3')]));
    expect(h.notes).toContain('Version and key of node3 are unknown: not read this time.');
    expect(h.verdict).not.toBe('healthy');
    // A stopped service: the key was read over SSH, only the version is unknown.
    expect(healthHeadline(snap([up('node1'), stopped('node2')])).notes).toContain('The version of node2 is unknown: its /health did not answer.');
    const noSsh = { ...up('node2'), sshOk: false, keyFingerprint: null, keyInSync: null };
    expect(healthHeadline(snap([up('node1'), noSsh])).notes).toContain('The key of node2 is unknown: its configuration was not read.');
  });

  it('never says "down" while some server is healthy and the balancer is only re-admitting or slow', () => {
    for (const loadBalancer of [{ ...lb503, readmitting: true }, lbTimeout]) {
      const h = healthHeadline(snap([up('node1'), linkDown('node2')], { loadBalancer }));
      expect([h.verdict, h.tone]).toEqual(['degraded', 'warning']);
    }
  });
});
