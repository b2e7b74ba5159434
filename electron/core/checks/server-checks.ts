/** Servers: reachable, host key, login, product, version, and what the nodes must agree on. */
import { FIRST_SUPPORTED_MAJOR, LICENSED_NODE_LIMIT } from '../../shared/products';
import { AuthError, ConnectError, ConnectTimeoutError, HostKeyError } from '../remote/remote-errors';
import { readSshBanner } from '../nodes/ssh-banner';
import { catalog } from '../../shared/check-catalog';
import { fail, listNames, pass, warn, type Check } from './check';
import { restrictedLanguageMode } from './language-mode';
import type { ClusterContext } from '../run/cluster-context';
import { errorMessage } from '../../shared/error-text';
import { ref, remedy as words, rerun } from '../../shared/remedy';
import { sshUnreachableRemedy } from './openssh-remedy';
import { configFileFormat, configFileWords } from '../config/config-file-words';

const CLOCK_TOLERANCE_MS = 60_000;


/** The node's connect attempt, classified once: everything on the node waits on this one promise. */
export async function connect(ctx: ClusterContext, id: string): Promise<{ ok: true } | { ok: false; error: unknown }> {
  return ctx.memo(`connect:${id}`, () => ctx.pool.get(id).then(() => ({ ok: true as const }), (error: unknown) => ({ ok: false as const, error })));
}

