/** A realistic run for the report tests: three nodes, every status, a downgraded warning, skips. */
import type { RemedyAudience } from '../remedy';
import type { CheckResult } from '../check-types';
import { ProfileSchema, type ClusterProfile } from '../profile';

export const SECRET = 'hunter2-secret';
export const redactSecret = (s: string) => s.split(SECRET).join('********');

/** Secret references whose contents must never reach a report. */
export const REF_CONTENTS = ['DB_PASSWORD_VAR', '/home/admin/.secrets/db', 'NODE_PW_VAR', 'AQAAANCMnd8BFdERjHoAwE', 'passphrase for deploy key', '/home/admin/.ssh/id_ed25519'];

export const XSS_SCRIPT = '<script>alert(1)</script>';
export const XSS_ATTR = '"><img src=x onerror=alert(2)>';

export function fixtureProfile(): ClusterProfile {
  return ProfileSchema.parse({
    version: 1,
    name: 'Production feeds',
    product: 'proget',
    nodes: [
      { id: 'web1', host: 'proget-web1.corp.example', user: 'CORP\\svc-hawizard', os: 'windows', auth: { kind: 'password', password: { env: 'NODE_PW_VAR' } },
        hostKeyFingerprint: 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8' },
      { id: 'web2', host: '10.20.30.42', port: 2222, user: 'CORP\\svc-hawizard', os: 'windows', auth: { kind: 'agent' } },
      { id: 'lnx1', host: 'proget-lnx1.corp.example', user: 'deploy', os: 'linux', configPath: '/etc/proget/proget.env',
        auth: { kind: 'key', keyPath: '/home/admin/.ssh/id_ed25519', passphrase: { prompt: 'passphrase for deploy key' } },
        hostKeyFingerprint: 'SHA256:Yx7pQ2mVv0b9c8d7e6f5g4h3i2j1k0LmNoPqRsTuVwX' },
    ],
    database: {
      kind: 'sqlserver',
      connectionString: 'Server=sql01.corp.example,1433;Database=ProGet;User ID=proget_svc;Encrypt=true',
      password: { file: '/home/admin/.secrets/db' },
    },
    storage: { path: '\\\\fs01.corp.example\\ProGetPackages' },
    encryptionKey: { mode: 'auto' },
    loadBalancer: { type: 'haproxy', url: 'https://proget.corp.example/', sticky: true },
    apiKey: { encrypted: 'AQAAANCMnd8BFdERjHoAwE' },
  });
}

const r = (p: Partial<CheckResult> & Pick<CheckResult, 'id' | 'title' | 'area' | 'status' | 'detail'>): CheckResult =>
  ({ target: 'cluster', remedy: null, durationMs: 120, ...p });

export function fixtureResults(): CheckResult[] {
  return [
    r({ id: 'server.reachable', title: 'Server answers on SSH', area: 'servers', target: 'web1', status: 'pass', detail: 'SSH answered in 38 ms (OpenSSH_for_Windows_9.5).', durationMs: 41 }),
    r({ id: 'server.reachable', title: 'Server answers on SSH', area: 'servers', target: 'web2', status: 'pass', detail: 'SSH answered in 52 ms.', durationMs: 55 }),
    r({ id: 'server.reachable', title: 'Server answers on SSH', area: 'servers', target: 'lnx1', status: 'fail',
      detail: 'No answer on proget-lnx1.corp.example:22 within 10 s (connect ETIMEDOUT).',
      remedy: 'Check that the server is on, that sshd runs, and that a firewall allows TCP 22 from this machine.', durationMs: 10_004 }),
    r({ id: 'server.version', title: 'Product version is supported', area: 'servers', target: 'web1', status: 'pass', detail: 'ProGet 2025.14 (build 12).' }),
    r({ id: 'server.version', title: 'Product version is supported', area: 'servers', target: 'lnx1', status: 'skip', detail: 'skipped: "Logged in" did not pass on this server' }),
    r({ id: 'servers.clock', title: 'Clocks agree', area: 'servers', status: 'warn', detail: 'web2 is 4.2 s ahead of web1 (a failure, reported as a warning as asked)',
      remedy: 'Point every server at the same NTP source.', downgraded: true, data: { skewMs: 4200, nodes: ['web1', 'web2'] } }),
    r({ id: 'database.connect', title: 'Database accepts the login', area: 'database', status: 'pass',
      detail: `Logged in to sql01.corp.example as proget_svc (password ${SECRET} accepted).`, data: { note: `used ${SECRET}` } }),
    r({ id: 'database.same-string', title: 'Every node uses the same database', area: 'database', status: 'fail',
      detail: `web2 points at ${XSS_SCRIPT} while web1 points at ProGet.`, remedy: `Set the connection string on web2 to the cluster's; its value ${XSS_ATTR} is not a database.` }),
    r({ id: 'storage.shared', title: 'Storage is shared', area: 'storage', status: 'warn',
      detail: 'web2 sees the sentinel file only after 3.1 s; lnx1 could not be checked.', remedy: 'Disable client-side caching on the share, or use SMB 3.' }),
    r({ id: 'encryption.same-key', title: 'Same encryption key', area: 'encryption', status: 'pass', detail: 'web1 and web2 hold the same key.' }),
    r({ id: 'network.messenger', title: 'Service messenger port is open', area: 'network', status: 'pass', detail: 'web1 ↔ web2 on TCP 33237.' }),
    r({ id: 'lb.sticky', title: 'Load balancer keeps sessions sticky', area: 'load-balancer', status: 'skip', detail: 'skipped: "Load balancer answers" was not selected for this run' }),
  ];
}

export const RUN_TIMES = { startedAt: new Date('2026-03-03T14:05:09.250Z'), finishedAt: new Date('2026-03-03T14:05:21.690Z') };
export const TOOL = { name: 'HA Wizard CLI', version: '0.1.0' };
/** Reports in the CLI's words (remedies name profile fields). */
export const CLI: RemedyAudience = { surface: 'cli' };
