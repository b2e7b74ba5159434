/**
 * Draft <-> contract profile. Secrets leave as `{ prompt: key }` references with their values beside
 * (never inside the profile). The contract needs a complete profile even for a partial check run or
 * a save from the Servers page, so unfinished sections get a recognisable placeholder that `fromProfile`
 * turns back into an empty field.
 */
import type { ClusterProfileInput, SecretRef } from '../../../electron/shared/profile';
import { SECRET, draftNodeId, emptyDraft, newNodeKey, type Draft, type NodeDraft } from './draft-types';
import { accessFromProfile, accessToProfile } from './balancer-access-mapping';
import { isIntegrated } from '../../../electron/shared/connection-string/connection-fields';

export const PLACEHOLDER = 'not-set-yet';
const PLACEHOLDER_DB = { sqlserver: `Server=${PLACEHOLDER};Database=${PLACEHOLDER};Integrated Security=true`, postgres: `Server=${PLACEHOLDER};Database=${PLACEHOLDER};User Id=${PLACEHOLDER}` };

export interface ProfileWithSecrets {
  profile: ClusterProfileInput;
  /** Only the values this profile references. */
  secrets: Record<string, string>;
}

/** The node's profile, its secrets collected into `out` under the node id's prompt keys. */
function nodeProfile(n: NodeDraft, secrets: Record<string, string>, out: Record<string, string>): ClusterProfileInput['nodes'][number] {
  const id = draftNodeId(n);
  const ref = (localKey: string, promptKey: string, kept: SecretRef | undefined): SecretRef => {
    const value = secrets[localKey];
    if (value) out[promptKey] = value;
    return value || !kept ? { prompt: promptKey } : kept;
  };
  const auth: ClusterProfileInput['nodes'][number]['auth'] =
    n.authKind === 'password' ? { kind: 'password', password: ref(SECRET.ssh(n.key), `ssh:${id}`, n.passwordRef) }
      : n.authKind === 'key' ? { kind: 'key', keyPath: n.keyPath.trim(), ...(n.usePassphrase ? { passphrase: ref(SECRET.passphrase(n.key), `ssh-passphrase:${id}`, n.passphraseRef) } : {}) }
        : { kind: 'agent', ...(n.agent.trim() ? { agent: n.agent.trim() } : {}) };
  const opt = (name: string, value: string) => (value.trim() ? { [name]: value.trim() } : {});
  return {
    ...opt('id', n.id),
    host: n.host.trim(),
    port: Number(n.port) || 22,
    user: n.user.trim(),
    os: n.os,
    auth,
    ...opt('hostKeyFingerprint', n.hostKeyFingerprint),
    ...(n.allowSha1 ? { allowSha1: true } : {}),
    ...opt('configPath', n.configPath),
    ...opt('serviceCommand', n.serviceCommand),
    ...(n.webPort.trim() ? { webPort: Number(n.webPort) } : {}),
    ...opt('serviceAccount', n.serviceAccount),
    ...(n.installer ? { installer: n.installer } : {}),
  };
}

export function toProfile(d: Draft, secrets: Record<string, string>): ProfileWithSecrets {
  const out: Record<string, string> = {};
  const take = (key: string, kept?: SecretRef): SecretRef => {
    if (secrets[key]) out[key] = secrets[key];
    return secrets[key] || !kept ? { prompt: key } : kept;
  };
  const cs = d.database.connectionString.trim();
  const needsDbPassword = !(d.database.kind === 'sqlserver' && isIntegrated(cs));
  const encryptionKey: ClusterProfileInput['encryptionKey'] =
    d.encryption.mode === 'keep-node' && d.encryption.node ? { mode: 'keep-node', node: d.encryption.node }
      : d.encryption.mode === 'provided' ? { mode: 'provided', key: take(SECRET.encryptionKey, d.encryption.keyRef) }
        : { mode: 'auto' };
  const url = d.loadBalancer.url.trim();
  const access = accessToProfile(d.balancerAccess, secrets, out);
  const profile: ClusterProfileInput = {
    version: 1,
    ...(d.name.trim() ? { name: d.name.trim() } : {}),
    product: d.product,
    nodes: d.nodes.map((n) => nodeProfile(n, secrets, out)),
    database: {
      kind: d.database.kind,
      connectionString: cs || PLACEHOLDER_DB[d.database.kind],
      ...(cs && needsDbPassword ? { password: take(SECRET.db, d.database.passwordRef) } : {}),
    },
    storage: { path: d.storagePath.trim() || PLACEHOLDER },
    encryptionKey,
    loadBalancer: { type: d.loadBalancer.type, sticky: d.loadBalancer.sticky, ...(url ? { url } : {}), ...(access ? { access } : {}) },
    ...(d.useApiKey ? { apiKey: take(SECRET.apiKey, d.apiKeyRef) } : {}),
    ...(d.useApiKey && d.allowApiKeyOverHttp ? { allowApiKeyOverHttp: true } : {}),
  };
  return { profile, secrets: out };
}

