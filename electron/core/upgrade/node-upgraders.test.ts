/** nodeUpgraders: one per profile node, in order, the installer chosen from the profile; a node none fits says why. */
import { describe, expect, it } from 'vitest';
import { ClusterContext } from '../run/cluster-context';
import { ProfileSchema } from '../../shared/profile';
import { envFileSecretSource, SecretResolver } from '../secrets';
import { nodeUpgraders } from './node-upgraders';
import { UpgradeStepError } from './upgrade-ports';

const auth = { kind: 'password', password: { env: 'PW' } };

describe('nodeUpgraders', () => {
  it('Inedo Hub on Windows (default path or the profile\'s), Docker Compose on Linux, and a clear refusal otherwise', async () => {
    const profile = ProfileSchema.parse({
      version: 1, product: 'proget',
      nodes: [
        { id: 'win1', host: '10.0.0.1', user: 'admin', os: 'windows', auth },
        { id: 'win2', host: '10.0.0.2', user: 'admin', os: 'windows', auth, installer: { kind: 'inedo-hub', hubPath: 'D:\\Hub\\hub.exe' } },
        { id: 'lin1', host: '10.0.0.3', user: 'root', os: 'linux', auth, configPath: '/etc/proget/proget.env', installer: { kind: 'docker-compose', file: '/opt/proget/compose.yaml', service: 'proget' } },
        { id: 'lin2', host: '10.0.0.4', user: 'root', os: 'linux', auth, configPath: '/etc/proget/proget.env' },
        { id: 'win3', host: '10.0.0.5', user: 'admin', os: 'windows', auth, installer: { kind: 'docker-compose', file: 'C:\\compose.yaml', service: 'proget' } },
      ],
      database: { kind: 'sqlserver', connectionString: 'Server=db;Database=ProGet;User ID=proget' }, storage: { path: '\\\\nas\\proget' }, loadBalancer: { type: 'haproxy' },
    });
    const ctx = new ClusterContext(profile, { connectTimeoutMs: 1000, checkTimeoutMs: 1000, knownHostsPath: '/nonexistent/known.json' }, new SecretResolver(envFileSecretSource({ env: {} })));
    const ups = nodeUpgraders(ctx);
    expect(ups.map((u) => u.nodeId)).toEqual(['win1', 'win2', 'lin1', 'lin2', 'win3']);
    expect(ups[0]!.describe()).toBe('Inedo Hub (C:\\Program Files\\Inedo Hub\\hub.exe), services INEDOPROGETSVC / INEDOPROGETWEBSVC (backups: C:\\ProgramData\\Inedo\\SharedConfig\\ProGet.config, the extensions folder C:\\ProgramData\\ProGet\\Extensions when it exists)');
    expect(ups[1]!.describe()).toContain('Inedo Hub (D:\\Hub\\hub.exe)');
    expect(ups[2]!.describe()).toBe('Docker Compose service proget in /opt/proget/compose.yaml (backups: the compose file, the env file /etc/proget/proget.env, the extensions folder /var/proget/extensions when it exists)');
    expect(await ups[3]!.canInstall('2026.1')).toEqual({ ok: false, detail: 'lin2 has no installer in the profile: say how the product is installed there (Docker Compose: the compose file and the service)' });
    expect(await ups[3]!.installedVersion()).toBeNull();
    await expect(ups[3]!.stop()).rejects.toThrow(UpgradeStepError);
    expect(await ups[4]!.canInstall('2026.1')).toEqual({ ok: false, detail: 'win3 is a Windows server, and Docker Compose upgrades are supported on Linux servers only' });
    await ctx.close();
  });
});
