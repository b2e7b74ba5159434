import { describe, expect, it } from 'vitest';
import { parseProfile } from '../../../shared/profile';
import { loadBalancerInputFor } from './profile-input';

const base = {
  version: 1, product: 'proget',
  nodes: [{ id: 'pg-a', host: '10.0.0.1', user: 'u', os: 'windows', auth: { kind: 'agent' } }, { host: '10.0.0.2', webPort: 8443, user: 'u', os: 'windows', auth: { kind: 'agent' } }],
  database: { kind: 'sqlserver', connectionString: 'Server=s;Database=ProGet;User ID=p' },
  storage: { path: '\\\\nas\\p' }, loadBalancer: { type: 'haproxy', url: 'https://proget.corp' },
};

describe('the balancer input from a profile', () => {
  it('names nodes by their id (else host), uses each web port, and listens on the URL\'s port', () => {
    const p = parseProfile(base);
    if (!p.ok) throw new Error('profile');
    expect(loadBalancerInputFor(p.profile)).toEqual({
      backends: [{ name: 'pg-a', host: '10.0.0.1', port: 8624 }, { name: '10-0-0-2', host: '10.0.0.2', port: 8443 }],
      listenAddress: '0.0.0.0', listenPort: 443, publicUrl: 'https://proget.corp', sticky: false, healthPath: '/health',
    });
  });
});
