/**
 * Runs bench/admin-check.sh, the admin's own sequential script, against the lab as its profile
 * describes it: plain (an ssh connection per probe) or with OpenSSH ControlMaster. Returns its wall time.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseConnectionString } from '../electron/shared/connection-string/connection-strings';
import { PRODUCTS, SERVICE_MESSENGER_PORT } from '../electron/shared/products';
import { parseProfile } from '../electron/shared/profile';

const exec = promisify(execFile);
const SCRIPT = path.join(__dirname, 'admin-check.sh');

export async function runAdminScript(mode: 'plain' | 'master', profileFile: string): Promise<number> {
  const parsed = parseProfile(JSON.parse(fs.readFileSync(profileFile, 'utf8')));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const p = parsed.profile;
  const cs = parseConnectionString(p.database.kind, p.database.connectionString);
  const pw = p.database.password;
  const auth = p.nodes[0]!.auth;
  if (!cs.ok || cs.endpoint.kind !== 'postgres' || !pw || !('file' in pw) || auth.kind !== 'key' || !p.loadBalancer?.url) {
    throw new Error('the admin script runs against the lab: PostgreSQL, a password file, key logins, a load balancer URL');
  }
  const e = cs.endpoint;
  const env = {
    ...process.env, MODE: mode, KEY: auth.keyPath, KNOWN_HOSTS: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'admin-kh-')), 'known_hosts'),
    CONFIG: p.nodes[0]!.configPath ?? PRODUCTS[p.product].windowsConfigPath, STORAGE: p.storage.path, DB_HOST: e.host, DB_PORT: String(e.port),
    WEB_PORT: String(PRODUCTS[p.product].defaultPort), MESSENGER_PORT: String(SERVICE_MESSENGER_PORT), LB_URL: p.loadBalancer.url,
    PG_CONNINFO: `host=${e.host} port=${e.port} dbname=${e.database} user=${e.user ?? ''} connect_timeout=5`,
    PGPASSWORD: fs.readFileSync(pw.file, 'utf8').replace(/\r?\n$/, ''),
  };
  const started = performance.now();
  await exec('bash', [SCRIPT, ...p.nodes.map((n) => `${n.user}@${n.host}`)], { env, timeout: 300_000 });
  return performance.now() - started;
}
