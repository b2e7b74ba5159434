/**
 * A Windows server in Constrained Language Mode, through the real check runner, ClusterContext and
 * Windows node ops. No Windows here: the node's session answers every PowerShell command with exactly
 * what the language-mode guard prints there (its two literal halves around the mode's name).
 */
import { describe, expect, it } from 'vitest';
import { ProfileSchema } from '../../shared/profile';
import { decodeEncodedCommand } from '../remote/powershell-dialect';
import { LANGUAGE_MODE_GUARD } from '../remote/powershell-language-mode';
import type { SshSession } from '../remote/ssh-session';
import { SecretResolver, envFileSecretSource } from '../secrets';
import { ClusterContext } from '../run/cluster-context';
import { runChecks } from './runner';
import { serverChecks } from './server-checks';
import { storageChecks } from './storage-checks';

const guardLine = (mode: string) => {
  const m = /'([^']*)' \+ \$ExecutionContext\.SessionState\.LanguageMode \+ '([^']*)'/.exec(LANGUAGE_MODE_GUARD)!;
  return `${m[1]}${mode}${m[2]}\r\n`;
};

/** What the inventory script returns on a node where scripts run normally. */
const INVENTORY = {
  hostname: 'WEB2', os: { caption: 'Windows Server 2022', version: '10.0.20348', build: '20348' },
  product: { id: 'proget', installed: true, version: '25.0.14.3' },
  services: [{ name: 'INEDOPROGETSVC', exists: true, state: 'Running', startMode: 'Auto', account: 'LocalSystem', exePath: 'C:\\x.exe', fileVersion: '25.0.14.3' }],
  config: { path: 'C:\\ProgramData\\Inedo\\SharedConfig\\ProGet.config', exists: true, length: 100 }, freeBytes: 1e12, utcNow: new Date().toISOString(),
};

function contextWith(modes: Record<string, string>): { ctx: ClusterContext; commands: string[] } {
  const profile = ProfileSchema.parse({
    version: 1, product: 'proget',
    nodes: Object.keys(modes).map((id) => ({ id, host: `${id}.lab`, user: 'CORP\\admin', os: 'windows', auth: { kind: 'agent' } })),
    database: { kind: 'sqlserver', connectionString: 'Server=sql;Database=ProGet;Integrated Security=true' },
    storage: { path: '\\\\nas\\proget' }, loadBalancer: { type: 'haproxy' },
  });
  const ctx = new ClusterContext(profile, { connectTimeoutMs: 1000, checkTimeoutMs: 5000, knownHostsPath: '/nonexistent' }, new SecretResolver(envFileSecretSource({ env: {} })));
  const commands: string[] = [];
  const session = (id: string) => ({
    closed: false,
    hostKey: { fingerprint: 'SHA256:test', keyType: 'ssh-ed25519', source: 'profile' },
    async exec(command: string) {
      commands.push(command);
      // Every library script starts with the guard; in this mode, it is all that runs.
      expect(decodeEncodedCommand(command).startsWith(LANGUAGE_MODE_GUARD)).toBe(true);
      if (modes[id] === 'FullLanguage') return { code: 0, stdout: JSON.stringify(INVENTORY), stderr: '' };
      return { code: 1, stdout: guardLine(modes[id]!), stderr: '' };
    },
  }) as unknown as SshSession;
  (ctx.pool as unknown as { get: (id: string) => Promise<SshSession> }).get = async (id) => session(id);
  return { ctx, commands };
}

describe('Constrained Language Mode on a Windows node', () => {
  it('is one failure of the login check, naming the mode and the remedy; the node\'s other checks are skipped', async () => {
    const { ctx, commands } = contextWith({ node1: 'ConstrainedLanguage', node2: 'ConstrainedLanguage' });
    const results = await runChecks([...serverChecks, ...storageChecks], ctx, { nodeIds: ['node1', 'node2'], checkTimeoutMs: 5000 });
    const failed = results.filter((r) => r.status === 'fail');
    expect(failed.map((r) => `${r.id}@${r.target}`)).toEqual(['server.login@node1', 'server.login@node2']);
    expect(failed[0]!.detail).toMatch(/^logged in as CORP\\admin, but Windows PowerShell on this server runs in Constrained Language Mode.*AppLocker/);
    expect(failed[0]!.remedy).toContain('$ExecutionContext.SessionState.LanguageMode');
    for (const r of results.filter((x) => x.target !== 'cluster' && x.id !== 'server.login' && x.id.startsWith('server.') && x.id !== 'server.reachable' && x.id !== 'server.host-key')) {
      expect(r.status, r.id).toBe('skip');
    }
    expect(results.filter((r) => r.id === 'storage.writable').every((r) => r.status === 'skip')).toBe(true);
    // One inventory per node (memoised), no cascade of further scripts.
    expect(commands).toHaveLength(2);
    await ctx.close();
  });

  it('a node in Full Language mode is not affected by its neighbour', async () => {
    const { ctx } = contextWith({ node1: 'ConstrainedLanguage', node2: 'FullLanguage' });
    const results = await runChecks(serverChecks.filter((c) => c.id.startsWith('server.') && !['server.product-installed', 'server.service-running', 'server.version'].includes(c.id)), ctx, { nodeIds: ['node1', 'node2'], checkTimeoutMs: 5000 });
    const login = Object.fromEntries(results.filter((r) => r.id === 'server.login').map((r) => [r.target, r.status]));
    expect(login).toEqual({ node1: 'fail', node2: 'pass' });
    await ctx.close();
  });
});
