/**
 * Lab: the plan names the big changes before Apply (issue 11, item 10). The lab's fresh nodes 2 and 3
 * use databases of their own (proget_node2, proget_node3) and are moved to the shared one; a node with
 * a key of its own has it replaced by the cluster's. `ha-wizard plan` prints both first, and the plan
 * file holds them typed, with fingerprints only.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, inject, it } from 'vitest';
import { planCommand } from '../../electron/cli/plan-command';
import { keyFingerprint } from '../../electron/core/config/product-config';
import { PlanSchema, type Plan } from '../../electron/shared/plan-schema';
import { editNodeConfig } from './check-helpers';
import { faultScope } from './fault-scope';
import { readLabState } from './lab';
import { labProfile } from './lab-profile';

const lab = inject('lab');
const { cleanups } = faultScope();

function sink(): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = new Writable({ write(chunk, _enc, done) { text += String(chunk); done(); } }) as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

async function plan(): Promise<{ code: number; out: string; err: string; plan: Plan }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-warnings-'));
  const profile = path.join(dir, 'cluster.json');
  const file = path.join(dir, 'plan.json');
  fs.writeFileSync(profile, JSON.stringify(labProfile(lab)), { mode: 0o600 });
  const [o, e] = [sink(), sink()];
  const code = await planCommand({ profile, out: file, connectTimeout: 3000, knownHosts: path.join(dir, 'known_hosts.json'), healthTimeout: 30 }, { out: o.stream, err: e.stream });
  const written = PlanSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  fs.rmSync(dir, { recursive: true, force: true });
  return { code, out: o.text(), err: e.text(), plan: written };
}

describe('the plan says what each node loses', () => {
  it('the fresh lab: node2 and node3 move from their own databases to the shared one, named first in the CLI', async () => {
    const r = await plan();
    expect(r.code, r.err).toBe(0);
    const moved = r.plan.warnings.filter((w) => w.kind === 'database-moved');
    expect(moved.map((w) => [w.nodeId, w.currentDatabase.name, w.sharedDatabase.name])).toEqual([['node2', 'proget_node2', 'proget'], ['node3', 'proget_node3', 'proget']]);
    // node1 holds the only key, which the cluster keeps: no key is replaced.
    expect(r.plan.warnings.filter((w) => w.kind === 'key-replaced')).toEqual([]);
    const lines = r.out.split('\n');
    const first = lines.indexOf('Read this first:');
    expect(first).toBeGreaterThan(-1);
    expect(first).toBeLessThan(lines.findIndex((l) => l.startsWith('node1 (')));
    expect(r.out).toMatch(/! node2 \(\S+\) uses its own database today, proget_node2 on \S+:\d+\. After Apply it uses the shared database proget on \S+:\d+: the data in proget_node2/);
    expect(r.out).toMatch(/! node3 \(\S+\) uses its own database today, proget_node3 on /);
  });

  it('a node with a key of its own: the plan names both fingerprints, never the key', async () => {
    const clusterKey = readLabState()!.secrets.encryptionKey;
    const own = crypto.randomBytes(16).toString('hex');
    cleanups.push(editNodeConfig(lab, 'node2', (t) => `${t}PROGET_ENCRYPTION_KEY=${own}\n`));
    const r = await plan();
    expect(r.code, r.err).toBe(0);
    const replaced = r.plan.warnings.filter((w) => w.kind === 'key-replaced');
    expect(replaced).toEqual([{ kind: 'key-replaced', nodeId: 'node2', host: expect.any(String), currentFingerprint: keyFingerprint(own), clusterFingerprint: r.plan.encryptionKey.fingerprint }]);
    expect(r.plan.encryptionKey.fingerprint).toBe(keyFingerprint(clusterKey));
    expect(r.out).toContain(`node2 (${replaced[0]!.host}) has its own encryption key today, ${keyFingerprint(own)}. After Apply it uses the cluster's key ${keyFingerprint(clusterKey)}`);
    expect(r.out + JSON.stringify(r.plan)).not.toContain(own);
    expect(r.out + JSON.stringify(r.plan)).not.toContain(clusterKey);
  });
});
