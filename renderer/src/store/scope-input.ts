/**
 * Which part of the profile each page's check run depends on: its results go stale (and stop blocking
 * Next) when that part changes, not when another page's fields do.
 */
import type { ClusterProfileInput } from '../../../electron/shared/profile';
import { idsOfArea } from '../../../electron/shared/check-catalog';
import { hashOf } from './input-hash';
import { toProfile } from './profile-mapping';
import type { RunScope } from './run-types';
import type { WizardState } from './wizard-store';

export const SERVER_CHECKS = ['server.login', 'server.product-installed', 'server.version', 'servers.same-version', 'servers.node-count', 'servers.hostnames-distinct', 'servers.distinct'];

/** `only` per page; the Review page runs everything. */
export const SCOPE_CHECKS: Record<RunScope, string[] | undefined> = {
  servers: SERVER_CHECKS,
  database: idsOfArea('database'),
  storage: idsOfArea('storage'),
  encryption: idsOfArea('encryption'),
  'load-balancer': idsOfArea('load-balancer'),
  review: undefined,
};

const SECTIONS: Record<RunScope, (p: ClusterProfileInput) => unknown> = {
  servers: (p) => [p.product, p.nodes],
  database: (p) => [p.product, p.nodes, p.database],
  storage: (p) => [p.nodes, p.storage],
  encryption: (p) => [p.nodes, p.database, p.encryptionKey],
  'load-balancer': (p) => [p.loadBalancer],
  review: (p) => p,
};

/** The fingerprint of what a run of `scope` would be given now. */
export function scopeInputKey(scope: RunScope, s: Pick<WizardState, 'draft' | 'secrets' | 'acceptedHostKeys'>): string {
  const { profile, secrets } = toProfile(s.draft, s.secrets);
  return hashOf([scope, SECTIONS[scope](profile), secrets, s.acceptedHostKeys]);
}
