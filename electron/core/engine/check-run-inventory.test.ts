/**
 * A check run asked for some checks only (`check --only`, or a page of the app checking its own step)
 * describes the servers it reached, and opens no SSH connection just for that: the Database page's
 * run used to log in to every server for the inventory, and waited out the connect timeout of one
 * that hung. The server here accepts TCP and never answers, as a hung sshd does.
 */
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileSchema } from '../../shared/profile';
import { SecretResolver, envFileSecretSource } from '../secrets';
import { runClusterChecks } from './check-run';

let hung: net.Server;
let keyPath = '';
let port = 0;
let connections = 0;
const held: net.Socket[] = [];

beforeAll(async () => {
  keyPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'inv-key-')), 'id_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyPath]);
  hung = net.createServer((s) => {
    connections++;
    held.push(s);
  });
  await new Promise<void>((r) => hung.listen(0, '127.0.0.1', () => r()));
  port = (hung.address() as net.AddressInfo).port;
});
afterAll(() => {
  held.forEach((s) => s.destroy());
  hung.close();
});

const profile = () => ProfileSchema.parse({
  version: 1, product: 'proget',
  nodes: [1, 2].map((i) => ({ id: `node${i}`, host: '127.0.0.1', port, user: 'inedo', os: 'linux', auth: { kind: 'key', keyPath }, configPath: '/etc/proget/proget.env' })),
  database: { kind: 'postgres', connectionString: 'Host=db.invalid;Database=proget;Username=proget' },
  storage: { path: '/srv/proget' }, loadBalancer: { type: 'haproxy' },
});

describe('a check run of some checks only', () => {
  it('connects to no server that none of its checks needs, and lists none in its inventory', async () => {
    const started = performance.now();
    const out = await runClusterChecks({
      profile: profile(), secrets: new SecretResolver(envFileSecretSource({ env: {} })), only: ['database.connection-string'],
      settings: { connectTimeoutMs: 3000, checkTimeoutMs: 5000, knownHostsPath: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'inv-')), 'kh.json') },
    });
    expect(out.results.map((r) => `${r.id}:${r.status}`)).toEqual(['database.connection-string:pass']);
    expect(out.inventory).toEqual([]);
    expect(connections).toBe(0);
    expect(performance.now() - started).toBeLessThan(1500);
  });
});
