/**
 * The network's floor for a check run, in its own process like check-child: every node's SSH handshake
 * and one command on it, all in parallel, and at the same time one database login with one query.
 * The same code path as the check run (the engine's session pool: bundled ssh2, Nagle off, whole
 * packets per write; pg for the database). `node floor-child.cjs <profile.json> <connectTimeoutMs> <knownHosts>`.
 */
import fs from 'node:fs';
import pg from 'pg';
import { ClusterContext } from '../electron/core/run/cluster-context';
import { parseConnectionString } from '../electron/shared/connection-string/connection-strings';
import { parseProfile } from '../electron/shared/profile';
import { SecretResolver, envFileSecretSource } from '../electron/core/secrets';

async function main() {
  const [profileFile, timeout, knownHostsPath] = process.argv.slice(2);
  const parsed = parseProfile(JSON.parse(fs.readFileSync(profileFile!, 'utf8')));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const profile = parsed.profile;
  const cs = parseConnectionString(profile.database.kind, profile.database.connectionString);
  if (!cs.ok || cs.endpoint.kind !== 'postgres') throw new Error('the floor is measured against PostgreSQL');
  const secrets = new SecretResolver(envFileSecretSource());
  const ctx = new ClusterContext(profile, { connectTimeoutMs: Number(timeout), checkTimeoutMs: 30_000, knownHostsPath: knownHostsPath! }, secrets);
  const started = performance.now();
  const since = () => performance.now() - started;
  try {
    const ssh = Promise.all(ctx.nodes.map(async (n) => {
      const r = await (await ctx.pool.get(n.id)).exec('true');
      if (r.code !== 0) throw new Error(`${n.id}: exit ${r.code}`);
    })).then(since);
    const db = (async () => {
      const e = cs.endpoint;
      const password = profile.database.password ? await secrets.resolve(profile.database.password, 'database password') : '';
      const client = new pg.Client({ host: e.host, port: e.port, database: e.database, user: e.user, password, connectionTimeoutMillis: Number(timeout) });
      await client.connect();
      await client.query('SELECT 1');
      client.end().catch(() => undefined);
      return since();
    })();
    const [sshMs, dbMs] = await Promise.all([ssh, db]);
    process.stdout.write(JSON.stringify({ floorMs: since(), sshMs, dbMs }));
  } finally {
    await ctx.close();
  }
}
main().catch((e: unknown) => {
  process.stderr.write(String(e instanceof Error ? e.stack : e));
  process.exit(1);
});