const promptOf = (ref: SecretRef | undefined) => (ref && 'prompt' in ref ? ref.prompt : null);

/** A saved profile back into a draft; prompt secrets move to the node's local keys, other references are kept. */
export function fromProfile(p: ClusterProfileInput, saved: Record<string, string>, name: string): { draft: Draft; secrets: Record<string, string> } {
  const secrets: Record<string, string> = {};
  const restore = (ref: SecretRef | undefined, localKey: string): SecretRef | undefined => {
    const prompt = promptOf(ref);
    if (prompt === null) return ref;
    if (saved[prompt] !== undefined) secrets[localKey] = saved[prompt];
    return undefined;
  };
  const nodes: NodeDraft[] = p.nodes.map((n) => {
    const key = newNodeKey();
    const base: NodeDraft = {
      key, id: n.id ?? '', host: n.host, port: String(n.port ?? 22), user: n.user, os: n.os, authKind: n.auth.kind, keyPath: '', usePassphrase: false,
      agent: '', configPath: n.configPath ?? '', serviceCommand: n.serviceCommand ?? '', webPort: n.webPort ? String(n.webPort) : '',
      serviceAccount: n.serviceAccount ?? '', hostKeyFingerprint: n.hostKeyFingerprint ?? '', ...(n.allowSha1 ? { allowSha1: true } : {}),
      ...(n.installer ? { installer: n.installer } : {}),
    };
    const a = n.auth;
    if (a.kind === 'password') {
      const kept = restore(a.password, SECRET.ssh(key));
      return kept ? { ...base, passwordRef: kept } : base;
    }
    if (a.kind === 'key') {
      const kept = restore(a.passphrase, SECRET.passphrase(key));
      return { ...base, keyPath: a.keyPath, usePassphrase: !!a.passphrase, ...(kept ? { passphraseRef: kept } : {}) };
    }
    return { ...base, agent: a.agent ?? '' };
  });
  const cs = p.database.connectionString.includes(PLACEHOLDER) ? '' : p.database.connectionString;
  const dbRef = restore(p.database.password, SECRET.db);
  const apiRef = restore(p.apiKey, SECRET.apiKey);
  const e = p.encryptionKey ?? { mode: 'auto' as const };
  const keyRef = e.mode === 'provided' ? restore(e.key, SECRET.encryptionKey) : undefined;
  const draft: Draft = {
    ...emptyDraft(),
    name: name || p.name || '',
    product: p.product,
    nodes,
    database: { kind: p.database.kind, connectionString: cs, ...(dbRef ? { passwordRef: dbRef } : {}) },
    storagePath: p.storage.path === PLACEHOLDER ? '' : p.storage.path,
    useApiKey: !!p.apiKey,
    ...(apiRef ? { apiKeyRef: apiRef } : {}),
    ...(p.allowApiKeyOverHttp ? { allowApiKeyOverHttp: true } : {}),
    encryption: { mode: e.mode, node: e.mode === 'keep-node' ? e.node : '', ...(keyRef ? { keyRef } : {}) },
    loadBalancer: { type: p.loadBalancer.type, url: p.loadBalancer.url ?? '', sticky: p.loadBalancer.sticky ?? false },
    balancerAccess: accessFromProfile(p.loadBalancer.access, saved, secrets),
  };
  return { draft, secrets };
}
