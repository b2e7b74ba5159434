/**
 * The upgrade's preflight (issue 14, item 1): everything that must hold before a plan is offered, asked of
 * the servers, the database and one health snapshot, and changing nothing. Every server is asked in
 * parallel and each answer (or failure, or silence) becomes its own item, so one bad server never hides the
 * others. `from` is the one version every server runs (null when they differ or one cannot be read).
 */
import type { UpgradePreflightItem } from '../../shared/contract';
import type { ClusterHealthSnapshot, NodeHealth } from '../../shared/health-snapshot';
import { nodeId, type ClusterProfile, type NodeProfile } from '../../shared/profile';
import { normalVersion, upgradePath } from '../../shared/upgrade-paths';
import type { UpgradeMode, UpgradePath } from '../../shared/upgrade-schema';
import { errorMessage } from '../../shared/error-text';
import { formatBytes, listNames } from '../checks/check';
import type { Redactor } from '../secrets';
import type { DatabaseUpgradeOps, NodeUpgrader } from './upgrade-ports';

export interface PreflightDeps {
  profile: ClusterProfile;
  to: string;
  mode: UpgradeMode;
  backupDir: string;
  upgraders: NodeUpgrader[];
  database: DatabaseUpgradeOps;
  readHealth: () => Promise<ClusterHealthSnapshot>;
  balancerDriven: boolean;
  /**
   * The run's secrets: every text a server, the database or the health check answers with (an error, a
   * detail) is masked with it before it becomes an item. The ports promise no secret; this holds if one slips.
   */
  redactor?: Redactor;
  /** How long one question to one server or the database may take (default 60 s): silence is a failure, not a hang. */
  timeoutMs?: number;
}

/**
 * The least free space a server needs for its config and extensions copies. The ports cannot tell their size
 * before copying (a config file is a few kilobytes; an extensions folder, tens of megabytes at most); the
 * copy itself fails cleanly when space runs out, and that failure undoes nothing because nothing has changed yet.
 */
export const MIN_NODE_BACKUP_BYTES = 64 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 60_000;

type Item = UpgradePreflightItem;
const item = (id: string, status: Item['status'], title: string, detail: string, node: string | null = null): Item =>
  ({ id, status, title, detail, nodeId: node });

/** Resolves with the answer, or rejects saying who did not answer within `ms`. */
async function answerWithin<T>(ms: number, who: string, ask: () => Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const silence = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${who} gave no answer within ${ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`}`)), ms);
  });
  try {
    return await Promise.race([ask(), silence]);
  } finally {
    clearTimeout(timer);
  }
}

/** A text that came from a port or the health check, masked with the run's secrets. */
const said = (d: PreflightDeps, text: string) => (d.redactor ? d.redactor.redact(text) : text);

const STATE_WORDS: Record<NodeHealth['state'], string> = {
  healthy: 'is healthy',
  unhealthy: 'answers, but its /health is not OK',
  'service-stopped': 'answers over SSH, but the product’s service is not running',
  'not-answering': 'gave no answer in time',
  unreachable: 'cannot be reached',
};

function healthItems(d: PreflightDeps, snap: ClusterHealthSnapshot): Item[] {
  return d.profile.nodes.map((n) => {
    const id = nodeId(n);
    const h = snap.nodes.find((x) => x.id === id);
    if (!h) return item(`healthy:${id}`, 'fail', `${id} is healthy`, `The health check did not report on ${id}: run it again before upgrading.`, id);
    if (h.state === 'healthy' && h.healthy) return item(`healthy:${id}`, 'pass', `${id} is healthy`, `${id} answers /health OK${h.version ? ` on ${h.version}` : ''}.`, id);
    const why = h.error ? ` (${said(d, h.error)})` : '';
    return item(`healthy:${id}`, 'fail', `${id} is healthy`, `${id} ${STATE_WORDS[h.state] ?? 'is not healthy'}${why}. Upgrade a healthy cluster only: bring ${id} back first.`, id);
  });
}

/** The version every server runs, or the item that says who runs what. */
function sameVersion(profile: ClusterProfile, snap: ClusterHealthSnapshot): { from: string | null; item: Item } {
  const title = 'Every server runs the same version';
  const seen = profile.nodes.map((n) => {
    const id = nodeId(n);
    const raw = snap.nodes.find((x) => x.id === id)?.version ?? null;
    return { id, version: raw === null ? null : normalVersion(raw) };
  });
  const unknown = seen.filter((s) => s.version === null).map((s) => s.id);
  if (unknown.length) {
    return { from: null, item: item('same-version', 'fail', title, `The version of ${listNames(unknown)} could not be read from /health, so the wizard cannot tell what it would upgrade from.`) };
  }
  const versions = [...new Set(seen.map((s) => s.version))];
  if (versions.length > 1) {
    const who = versions.map((v) => `${seen.filter((s) => s.version === v).map((s) => s.id).join(', ')} on ${v}`).join('; ');
    return { from: null, item: item('same-version', 'fail', title, `The servers run different versions (${who}). Every server of a cluster must run the same version: finish or undo the last upgrade first.`) };
  }
  const from = versions[0]!;
  return { from, item: item('same-version', 'pass', title, `Every server runs ${from}.`) };
}

