/**
 * The lab as an engine profile: node host keys pinned (so checks need no --accept-host-key), secrets
 * in files only root can read, referenced by path. Written to LAB_ROOT/profile.json at `up`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ClusterProfileInput } from '../../electron/shared/profile';
import { withPassword } from '../../electron/shared/connection-string/connection-strings';
import { LAB_PRIVATE_KEY, LAB_PROFILE, LAB_ROOT, PORTS } from './lab-config';
import type { LabDescription } from './lab-description';
const SECRETS = path.join(LAB_ROOT, 'secrets');

function secretFile(name: string, value: string): { file: string } {
  fs.mkdirSync(SECRETS, { recursive: true, mode: 0o700 });
  const file = path.join(SECRETS, name);
  fs.writeFileSync(file, value, { mode: 0o600 });
  return { file };
}

/** Removes the password from a connection string (profiles reference it instead). */
function withoutPassword(cs: string): string {
  return withPassword(cs, undefined);
}

export function labProfile(d: LabDescription, database: 'postgres' | 'sqlserver' = d.options.database): ClusterProfileInput {
  const db = d.databases[database];
  return {
    version: 1,
    name: `lab: ${d.nodes.length} ${d.product} nodes`,
    product: d.product,
    nodes: d.nodes.map((n) => ({
      id: n.name, host: n.address, port: PORTS.ssh, user: n.user, os: 'linux' as const,
      auth: { kind: 'key' as const, keyPath: LAB_PRIVATE_KEY },
      hostKeyFingerprint: n.hostKeyFingerprint, configPath: n.configPath, serviceCommand: n.serviceCommand,
      installer: { kind: 'docker-compose' as const, file: n.composeFile, service: n.composeService },
    })),
    database: { kind: database, connectionString: withoutPassword(db.connectionString), password: secretFile(`${database}-password`, db.password) },
    storage: { path: d.storage.path },
    encryptionKey: { mode: 'auto' },
    loadBalancer: { type: 'haproxy', url: d.loadBalancers.haproxy, sticky: false },
    apiKey: secretFile('api-key', d.apiKey),
    // The lab's nodes serve plain http on their own bridge: accepted here, as an admin would in the wizard.
    allowApiKeyOverHttp: true,
  };
}

export function writeLabProfile(d: LabDescription): string {
  fs.writeFileSync(LAB_PROFILE, `${JSON.stringify(labProfile(d), null, 2)}\n`, { mode: 0o600 });
  return LAB_PROFILE;
}

/**
 * The profile with some nodes reached over IPv6, written bracketed (`[fd00:…::12]`): the engine must
 * normalise it once and use it for SSH, pins, URLs and probes alike.
 */
export function overIpv6(d: LabDescription, profile: ClusterProfileInput, nodeNames: string[]): ClusterProfileInput {
  return {
    ...profile,
    nodes: profile.nodes.map((n) => {
      const node = d.nodes.find((x) => x.name === n.id);
      return node && nodeNames.includes(node.name) ? { ...n, host: `[${node.address6.toUpperCase()}]` } : n;
    }),
  };
}