export const serverChecks: Check[] = [
  {
    ...catalog('server.reachable'), title: 'Server answers on SSH',
    async run(ctx, id) {
      const n = ctx.node(id!);
      const r = await connect(ctx, id!);
      const where = `${n.profile.host}:${n.profile.port}`;
      if (r.ok || r.error instanceof HostKeyError || (r.error instanceof AuthError && r.error.reason === 'rejected')) return pass(`SSH answers at ${where}`);
      if (r.error instanceof AuthError) {
        // The login failed here, before the server was asked (no agent, unreadable key): ask the port directly.
        const b = await readSshBanner(n.profile.host, n.profile.port, ctx.settings.connectTimeoutMs);
        if (b.ok) return pass(`SSH answers at ${where} (${b.banner})`);
        return fail(`cannot reach SSH at ${where}: ${b.message}`, sshUnreachableRemedy(n.profile.os));
      }
      // The server's Windows version is only known after a login: before it, both remedies are said.
      const remedy = sshUnreachableRemedy(n.profile.os);
      if (r.error instanceof ConnectTimeoutError) return fail(`no answer from ${where} within ${(ctx.settings.connectTimeoutMs / 1000).toFixed(0)} s`, remedy);
      if (r.error instanceof ConnectError && r.error.code === 'NO_COMMON_ALGORITHM') {
        return fail(`cannot connect to ${where}: ${r.error.detail}`, words`Update the server's OpenSSH (7.2 and later sign RSA keys with SHA-2) or give it an ed25519 host key. Only if neither is possible, ${ref('node.allow-sha1')}; every check run then warns about it.`);
      }
      // The error's own message already says "Cannot connect to host:port": the finding gives its detail once.
      if (r.error instanceof ConnectError) return fail(`cannot connect to ${where}: ${r.error.detail}`, remedy);
      return fail(`cannot connect to ${where}: ${errorMessage(r.error)}`, remedy);
    },
  },
  {
    ...catalog('server.host-key'), title: 'Host key is trusted', needs: ['server.reachable'],
    async run(ctx, id) {
      const r = await connect(ctx, id!);
      const n = ctx.node(id!);
      if (r.ok) {
        const session = await ctx.pool.get(id!);
        if (n.profile.allowSha1) {
          const used = session.sha1InUse;
          return warn(
            `${session.hostKey.fingerprint} (${session.hostKey.keyType}), trusted from the ${session.hostKey.source}; the profile allows SHA-1 for this server, ${used.length ? `and the connection uses ${used.join(', ')}` : 'though this connection does not use it'}`,
            'SHA-1 signatures and MACs can be forged with enough computing power. Update the server\'s OpenSSH or give it an ed25519 host key, then remove "allowSha1" from this node in the profile.',
            { fingerprint: session.hostKey.fingerprint, verdict: 'trusted', sha1: used },
          );
        }
        return pass(`${session.hostKey.fingerprint} (${session.hostKey.keyType}), trusted from the ${session.hostKey.source}`, { fingerprint: session.hostKey.fingerprint, verdict: 'trusted' });
      }
      if (!(r.error instanceof HostKeyError)) return pass('the host key was not in question (the login step failed instead)');
      const e = r.error;
      if (e.kind === 'unknown') {
        return fail(
          `this computer has not seen ${n.profile.host}'s host key before: ${e.presented}`,
          `Compare it with the server's own fingerprint (on the server: ssh-keygen -lf on its host key), then accept it (ha-wizard: --accept-host-key ${n.profile.host}=${e.presented}).`,
          { fingerprint: e.presented, verdict: 'unknown', host: n.profile.host, port: n.profile.port },
        );
      }
      return fail(
        `the host key CHANGED: expected ${e.expected ?? '(unknown)'}, the server presented ${e.presented}`,
        'Someone may be intercepting the connection, or the server was reinstalled. Find out which before going on; only if it was reinstalled, update the pinned fingerprint or accept the new key explicitly.',
        { fingerprint: e.presented, ...(e.expected !== undefined ? { expected: e.expected } : {}), verdict: 'changed', host: n.profile.host, port: n.profile.port },
      );
    },
  },
  {
    ...catalog('server.login'), title: 'Logged in', needs: ['server.host-key'],
    async run(ctx, id) {
      const n = ctx.node(id!);
      const r = await connect(ctx, id!);
      const restricted = r.ok ? await restrictedLanguageMode(ctx, id!) : null;
      if (restricted) return fail(`logged in as ${n.profile.user}, but ${restricted.message}`, restricted.remedy, { languageMode: restricted.languageMode });
      if (r.ok) return pass(`logged in as ${n.profile.user} (${n.profile.auth.kind})`);
      const reason = r.error instanceof AuthError ? r.error.message : errorMessage(r.error);
      const remedy = n.profile.auth.kind === 'key' && n.profile.os === 'windows'
        ? 'Check the user and key. On Windows, administrators\' keys belong in C:\\ProgramData\\ssh\\administrators_authorized_keys (readable only by Administrators and SYSTEM).'
        : 'Check the user name and the password or key given for this server.';
      return fail(`${n.profile.user} could not log in: ${reason}`, remedy);
    },
  },
  {
    ...catalog('server.product-installed'), title: 'Product is installed', needs: ['server.login'],
    async run(ctx, id) {
      const n = ctx.node(id!);
      const facts = await ctx.facts(id!);
      const product = ctx.product.name;
      if (n.profile.os === 'windows') {
        if (facts.serviceState === 'missing') return fail(`no ${product} service (${ctx.product.service} or ${ctx.product.legacyWebService}) on ${facts.hostname}`, `Install ${product} on this server first, the same version as on the others.`);
        if (!facts.configExists) return fail(`${product} is installed but ${configFileWords(n.configPath, product)} is missing`, words`Repair the ${product} installation, or give the file's path in ${ref('node.windows-config-path')}.`);
      } else {
        if (!facts.configExists) {
          return fail(`${configFileWords(n.configPath, product)} does not exist on ${facts.hostname}`, configFileFormat(n.configPath) === 'env'
            ? words`Give the path of the environment file the ${product} container reads (docker --env-file) in ${ref('node.config-path')}, or create the file.`
            : words`Give the path of ${product}'s configuration file in ${ref('node.config-path')}, or create the file.`);
        }
        if (!n.serviceCommand) return fail('no service command is set for this Linux server', words`Fill in ${ref('node.service-command')}: a program that takes start|stop|restart|status for the product.`);
        if (facts.serviceState === 'missing') return fail(`the service command ${n.serviceCommand} does not exist on ${facts.hostname}`, words`Correct ${ref('node.service-command')}.`);
      }
      return pass(`${product} on ${facts.hostname} (${facts.osName}), service ${facts.serviceState}`, { hostname: facts.hostname, os: facts.osName, serviceState: facts.serviceState });
    },
  },
  {
    ...catalog('server.service-running'), title: 'Product service is running', needs: ['server.product-installed'],
    async run(ctx, id) {
      const facts = await ctx.facts(id!);
      const health = await ctx.health(id!);
      if (facts.serviceState === 'running' && health.reachable) return pass(`running; /health answers ${health.httpStatus ?? ''}`.trim());
      if (facts.serviceState === 'running') return warn(`the service runs, but ${ctx.node(id!).webUrl}/health does not answer: ${health.message ?? 'no answer'}`, 'Check the product\'s log and that its web port is open to this computer.');
      return warn(`the service is ${facts.serviceState}`, `Start the ${ctx.product.name} service so its version and health can be read; the wizard restarts it anyway when it applies the configuration.`);
    },
  },
  {
    ...catalog('server.version'), title: 'Product version is supported', needs: ['server.product-installed'],
    async run(ctx, id) {
      const v = await ctx.version(id!);
      if (!v) return warn('the version could not be read (the service does not answer /health)', words`Start the ${ctx.product.name} service, then ${rerun}.`);
      if (v.major < FIRST_SUPPORTED_MAJOR) {
        return fail(`${ctx.product.name} ${v.text} is older than ${FIRST_SUPPORTED_MAJOR}`, `Upgrade every server to ${ctx.product.name} ${FIRST_SUPPORTED_MAJOR} or later, or follow Inedo's high-availability guide for older versions (separate web and service installs).`, { version: v.text });
      }
      return pass(`${ctx.product.name} ${v.text}`, { version: v.text });
    },
  },
  {
    ...catalog('servers.same-version'), title: 'Same version on every server', needs: ['server.version'],
    async run(ctx) {
      const versions = await Promise.all(ctx.nodes.map(async (n) => ({ id: n.id, v: await ctx.version(n.id).catch(() => null) })));
      const known = versions.filter((x) => x.v);
      const counts = new Map<string, string[]>();
      for (const x of known) counts.set(x.v!.text, [...(counts.get(x.v!.text) ?? []), x.id]);
      const unknown = versions.filter((x) => !x.v).map((x) => x.id);
      if (counts.size <= 1) {
        const [only] = counts.keys();
        return unknown.length
          ? warn(`${listNames(known.map((x) => x.id))} run ${only}; the version of ${listNames(unknown)} is unknown`, words`Start the service on those servers, then ${rerun}.`)
          : pass(`all ${known.length} servers run ${only}`);
      }
      const [majority] = [...counts.entries()].sort((a, b) => b[1].length - a[1].length);
      const odd = [...counts.entries()].filter(([v]) => v !== majority![0]).map(([v, ids]) => `${listNames(ids)} (${v})`);
      return fail(`most servers run ${majority![0]}, but ${odd.join('; ')} differ`, `Install ${majority![0]} on the odd servers (all nodes must run the same version: starting a newer one upgrades the shared database).`, { versions: Object.fromEntries(counts) });
    },
  },
  {
    ...catalog('servers.node-count'), title: 'Number of servers',
    async run(ctx) {
      const n = ctx.nodes.length;
      if (n < 2) return warn('one server is not a cluster: there is nothing to fail over to', 'Add at least one more server.');
      if (n > LICENSED_NODE_LIMIT) return warn(`${n} servers; ${ctx.product.name} Enterprise allows ${LICENSED_NODE_LIMIT} per instance by default`, 'Ask Inedo for a licence that allows more servers before adding them.');
      return pass(`${n} servers (a ${ctx.product.name} Enterprise licence allows up to ${LICENSED_NODE_LIMIT} by default)`);
    },
  },
  {
    ...catalog('servers.hostnames-distinct'), title: 'Host names are distinct', needs: ['server.login'],
    async run(ctx) {
      const names = new Map<string, string[]>();
      for (const n of ctx.nodes) {
        const facts = await ctx.facts(n.id).catch(() => null);
        if (facts) names.set(facts.hostname.toLowerCase(), [...(names.get(facts.hostname.toLowerCase()) ?? []), n.id]);
      }
      const dupes = [...names.entries()].filter(([, ids]) => ids.length > 1);
      if (dupes.length) return fail(dupes.map(([h, ids]) => `${listNames(ids)} all call themselves ${h}`).join('; '), 'Every server needs its own host name: the cluster tells nodes apart by it. Rename the duplicates (or remove a server listed twice).');
      return pass(`${[...names.keys()].join(', ')}`);
    },
  },
  {
    ...catalog('servers.clock'), title: 'Clocks agree', needs: ['server.login'],
    async run(ctx) {
      const offsets: { id: string; ms: number }[] = [];
      for (const n of ctx.nodes) {
        const f = await ctx.facts(n.id).catch(() => null);
        if (f?.remoteEpochMs != null) offsets.push({ id: n.id, ms: f.remoteEpochMs - f.localEpochMs });
      }
      const off = offsets.filter((o) => Math.abs(o.ms) > CLOCK_TOLERANCE_MS);
      const spread = offsets.length ? Math.max(...offsets.map((o) => o.ms)) - Math.min(...offsets.map((o) => o.ms)) : 0;
      const seconds = (ms: number) => `${ms >= 0 ? '+' : ''}${Math.round(ms / 1000)} s`;
      if (off.length || spread > CLOCK_TOLERANCE_MS) {
        return fail(`clocks differ by more than 60 s: ${offsets.map((o) => `${o.id} ${seconds(o.ms)}`).join(', ')} (against this computer)`, 'Synchronise the servers\' clocks (Windows Time / NTP) with the same time source.', { offsetsMs: Object.fromEntries(offsets.map((o) => [o.id, o.ms])) });
      }
      return pass(`within ${Math.max(1, Math.round(spread / 1000))} s of each other`, { offsetsMs: Object.fromEntries(offsets.map((o) => [o.id, o.ms])) });
    },
  },
];
