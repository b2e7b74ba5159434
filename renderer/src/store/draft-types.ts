/**
 * What the wizard's pages edit: a draft of the cluster profile, shaped for forms (strings where the
 * admin types, no secret values). `profile-mapping.ts` turns it into a contract profile and back.
 */
import type { DatabaseKind, Os } from '../../../electron/shared/kinds';
import type { Installer, LoadBalancerType, SecretRef } from '../../../electron/shared/profile';
import type { ProductId } from '../../../electron/shared/products';

export type AuthKind = 'password' | 'key' | 'agent';
export type KeyMode = 'auto' | 'keep-node' | 'provided';

export interface NodeDraft {
  /** Local and stable while the admin edits the node's name; never sent. */
  key: string;
  /** The profile's node id; empty means "the host". */
  id: string;
  host: string;
  port: string;
  user: string;
  os: Os;
  authKind: AuthKind;
  keyPath: string;
  usePassphrase: boolean;
  agent: string;
  configPath: string;
  serviceCommand: string;
  webPort: string;
  serviceAccount: string;
  /** Pinned host key: set when the admin accepts the fingerprint the server presented. */
  hostKeyFingerprint: string;
  /** Accept SHA-1 SSH algorithms from this server (profile only; the wizard warns on every run). */
  allowSha1?: boolean;
  /** How the product is installed there, for upgrades (profile only, like allowSha1). */
  installer?: Installer;
  /** A non-prompt reference from an opened profile (env, file, encrypted), kept until a value is typed. */
  passwordRef?: SecretRef;
  passphraseRef?: SecretRef;
}

export interface DatabaseDraft {
  kind: DatabaseKind;
  /** Never holds the password: that is the `db` secret. */
  connectionString: string;
  passwordRef?: SecretRef;
}

/** How the wizard may reach the load balancer itself (issue 13); 'none': every balancer step is a manual step. */
export type BalancerAccessKind = 'none' | 'haproxy-api' | 'ssh';
export interface BalancerAccessDraft {
  kind: BalancerAccessKind;
  host: string;
  port: string;
  /** SSH only, like a node's sign-in; the password and passphrase are the `lb:ssh` secrets. */
  user: string;
  authKind: AuthKind;
  keyPath: string;
  usePassphrase: boolean;
  agent: string;
  hostKeyFingerprint: string;
  configPath: string;
  /** HAProxy over SSH: its admin socket on that host. */
  runtimeSocket: string;
  passwordRef?: SecretRef;
  passphraseRef?: SecretRef;
}

export interface Draft {
  name: string;
  product: ProductId;
  nodes: NodeDraft[];
  database: DatabaseDraft;
  storagePath: string;
  useApiKey: boolean;
  apiKeyRef?: SecretRef;
  /** The admin accepted that the API key travels over plain http (the servers' API is http://). */
  allowApiKeyOverHttp?: boolean;
  encryption: { mode: KeyMode; node: string; keyRef?: SecretRef };
  loadBalancer: { type: LoadBalancerType; url: string; sticky: boolean };
  /** Kept beside `loadBalancer` (whose form replaces it whole) so the balancer form never drops it. */
  balancerAccess: BalancerAccessDraft;
}

/** Secret keys the UI uses in `{ prompt }` references (node keys are the local NodeDraft.key). */
export const SECRET = {
  ssh: (nodeKey: string) => `ssh:${nodeKey}`,
  passphrase: (nodeKey: string) => `ssh-passphrase:${nodeKey}`,
  db: 'db',
  apiKey: 'api-key',
  encryptionKey: 'encryption-key',
  balancerSsh: 'lb:ssh',
  balancerPassphrase: 'lb:ssh-passphrase',
} as const;

export function emptyBalancerAccess(): BalancerAccessDraft {
  return { kind: 'none', host: '', port: '', user: '', authKind: 'password', keyPath: '', usePassphrase: false, agent: '', hostKeyFingerprint: '', configPath: '', runtimeSocket: '' };
}

let counter = 0;
export function newNodeKey(): string {
  counter += 1;
  return `n${Date.now().toString(36)}${counter}`;
}

export function emptyNode(os: Os = 'windows'): NodeDraft {
  return {
    key: newNodeKey(), id: '', host: '', port: '22', user: '', os, authKind: 'password', keyPath: '', usePassphrase: false,
    agent: '', configPath: '', serviceCommand: '', webPort: '', serviceAccount: '', hostKeyFingerprint: '',
  };
}

export function emptyDraft(): Draft {
  return {
    name: '',
    product: 'proget',
    nodes: [],
    database: { kind: 'sqlserver', connectionString: '' },
    storagePath: '',
    useApiKey: false,
    encryption: { mode: 'auto', node: '' },
    loadBalancer: { type: 'haproxy', url: '', sticky: false },
    balancerAccess: emptyBalancerAccess(),
  };
}

/** The node id the profile will carry (the host when no name is given). */
export function draftNodeId(n: Pick<NodeDraft, 'id' | 'host'>): string {
  return n.id.trim() || n.host.trim();
}