function pathItems(d: PreflightDeps, from: string | null): { path: UpgradePath | null; items: Item[] } {
  const title = `${d.to} can be reached from the current version`;
  if (from === null) {
    return { path: null, items: [item('path', 'fail', title, 'Not judged: the servers do not report one version to upgrade from.')] };
  }
  const path = upgradePath(from, d.to);
  const items = [path.allowed ? item('path', 'pass', title, path.note) : item('path', 'fail', title, path.reason)];
  if (d.mode === 'rolling') {
    const t = 'A rolling upgrade is possible';
    if (d.profile.nodes.length < 2) {
      items.push(item('mode', 'fail', t, 'A rolling upgrade keeps the other servers serving while one is upgraded; this cluster has one server. Choose the coordinated upgrade.'));
    } else if (path.allowed && !path.rolling) {
      items.push(item('mode', 'fail', t, `${from} and ${d.to} cannot serve side by side (the database schema changes), so servers cannot be upgraded one at a time. Choose the coordinated upgrade: every server stopped and upgraded together.`));
    } else if (path.allowed) {
      items.push(item('mode', 'pass', t, `${from} and ${d.to} may serve side by side: the servers are upgraded one at a time while the others keep serving.`));
    }
  }
  return { path, items };
}

function balancerItem(d: PreflightDeps): Item {
  const title = 'The wizard can drive the load balancer';
  if (d.balancerDriven) return item('balancer', 'pass', title, 'Servers are taken out of the balancer’s rotation and put back by the wizard.');
  if (d.mode === 'rolling') {
    return item('balancer', 'fail', title, 'A rolling upgrade takes each server out of the balancer’s rotation before stopping it, so users never reach a server being upgraded; the wizard cannot do that without access to the balancer. Add the balancer’s access in the load balancer settings, or choose the coordinated upgrade.');
  }
  return item('balancer', 'warn', title, 'The wizard cannot drive the balancer: users get errors instead of a maintenance answer while the servers are stopped. Put the balancer in maintenance yourself when the upgrade starts, or add the balancer’s access in the load balancer settings.');
}

async function databaseItems(d: PreflightDeps, ms: number): Promise<Item[]> {
  const login = 'The database login may change the schema';
  const space = 'Room for the database backup';
  let r: Awaited<ReturnType<DatabaseUpgradeOps['preflight']>>;
  try {
    r = await answerWithin(ms, 'The database', () => d.database.preflight(d.backupDir));
  } catch (e) {
    const why = `The wizard could not ask the database: ${said(d, errorMessage(e))}`;
    return [item('database-login', 'fail', login, why), item('database-space', 'fail', space, why)];
  }
  const items = [r.canChangeSchema
    ? item('database-login', 'pass', login, `The login the servers use may change the schema. ${said(d, r.detail)}`.trim())
    : item('database-login', 'fail', login, `The login the servers use may not change the schema, and the upgraded service changes it when it starts. Give that login db_owner (SQL Server) or make it the database's owner (PostgreSQL). ${said(d, r.detail)}`.trim())];
  const where = said(d, d.database.describe(d.backupDir));
  if (r.freeBytes === null || r.databaseBytes === null) {
    items.push(item('database-space', 'warn', space, `The wizard could not tell ${r.freeBytes === null ? 'the free space where the backup goes' : 'the database’s size'}; make sure there is room: ${where}.`));
  } else if (r.freeBytes < r.databaseBytes) {
    items.push(item('database-space', 'fail', space, `The database is ${formatBytes(r.databaseBytes)} but only ${formatBytes(r.freeBytes)} is free where the backup goes (${where}). Free some space or name another backup folder.`));
  } else {
    items.push(item('database-space', 'pass', space, `${formatBytes(r.freeBytes)} free for a database of ${formatBytes(r.databaseBytes)} (${where}).`));
  }
  return items;
}

interface NodeAnswers { id: string; items: Item[]; installed: string | null }

