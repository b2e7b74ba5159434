/**
 * The cluster profile: what the wizard is to build. A JSON file the admin keeps, so secrets are only
 * ever referenced here (an environment variable, a file only the admin can read, a prompt, or a blob
 * only the desktop app can decrypt), never written in clear.
 */
import { z } from 'zod';
import { hasPasswordKey } from './connection-string/connection-string-tokens';
import { hostProblem, normalizeHost } from './host-name';
import { DATABASE_KINDS, OS_KINDS } from './kinds';
import { PRODUCT_IDS } from './products';

export const SecretRefSchema = z.union([
  z.object({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name') }).strict(),
  z.object({ file: z.string().min(1) }).strict(),
  z.object({ prompt: z.string().min(1).max(200) }).strict(),
  /** Encrypted by the desktop app (Electron safeStorage); only it can resolve these. */
  z.object({ encrypted: z.string().min(1) }).strict(),
]);
export type SecretRef = z.infer<typeof SecretRefSchema>;

const Fingerprint = z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'an OpenSSH SHA256 fingerprint (SHA256:…, 43 characters)');
/** Normalised once, here (host-name.ts): every later use (ids, pins, URLs, sentinels) sees one form. */
// Each message says what is wrong with the value, not what the field is for.
const HostName = z.string().max(255, 'the address is longer than 255 characters')
  .superRefine((h, ctx) => {
    const shown = JSON.stringify(h.trim());
    if (!h.trim()) ctx.addIssue({ code: 'custom', message: 'the address is empty' });
    else if (!/^\s*[A-Za-z0-9.:[\]_-]+\s*$/.test(h)) ctx.addIssue({ code: 'custom', message: `${shown} is not a host name or IP address (letters, digits, dots and hyphens; IPv6 in brackets)` });
    else {
      const problem = hostProblem(h);
      if (problem) ctx.addIssue({ code: 'custom', message: `${shown}: ${problem}` });
    }
  })
  .transform(normalizeHost);

export const NodeAuthSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('password'), password: SecretRefSchema }).strict(),
  z.object({ kind: z.literal('key'), keyPath: z.string().min(1), passphrase: SecretRefSchema.optional() }).strict(),
  /** SSH_AUTH_SOCK by default; on Windows the OpenSSH agent pipe, or 'pageant'. */
  z.object({ kind: z.literal('agent'), agent: z.string().optional() }).strict(),
]);
export type NodeAuth = z.infer<typeof NodeAuthSchema>;

/**
 * How the product is installed on a server, for upgrades (issue 14). Absent on Windows: Inedo Hub at its
 * default place; absent on Linux: the upgrade is refused until the admin says.
 */
export const InstallerSchema = z.discriminatedUnion('kind', [
  /** Windows: Inedo Hub's command line (`hub.exe install <Product>:<version> --IsUpgrade=true`). */
  z.object({ kind: z.literal('inedo-hub'), hubPath: z.string().min(1).max(1000).optional() }).strict(),
  /** Linux: Docker Compose; the image tag of `service` in the compose `file` is the product's version. */
  z.object({ kind: z.literal('docker-compose'), file: z.string().min(1).max(1000), service: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/) }).strict(),
]);
export type Installer = z.infer<typeof InstallerSchema>;

export const NodeSchema = z.object({
  /** How the wizard names the node; defaults to its host. */
  id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/).optional(),
  host: HostName,
  port: z.number().int().min(1).max(65535).default(22),
  user: z.string().min(1).max(256),
  os: z.enum(OS_KINDS),
  auth: NodeAuthSchema,
  /**
   * Accept SHA-1 from this server (ssh-rsa host-key signatures, hmac-sha1 MACs), refused by default:
   * for an old server only; every check run then warns about it (remote/ssh-algorithms.ts).
   */
  allowSha1: z.boolean().optional(),
  /** Pinned host key: counts as accepted when it matches. */
  hostKeyFingerprint: Fingerprint.optional(),
  /** Where the product's configuration is, when not the product's default (Linux nodes: the env file). */
  configPath: z.string().min(1).optional(),
  /** Linux: a program taking start|stop|restart|status. Windows: the service name, when not the default. */
  serviceCommand: z.string().min(1).optional(),
  /** The product's web port on this node, when not the product's default. */
  webPort: z.number().int().min(1).max(65535).optional(),
  /** Windows: the account the product's service runs as (for the storage rights check). */
  serviceAccount: z.string().min(1).optional(),
  /** How the product is installed here, for upgrades. */
  installer: InstallerSchema.optional(),
}).strict();
export type NodeProfile = z.infer<typeof NodeSchema>;

/** Ways in to a load balancer the wizard may drive (electron/core/balancer). */
export const BalancerAccessSchema = z.discriminatedUnion('kind', [
  /** HAProxy's runtime API on an address the admin gives (`stats socket ipv4@ADDRESS:PORT level admin`). */
  z.object({ kind: z.literal('haproxy-api'), host: HostName, port: z.number().int().min(1).max(65535) }).strict(),
  /** An SSH login on the HAProxy or nginx host: the same remote layer as the nodes, host keys and all. */
  z.object({
    kind: z.literal('ssh'),
    host: HostName,
    port: z.number().int().min(1).max(65535).default(22),
    user: z.string().min(1).max(256),
    auth: NodeAuthSchema,
    hostKeyFingerprint: Fingerprint.optional(),
    /** The balancer's config file on that host (haproxy.cfg, or the nginx file holding the upstream). */
    configPath: z.string().min(1).max(1000),
    /** HAProxy: its admin socket on that host, for drain and state without a reload. */
    runtimeSocket: z.string().min(1).max(1000).optional(),
  }).strict(),
]);
export type BalancerAccess = z.infer<typeof BalancerAccessSchema>;

