/**
 * Issue 14, robustness item 2: an installer, upgradedb or backup tool may echo what it was given (the
 * connection string, the database password, an API key). Whatever it prints, and wherever in its output,
 * none of the run's secrets (nor a piece of one) reaches an event, the report's JSON or HTML, or the history
 * line. Seeded: a failing case replays from its seed and index.
 */
import { describe, expect, it } from 'vitest';
import type { UpgradeEvent } from '../../shared/upgrade-schema';
import { renderUpgradeHtml } from '../../shared/report/upgrade-html';
import { withPassword } from '../../shared/connection-string/connection-strings';
import { secretEncodings } from '../../shared/secret-encodings';
import { randomPassword, HOSTILE_PASSWORDS } from '../../shared/testing/hostile-passwords';
import { seededRandom } from '../../shared/testing/seeded-random';
import { Redactor } from '../secrets';
import { FakeUpgradeCluster, MAJOR_PATH, testPlan } from './testing/fake-upgrade';
import { UpgradeStepError, type NodeUpgrader } from './upgrade-ports';
import { runUpgrade } from './upgrade-run';
import { upgradeHistoryText } from './upgrade-summary';
import { outputTail } from './upgrade-shared';

const IDS = ['node1', 'node2', 'node3'];
const WORDS = ['installing', 'package', 'ProGet', 'step', 'done', 'warning:', 'copying', 'files', 'to', 'C:\\Program Files\\ProGet', 'connection', 'using', 'error'];
/** A piece this long of a secret, found anywhere in what leaves the run, counts as a leak. */
const PIECE = 6;

type Pick = <T>(xs: readonly T[]) => T;

/**
 * How a tool may print a secret: as given, quoted, escaped, URL-encoded, inside a connection string or URL.
 * `core`: the secret's own characters in that form (what must not leak); `printed`: with what surrounds it.
 */
function printedForm(secret: string, pick: Pick): { core: string; printed: string } {
  const encoded = [...secretEncodings(secret), encodeURIComponent(secret), encodeURIComponent(secret).replace(/%20/g, '+')];
  const cs = withPassword('Host=db.example;Database=proget;Username=proget', secret);
  const inCs = encoded.filter((f) => cs.includes(f)).sort((a, b) => b.length - a.length)[0]!;
  return pick([
    ...encoded.map((f) => ({ core: f, printed: f })),
    { core: inCs, printed: cs },
    { core: encodeURIComponent(secret), printed: `postgres://proget:${encodeURIComponent(secret)}@db.example/proget` },
  ]);
}

/** Lines of ordinary installer chatter with `secret` printed at a random place: first, last, at a cut, mid-line. */
function outputWith(next: () => number, pick: Pick, printed: string): string {
  const line = () => Array.from({ length: Math.floor(next() * 14) }, () => pick(WORDS)).join(' ');
  const before = Array.from({ length: Math.floor(next() * 40) }, line);
  const after = Array.from({ length: pick([0, 0, 1, 2, 5, 30]) }, line);
  const where = next();
  const mid = where < 0.3 ? printed : where < 0.6 ? `${line()} ${printed}` : where < 0.8 ? `${line()} '${printed}' ${line()}` : `${printed} ${line()}`;
  // Sometimes one long line around it, so a cut at a fixed length lands inside the secret.
  const pad = next() < 0.4 ? 'x'.repeat(Math.floor(next() * 2200)) : '';
  return [...before, `${pad}${mid}`, ...after].join(next() < 0.3 ? '\r\n' : '\n');
}

/** Every piece of `text` PIECE long (or the whole of a shorter one). */
function pieces(text: string): string[] {
  if (text.length <= PIECE) return [text];
  return Array.from({ length: text.length - PIECE + 1 }, (_, i) => text.slice(i, i + PIECE));
}

/** Every string in a JSON-like value, keys too. */
function stringsIn(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(stringsIn);
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => [k, ...stringsIn(x)]);
  return [];
}

type Where = 'install' | 'upgradeSchema' | 'reinstall' | 'stop' | 'db-backup';

