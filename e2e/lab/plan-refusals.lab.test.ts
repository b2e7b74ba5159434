/**
 * Lab: plan refuses what check fails for the cluster's shape (servers on different versions, one
 * server listed twice, a server it cannot log in to), names the failing checks, exits 1 and writes
 * no plan file; on the healthy lab it plans.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, inject, it } from 'vitest';
import { planCommand } from '../../electron/cli/plan-command';
import type { ClusterProfileInput } from '../../electron/shared/profile';
import { faultScope } from './fault-scope';
import { labProfile } from './lab-profile';

const lab = inject('lab');
const { fault } = faultScope();

function sink(): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = new Writable({ write(chunk, _enc, done) { text += String(chunk); done(); } }) as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

/** `ha-wizard plan --profile … --out …` on the lab's profile as changed; the exit code, stderr and whether a file was written. */
async function plan(change: (p: ClusterProfileInput) => ClusterProfileInput = (p) => p) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-refusal-'));
  const profile = path.join(dir, 'cluster.json');
  const out = path.join(dir, 'plan.json');
  fs.writeFileSync(profile, JSON.stringify(change(labProfile(lab))), { mode: 0o600 });
  const [o, e] = [sink(), sink()];
  const code = await planCommand({ profile, out, connectTimeout: 3000, knownHosts: path.join(dir, 'known_hosts.json'), healthTimeout: 30 }, { out: o.stream, err: e.stream });
  const written = fs.existsSync(out);
  fs.rmSync(dir, { recursive: true, force: true });
  return { code, err: e.text(), written };
}

describe('plan refuses what check fails for the cluster\'s shape', () => {
  it('plans the healthy lab', async () => {
    const r = await plan();
    expect(r, r.err).toMatchObject({ code: 0, written: true });
  });

  it('servers on different versions: names servers.same-version', async () => {
    await fault('version', 'node2', { value: '2025.10' });
    const r = await plan();
    expect(r).toMatchObject({ code: 1, written: false });
    expect(r.err).toMatch(/no plan: these checks fail: servers\.same-version \(most servers run 2025\.14, but node2 \(2025\.10\) differ\)/);
  });

  it('the same server listed twice: names servers.hostnames-distinct', async () => {
    const r = await plan((p) => ({ ...p, nodes: [...p.nodes, { ...p.nodes[0]!, id: 'node1-again' }] }));
    expect(r).toMatchObject({ code: 1, written: false });
    expect(r.err).toMatch(/servers\.hostnames-distinct \(node1 and node1-again all call themselves halab-node1\)/);
  });

  it('a server it cannot log in to: names server.login on that server', async () => {
    const r = await plan((p) => ({ ...p, nodes: p.nodes.map((n) => (n.id === 'node3' ? { ...n, user: 'no-such-user' } : n)) }));
    expect(r).toMatchObject({ code: 1, written: false });
    expect(r.err).toMatch(/server\.login on node3/);
    expect(r.err).not.toMatch(/on node1|on node2/);
  });
});