async function nodeItems(d: PreflightDeps, n: NodeProfile, ms: number): Promise<NodeAnswers> {
  const id = nodeId(n);
  const up = d.upgraders.find((u) => u.nodeId === id);
  const spaceTitle = `Room on ${id} for its backups`;
  const installTitle = `${id} can install ${d.to}`;
  if (!up) {
    const why = `The wizard has no way to reach ${id}'s installation.`;
    return { id, installed: null, items: [item(`backup-space:${id}`, 'fail', spaceTitle, why, id), item(`installer:${id}`, 'fail', installTitle, why, id)] };
  }
  const space = answerWithin(ms, id, () => up.freeBytes(d.backupDir)).then(
    (free) => free < MIN_NODE_BACKUP_BYTES
      ? item(`backup-space:${id}`, 'fail', spaceTitle, `Only ${formatBytes(free)} is free in ${d.backupDir} on ${id}; its config file and extensions folder need at least ${formatBytes(MIN_NODE_BACKUP_BYTES)}. Free some space or name another backup folder.`, id)
      : item(`backup-space:${id}`, 'pass', spaceTitle, `${formatBytes(free)} free in ${d.backupDir}.`, id),
    (e: unknown) => item(`backup-space:${id}`, 'fail', spaceTitle, `The wizard could not tell the free space in ${d.backupDir} on ${id}: ${said(d, errorMessage(e))}`, id),
  );
  if (n.os === 'linux' && !n.installer) {
    const missing = item(`installer:${id}`, 'fail', installTitle, `The wizard does not know how the product is installed on ${id}. In ${id}'s server settings, say how it is installed: the Docker Compose file and the service in it that runs the product (the image tag there is the version).`, id);
    return { id, installed: null, items: [await space, missing] };
  }
  const install = answerWithin(ms, id, () => up.canInstall(d.to)).then(
    (r) => item(`installer:${id}`, r.ok ? 'pass' : 'fail', installTitle, said(d, r.detail) || `${up.describe()} ${r.ok ? 'can' : 'cannot'} install ${d.to}.`, id),
    (e: unknown) => item(`installer:${id}`, 'fail', installTitle, `The wizard could not check the installer on ${id}: ${said(d, errorMessage(e))}`, id),
  );
  // What the installer holds is what a rollback reinstalls: it must be the version the server answers with.
  const installed = answerWithin(ms, id, () => up.installedVersion()).then((v) => v, () => null);
  const [a, b, c] = await Promise.all([space, install, installed]);
  return { id, items: [a, b], installed: c };
}

/** The installer item fails when the installer records another version than the server answers with. */
function installedMatches(answers: NodeAnswers, snap: ClusterHealthSnapshot): Item[] {
  const answered = snap.nodes.find((h) => h.id === answers.id)?.version;
  const seen = answered ? normalVersion(answered) : null;
  const held = answers.installed === null ? null : normalVersion(answers.installed);
  if (!seen || !held || seen === held) return answers.items;
  return answers.items.map((i) => i.id !== `installer:${answers.id}` ? i : item(i.id, 'fail', i.title,
    `The installer on ${answers.id} records ${held} but the server answers as ${seen}: a failed upgrade would put back the wrong version. Reinstall ${seen} with the same installer, or correct the installer's record, first.`, answers.id));
}

async function readSnapshot(d: PreflightDeps, ms: number): Promise<ClusterHealthSnapshot | Error> {
  try {
    return await answerWithin(ms, 'The health check', d.readHealth);
  } catch (e) {
    return new Error(said(d, errorMessage(e)));
  }
}

export async function runUpgradePreflight(d: PreflightDeps): Promise<{ items: UpgradePreflightItem[]; from: string | null; path: UpgradePath | null }> {
  const ms = d.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const [snap, dbItems, perNode] = await Promise.all([
    readSnapshot(d, ms),
    databaseItems(d, ms),
    Promise.all(d.profile.nodes.map((n) => nodeItems(d, n, ms))),
  ]);
  const items: Item[] = [];
  let from: string | null = null;
  if (snap instanceof Error) {
    items.push(item('health', 'fail', 'Every server is healthy', `The wizard could not read the cluster's health: ${snap.message}`));
    items.push(item('same-version', 'fail', 'Every server runs the same version', 'Not judged: the cluster’s health could not be read.'));
  } else {
    items.push(...healthItems(d, snap));
    const v = sameVersion(d.profile, snap);
    from = v.from;
    items.push(v.item);
  }
  const p = pathItems(d, from);
  items.push(...p.items);
  items.push(balancerItem(d), ...dbItems);
  for (const answers of perNode) items.push(...(snap instanceof Error ? answers.items : installedMatches(answers, snap)));
  return { items, from, path: p.path };
}