export const DatabaseSchema = z.object({
  kind: z.enum(DATABASE_KINDS),
  /** Without the password: that is `password`, a reference. */
  // Password, Pwd, PSW in any case and spacing, as SqlClient, Npgsql or tedious would read them.
  connectionString: z.string().min(1).max(4000).refine((s) => !hasPasswordKey(s), {
    message: 'must not contain the password: give it as database.password (an environment variable, file or prompt)',
  }),
  password: SecretRefSchema.optional(),
}).strict();

export const LOAD_BALANCER_TYPES = ['haproxy', 'nginx', 'iis-arr', 'f5', 'a10', 'citrix'] as const;
export type LoadBalancerType = (typeof LOAD_BALANCER_TYPES)[number];
export const LOAD_BALANCER_NAMES: Record<LoadBalancerType, string> = {
  haproxy: 'HAProxy', nginx: 'NGINX', 'iis-arr': 'IIS Application Request Routing', f5: 'F5 BIG-IP', a10: 'A10 Thunder', citrix: 'Citrix ADC',
};

export const ProfileSchema = z.object({
  $schema: z.string().optional(),
  version: z.literal(1),
  name: z.string().max(200).optional(),
  product: z.enum(PRODUCT_IDS),
  nodes: z.array(NodeSchema).min(1).max(64),
  database: DatabaseSchema,
  storage: z.object({ path: z.string().min(1).max(1000) }).strict(),
  encryptionKey: z.discriminatedUnion('mode', [
    /** Keep the key the cluster already has; generate one only when no node has any. */
    z.object({ mode: z.literal('auto') }).strict(),
    /** Keep the key of this node (when nodes disagree). */
    z.object({ mode: z.literal('keep-node'), node: z.string().min(1) }).strict(),
    z.object({ mode: z.literal('provided'), key: SecretRefSchema }).strict(),
  ]).default({ mode: 'auto' }),
  loadBalancer: z.object({
    type: z.enum(LOAD_BALANCER_TYPES),
    url: z.url({ protocol: /^https?$/ }).optional(),
    sticky: z.boolean().default(false),
    /** How the wizard may drive the balancer itself (issue 13); without it every balancer step is a manual step. */
    access: BalancerAccessSchema.optional(),
  }).strict(),
  /** ProGet API key with administrative rights, to set database-held settings; without it those are manual steps. */
  apiKey: SecretRefSchema.optional(),
  /** The admin accepted that the API key travels over plain http (the nodes' web address is http://). */
  allowApiKeyOverHttp: z.boolean().optional(),
}).strict().superRefine((p, ctx) => {
  const ids = p.nodes.map(nodeId);
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: ['nodes', i, 'id'], message: `duplicate node ${id}` });
  });
  if (p.encryptionKey.mode === 'keep-node' && !ids.includes(p.encryptionKey.node)) {
    ctx.addIssue({ code: 'custom', path: ['encryptionKey', 'node'], message: `no node named ${p.encryptionKey.node}` });
  }
  const access = p.loadBalancer.access;
  if (access && !(access.kind === 'haproxy-api' ? p.loadBalancer.type === 'haproxy' : ['haproxy', 'nginx'].includes(p.loadBalancer.type))) {
    ctx.addIssue({ code: 'custom', path: ['loadBalancer', 'access'], message: access.kind === 'haproxy-api' ? 'the runtime API is HAProxy’s: the balancer is not HAProxy' : 'the wizard drives HAProxy and NGINX over SSH; for this balancer it writes the steps to run' });
  }
  p.nodes.forEach((n, i) => {
    if (n.os === 'linux' && !n.configPath) {
      ctx.addIssue({ code: 'custom', path: ['nodes', i, 'configPath'], message: 'Linux/Docker nodes need the path of their environment file' });
    }
  });
});
export type ClusterProfile = z.infer<typeof ProfileSchema>;
export type ClusterProfileInput = z.input<typeof ProfileSchema>;

export function nodeId(node: Pick<NodeProfile, 'id' | 'host'>): string {
  return node.id ?? node.host;
}

/** `where` says which server in words ("server 2") when the problem is in one. */
export interface ProfileProblem { path: string; message: string; where?: string }

/** Every problem in a profile, each with its JSON path (e.g. `nodes[1].auth.password`). */
export function parseProfile(json: unknown): { ok: true; profile: ClusterProfile } | { ok: false; problems: ProfileProblem[] } {
  const r = ProfileSchema.safeParse(json);
  if (r.success) return { ok: true, profile: r.data };
  return {
    ok: false,
    problems: r.error.issues.map((i) => ({
      path: i.path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), '') || '(root)',
      message: i.message,
      ...(i.path[0] === 'nodes' && typeof i.path[1] === 'number' ? { where: `server ${i.path[1] + 1}` } : {}),
    })),
  };
}
