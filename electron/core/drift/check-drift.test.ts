import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDrift, type ClusterReading } from './check-drift';
import { DriftStore } from './drift-file';
import { envSettings, webServerSettings } from './read-node';
import { driftExitCode, formatDrift } from '../../cli/drift-command';
import { SecretResolver, envFileSecretSource } from '../secrets';
import { parseProfile, type ClusterProfile } from '../../shared/profile';
import type { NodeValues } from './desired-state';
import { seededRandom as rng } from '../../shared/testing/seeded-random';

const profile = (() => {
  const r = parseProfile({
    version: 1, product: 'proget', storage: { path: '/srv/s' },
    database: { kind: 'postgres', connectionString: 'Host=db;Port=5432;Database=proget;Username=proget' },
    nodes: ['n1', 'n2', 'n3'].map((id) => ({ id, host: `${id}.lan`, port: 22, user: 'u', os: 'linux', auth: { kind: 'agent' }, configPath: '/etc/proget.env' })),
    loadBalancer: { type: 'haproxy' },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.profile;
})() as ClusterProfile;
const v = (o: Partial<NodeValues> = {}): NodeValues => ({ database: 'server db:5432, database proget, user proget', keyFingerprint: 'key:aaa', version: '2025.14', extensions: ['Azure'], webServer: null, env: { TZ: 'UTC' }, ...o });

function harness() {
  const store = new DriftStore(fs.mkdtempSync(path.join(os.tmpdir(), 'drift-')));
  let reading: ClusterReading = { found: { n1: v(), n2: v(), n3: v() }, unreadable: [], notes: [] };
  let clock = Date.parse('2026-11-30T10:00:00Z');
  const changes: [string[], string[]][] = [];
  const run = () => checkDrift({
    profile, store, secrets: new SecretResolver(envFileSecretSource({ env: {} })), settings: { connectTimeoutMs: 1, checkTimeoutMs: 1, knownHostsPath: '' },
    members: async () => ({ members: null, note: 'not compared' }), read: async () => reading, now: () => new Date((clock += 60_000)),
    onChange: (now, before) => void changes.push([now.map((d) => d.node!), before.map((d) => d.node!)]),
  });
  return { run, set: (r: Partial<ClusterReading>) => (reading = { ...reading, ...r }), changes };
}

describe('the drift check over time', () => {
  it('keeps when a difference was first seen, forgets it when it goes away, and tells onChange each time the set changes', async () => {
    const h = harness();
    const clean = await h.run();
    expect([clean.basis, clean.differences, driftExitCode(clean)]).toEqual(['profile', [], 0]);
    expect(formatDrift(clean)).toMatch(/^No drift \(no applied state: compared with the profile\)/);
    h.set({ found: { n1: v(), n2: v({ keyFingerprint: 'key:bbb' }), n3: v() } });
    const first = await h.run();
    const second = await h.run();
    expect(first.differences.map((d) => [d.node, d.kind])).toEqual([['n2', 'encryption-key']]);
    expect(second.differences[0]!.since).toBe(first.differences[0]!.since);
    expect([driftExitCode(second), second.noDriftSince]).toEqual([1, null]);
    expect(formatDrift(second)).toContain('n2: encryption key (fingerprint)\n    expected: key:aaa\n    found:    key:bbb');
    h.set({ found: { n1: v(), n2: v(), n3: v() } });
    const gone = await h.run();
    expect(gone.differences).toEqual([]);
    expect(gone.noDriftSince).toBe(gone.checkedAt);
    h.set({ found: { n1: v(), n2: v({ keyFingerprint: 'key:bbb' }), n3: v() } });
    const back = await h.run();
    // Seen again after it went away: a new `since`, not the old one.
    expect(back.differences[0]!.since).toBe(back.checkedAt);
    expect(h.changes).toEqual([[['n2'], []], [[], ['n2']], [['n2'], []]]);
  });

  it('a server that cannot be read is said, not drift (exit 2), and a blocked messenger stays a note', async () => {
    const h = harness();
    h.set({ found: { n1: v(), n2: null, n3: v() }, unreadable: [{ node: 'n2', reason: 'connection refused' }], notes: ['n3: warning: Cannot connect to service messenger.'] });
    const r = await h.run();
    expect([r.differences, driftExitCode(r)]).toEqual([[], 2]);
    expect(formatDrift(r)).toContain('n2 was not checked: connection refused');
  });
});


describe('what a reading keeps of a server\'s files', () => {
  it('never keeps a secret variable of an env file, whatever its value (seeded)', () => {
    const next = rng(1130);
    const chars = 'abcXYZ019=;"\' #$%&/\\';
    for (let i = 0; i < 400; i++) {
      const secret = `S3cr3t-${Array.from({ length: 4 + Math.floor(next() * 20) }, () => chars[Math.floor(next() * chars.length)]).join('').replace(/[\r\n]/g, '')}`;
      const text = [
        `PROGET_POSTGRES_CONNECTION_STRING=Host=db;Password=${secret}`, `PROGET_ENCRYPTION_KEY=${secret}`, `PROGET_SQL_CONNECTION_STRING=${secret}`,
        `MY_PASSWORD=${secret}`, `SOME_API_KEY=${secret}`, `TZ=UTC`, `ASPNETCORE_URLS=http://+:80`,
      ].sort(() => next() - 0.5).join('\n');
      const kept = envSettings(text, 'proget');
      expect(kept).toEqual({ TZ: 'UTC' });
      expect(JSON.stringify(kept)).not.toContain('S3cr3t');
    }
  });

  it('reads the WebServer element\'s URLs and request logging, not its certificate password', () => {
    const xml = '<?xml version="1.0"?><InedoAppConfig><ConnectionString>x</ConnectionString><WebServer Enabled="true" Urls="http://*:8624 ; https://*:443" EnableRequestLogging="true" Password="pfx-secret" /></InedoAppConfig>';
    expect(webServerSettings(xml)).toEqual({ Urls: 'http://*:8624;https://*:443', EnableRequestLogging: 'true' });
  });
});
