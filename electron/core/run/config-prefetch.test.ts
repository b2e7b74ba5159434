/**
 * Issue 10: a node's configuration file is read while its inventory runs, not after it. Under ten
 * nodes' load each of the two took 250-300 ms, one after the other. No SSH here: the node's session is
 * a stand-in whose inventory command waits until the test lets it answer.
 */
import { describe, expect, it } from 'vitest';
import { ProfileSchema } from '../../shared/profile';
import type { SshSession } from '../remote/ssh-session';
import { SecretResolver, envFileSecretSource } from '../secrets';
import { ClusterContext } from './cluster-context';

function contextWithSlowInventory() {
  const profile = ProfileSchema.parse({
    version: 1, product: 'proget',
    nodes: [{ id: 'node1', host: 'node1.lab', user: 'inedo', os: 'linux', auth: { kind: 'agent' }, configPath: '/etc/proget/proget.env' }],
    database: { kind: 'postgres', connectionString: 'Host=db;Database=proget;Username=proget' },
    storage: { path: '/srv/proget' }, loadBalancer: { type: 'haproxy' },
  });
  const ctx = new ClusterContext(profile, { connectTimeoutMs: 1000, checkTimeoutMs: 5000, knownHostsPath: '/nonexistent' }, new SecretResolver(envFileSecretSource({ env: {} })));
  const reads: string[] = [];
  let answer!: () => void;
  const inventoryAnswered = new Promise<void>((r) => (answer = r));
  const session = {
    closed: false,
    async exec() {
      await inventoryAnswered;
      return { code: 0, stdout: 'hostname\tnode1\nconfig\tpresent\n', stderr: '' };
    },
    async readFile(path: string) {
      reads.push(path);
      return Buffer.from('PROGET_SQL_CONNECTION_STRING=Host=db\n');
    },
  } as unknown as SshSession;
  (ctx.pool as unknown as { get: () => Promise<SshSession> }).get = async () => session;
  return { ctx, reads, answer };
}

describe('a node\'s configuration, read beside its inventory', () => {
  it('starts the read when the inventory starts, and hands the same read to the checks later', async () => {
    const { ctx, reads, answer } = contextWithSlowInventory();
    const facts = ctx.facts('node1');
    await new Promise((r) => setTimeout(r, 20));
    expect(reads).toEqual(['/etc/proget/proget.env']);
    answer();
    expect((await facts).hostname).toBe('node1');
    expect((await ctx.config('node1')).text).toMatch(/^PROGET_SQL_CONNECTION_STRING=/);
    expect(reads).toHaveLength(1);
  });
});
