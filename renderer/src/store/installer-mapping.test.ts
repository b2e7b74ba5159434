/**
 * A server's installer (issue 14: how the product is installed there, for upgrades) is set in the profile
 * file only, like allowSha1: opening a profile and using it from the dashboard must send it back unchanged,
 * or the upgrade cannot know how to install the new version. Property test over seeded random installers.
 */
import { describe, expect, it } from 'vitest';
import { ProfileSchema, type ClusterProfileInput, type NodeProfile } from '../../../electron/shared/profile';
import { fromProfile, toProfile } from './profile-mapping';
import { seededRandom } from '../../../electron/shared/testing/seeded-random';

const CHARS = 'abcXYZ019 -_.:\\/\'"$`;&()[]{}é漢';
function text(r: () => number, min = 1, max = 40) {
  const n = min + Math.floor(r() * (max - min + 1));
  return Array.from({ length: n }, () => CHARS[Math.floor(r() * CHARS.length)]).join('').trim() || 'x';
}
const SERVICE = 'abcXYZ019._-';
function installer(r: () => number): NonNullable<NodeProfile['installer']> | undefined {
  const pick = r();
  if (pick < 0.2) return undefined;
  if (pick < 0.4) return { kind: 'inedo-hub' };
  if (pick < 0.7) return { kind: 'inedo-hub', hubPath: `C:\\${text(r)}\\hub.exe` };
  return { kind: 'docker-compose', file: `/${text(r)}/docker-compose.yml`, service: Array.from({ length: 1 + Math.floor(r() * 20) }, () => SERVICE[Math.floor(r() * SERVICE.length)]).join('') };
}

describe('a server’s installer through the draft', () => {
  it('comes back unchanged for 300 random profiles (absent stays absent)', () => {
    const r = seededRandom(20261201);
    for (let i = 0; i < 300; i++) {
      const nodes = Array.from({ length: 1 + Math.floor(r() * 3) }, (_, j) => {
        const inst = installer(r);
        return { id: `n${j}`, host: `n${j}.corp`, user: 'admin', os: 'linux' as const, auth: { kind: 'agent' as const }, configPath: '/etc/proget.env', serviceCommand: '/usr/local/bin/proget-service', ...(inst ? { installer: inst } : {}) };
      });
      const profile: ClusterProfileInput = {
        version: 1, product: 'proget', nodes, database: { kind: 'postgres', connectionString: 'Host=db;Database=proget;Username=proget' }, storage: { path: '/var/proget' }, loadBalancer: { type: 'haproxy' },
      };
      ProfileSchema.parse(profile);
      const { draft, secrets } = fromProfile(profile, {}, 'p');
      const back = toProfile(draft, secrets).profile;
      expect(back.nodes.map((n) => n.installer), `case ${i}`).toEqual(nodes.map((n) => n.installer));
    }
  });
});
