/** Runs the TDS test server (SQL Server stand-in, e2e/lab/tds) in the db namespace, with a lab-made TLS certificate. */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HOSTS, LAB_ROOT, PORTS, REPO_ROOT } from './lab-config';
import { inNetns, isAlive, run, spawnDetached, waitFor } from './run';
import type { TdsModel } from './tds/model';

const TDS_DIR = path.join(LAB_ROOT, 'tds');
const CONFIG = path.join(TDS_DIR, 'config.json');
const LOG = path.join(TDS_DIR, 'tds.log');

export async function startTdsServer(model: TdsModel): Promise<number> {
  fs.mkdirSync(TDS_DIR, { recursive: true, mode: 0o700 });
  const key = path.join(TDS_DIR, 'tls.key');
  const cert = path.join(TDS_DIR, 'tls.crt');
  await run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '30',
    '-subj', `/CN=${HOSTS.db.hostname}`, '-addext', `subjectAltName=IP:${HOSTS.db.address},DNS:${HOSTS.db.hostname}`]);
  writeTdsConfig(model);
  // One process (node with tsx's loader), so the pid we keep is the one that gets SIGHUP.
  const pid = spawnDetached(inNetns(HOSTS.db.ns, [process.execPath, '--import', tsxLoader(),
    path.join(REPO_ROOT, 'e2e', 'lab', 'tds', 'main.ts'), '--config', CONFIG]), LOG);
  await waitFor('the TDS test server', () => {
    if (!isAlive(pid)) throw new Error(fs.readFileSync(LOG, 'utf8').slice(-500));
    return fs.readFileSync(LOG, 'utf8').includes('listening on') ? true : undefined;
  }, 30_000);
  return pid;
}

export function tsxLoader(): string {
  return pathToFileURL(path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
}

function writeTdsConfig(model: TdsModel): void {
  const config = {
    host: HOSTS.db.address,
    port: PORTS.sqlserver,
    tlsKeyFile: path.join(TDS_DIR, 'tls.key'),
    tlsCertFile: path.join(TDS_DIR, 'tls.crt'),
    model,
  };
  const tmp = `${CONFIG}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(config, null, 2), { mode: 0o600 });
  fs.renameSync(tmp, CONFIG);
}

export function readTdsModel(): TdsModel {
  return (JSON.parse(fs.readFileSync(CONFIG, 'utf8')) as { model: TdsModel }).model;
}

/** Changes the model of the running server (it re-reads its config on SIGHUP). */
export async function updateTdsModel(pid: number, change: (m: TdsModel) => TdsModel): Promise<void> {
  writeTdsConfig(change(readTdsModel()));
  process.kill(pid, 'SIGHUP');
  await new Promise((r) => setTimeout(r, 200));
}

export function sqlServerConnectionString(o: { database: string; user: string; password: string }): string {
  return `Server=${HOSTS.db.address},${PORTS.sqlserver};Database=${o.database};User ID=${o.user};Password=${o.password};Encrypt=true;TrustServerCertificate=true`;
}