async function runWith(where: Where, output: string, redactor: Redactor) {
  const cluster = new FakeUpgradeCluster(IDS, '2025.14');
  const ups = cluster.upgraders();
  const n2: NodeUpgrader = ups.get('node2')!;
  const database = cluster.database();
  if (where === 'install' || where === 'reinstall') {
    ups.set('node2', { ...n2, install: async (v) => (where === 'install' || v === '2025.14' ? { exitCode: 1603, output } : n2.install(v)) });
    if (where === 'reinstall') cluster.faults.push({ on: 'never-healthy', node: 'node3', version: '2026.1' });
  }
  if (where === 'upgradeSchema') ups.set('node1', { ...ups.get('node1')!, upgradeSchema: async () => ({ exitCode: 2, output }) });
  if (where === 'stop') ups.set('node2', { ...n2, stop: async () => { throw new UpgradeStepError(`node2: the service did not stop: ${output}`, output); } });
  if (where === 'db-backup') database.backup = async () => { throw new UpgradeStepError(`pg_dump failed: ${output.split('\n').slice(-3).join(' ')}`, output, 1); };
  const events: UpgradeEvent[] = [];
  const report = await runUpgrade(testPlan(IDS, '2025.14', '2026.1', 'coordinated', MAJOR_PATH), {
    profile: cluster.profile(), upgraders: ups, database, balancer: null, health: cluster.health(),
    backupDir: '/backups', emit: (e) => void events.push(e), healthTimeoutMs: 50, redact: (t) => redactor.redact(t),
  });
  return { events, report };
}

describe('installer output never carries a secret out of the run', () => {
  it('in hundreds of seeded forms and places, in every failing step: not in events, report JSON, HTML or history', async () => {
    const next = seededRandom(14_2);
    const pick: Pick = (xs) => xs[Math.floor(next() * xs.length)]!;
    const wheres: Where[] = ['install', 'upgradeSchema', 'reinstall', 'stop', 'db-backup'];
    for (let i = 0; i < 300; i++) {
      const password = i < HOSTILE_PASSWORDS.length && HOSTILE_PASSWORDS[i]!.length >= 4 ? HOSTILE_PASSWORDS[i]! : randomPassword(next, 8, 24);
      // An API key is a secret like any other: the redactor knows it from the resolver.
      const apiKey = Array.from({ length: 20 + Math.floor(next() * 20) }, () => pick([...'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789'])).join('');
      const redactor = new Redactor();
      redactor.add(password);
      redactor.add(apiKey);
      const secret = pick([password, password, apiKey]);
      const { core, printed } = printedForm(secret, pick);
      const output = outputWith(next, pick, printed);
      const where = wheres[i % wheres.length]!;
      const { events, report } = await runWith(where, output, redactor);
      expect(report.status, `case ${i}`).not.toBe('upgraded');
      // Every text as the admin reads it (each string, not its JSON quoting): no piece of the secret or of its printed form.
      const texts = [...stringsIn(events), ...stringsIn(report), upgradeHistoryText(report)].join('\n');
      for (const p of new Set([...pieces(secret), ...pieces(core)])) {
        if (p.trim().length < 4) continue;
        expect(texts.includes(p), `case ${i} (${where}): ${JSON.stringify(p)} of ${JSON.stringify(printed)} leaked in ${texts.slice(Math.max(0, texts.indexOf(p) - 80), texts.indexOf(p) + 80)}`).toBe(false);
      }
      // The page and the files: no form of the secret whole (the HTML escapes, JSON quotes).
      const files = [JSON.stringify(events), JSON.stringify(report), renderUpgradeHtml(report, { toolVersion: 't' })].join('\n');
      for (const form of [...secretEncodings(secret), encodeURIComponent(secret)]) expect(files.includes(form), `case ${i} (${where}): ${JSON.stringify(form)}`).toBe(false);
    }
  }, 120_000);
});

describe("an upgrader's output tail (upgrade-shared.ts) is masked before it is cut", () => {
  it('a secret anywhere around the cut leaves no piece of itself in the tail', () => {
    const next = seededRandom(14_3);
    for (let i = 0; i < 400; i++) {
      const secret = randomPassword(next, 8, 24);
      const redactor = new Redactor();
      redactor.add(secret);
      // The secret placed so the 2000-character cut lands before, inside or after it.
      const text = `${'y'.repeat(Math.floor(next() * 60))}\n${'z'.repeat(Math.floor(next() * 40))}${secret}${'w'.repeat(1980 + Math.floor(next() * 40))}`;
      const tail = outputTail(text, 2000, (t) => redactor.redact(t));
      for (const p of pieces(secret)) {
        if (p.trim().length < 4) continue;
        expect(tail.includes(p), `case ${i}: ${JSON.stringify(p)} of ${JSON.stringify(secret)}`).toBe(false);
      }
    }
  });
});
