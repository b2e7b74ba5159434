/**
 * "Server answers on SSH" against a real closed port and a name no DNS knows: the finding says what
 * happened once, in words (never "cannot connect to …: Cannot connect to …", never a bare errno), and
 * the remedy fits the OS the admin gave.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ClusterContext } from '../run/cluster-context';
import { ProfileSchema } from '../../shared/profile';
import { envFileSecretSource, SecretResolver } from '../secrets';
import { remedyText } from '../../shared/remedy';
import { serverChecks } from './server-checks';
import { freePort as closedPort } from '../remote/sshd-test-fixture';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function reachable(host: string, port: number, os: 'linux' | 'windows') {
  const dir = await mkdtemp(join(tmpdir(), 'reach-'));
  dirs.push(dir);
  const profile = ProfileSchema.parse({
    version: 1, product: 'proget',
    nodes: [{ id: 'n1', host, port, user: 'admin', os, auth: { kind: 'password', password: { env: 'PW' } }, ...(os === 'linux' ? { configPath: '/etc/x.env' } : {}) }],
    database: { kind: 'postgres', connectionString: 'Host=db;Database=proget;Username=proget' }, storage: { path: '/var/proget/packages' }, loadBalancer: { type: 'haproxy' },
  });
  const ctx = new ClusterContext(profile, { connectTimeoutMs: 5000, checkTimeoutMs: 10_000, knownHostsPath: join(dir, 'known.json') }, new SecretResolver(envFileSecretSource({ env: { PW: 'pw-secret-1' } })));
  try {
    return await serverChecks.find((c) => c.id === 'server.reachable')!.run(ctx, 'n1');
  } finally {
    await ctx.close();
  }
}

describe('server.reachable in words', () => {
  it('a closed port: said once, in a sentence, with the code only in brackets; a Linux remedy for Linux', async () => {
    const port = await closedPort();
    const r = await reachable('127.0.0.1', port, 'linux');
    expect(r.status).toBe('fail');
    expect(r.detail).toBe(`cannot connect to 127.0.0.1:${port}: the connection was refused: nothing listens on that port (a stopped service, or another port), or a firewall rejects it (ECONNREFUSED)`);
    expect(r.detail.match(/cannot connect/gi)).toHaveLength(1);
    expect(remedyText(r.remedy!, { surface: 'ui' })).not.toMatch(/Add-WindowsCapability|PowerShell/);
  });

  it('a name no DNS knows, on a Windows server: "cannot be resolved", and both Windows remedies said plainly', async () => {
    const r = await reachable('web1.invalid', 22, 'windows');
    expect(r.detail).toMatch(/^cannot connect to web1\.invalid:22: the name cannot be resolved \(no DNS entry\)/);
    expect(r.detail).not.toMatch(/Cannot connect to/);
    const text = remedyText(r.remedy!, { surface: 'ui' });
    expect(text).toMatch(/Windows Server 2025 has OpenSSH installed but off: Start-Service sshd/);
    expect(text).toMatch(/Windows Server 2019 and 2022 must install it first: Add-WindowsCapability/);
  });
});
