/**
 * The stand-in against a real, throwaway PostgreSQL 15 cluster: /health follows the database the
 * configuration names (read only at start), and the settings API round-trips through it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openServiceLog } from './service-log';
import { startStandIn, type RunningStandIn } from './stand-in';
import { StartRefusal } from './start-refusal';
import { httpGet, httpPost, makeTestNode, memoryLog, readMessenger, removeTestNodes, type TestNode } from './test-support';
import { startThrowawayPostgres, type ThrowawayPostgres } from './throwaway-postgres';

const GOOD_PASSWORD = 'right-horse-battery';
const WRONG_PASSWORD = 'wrong-horse-battery';
let db: ThrowawayPostgres;
const running: RunningStandIn[] = [];

const connectionString = (password: string) => `Host=127.0.0.1;Port=${db.port};Database=proget;Username=proget;Password=${password}`;
const envConfig = (password: string, extra = '') => `PROGET_POSTGRES_CONNECTION_STRING=${connectionString(password)}\nASPNETCORE_URLS=http://+:0\n${extra}`;

async function start(node: TestNode): Promise<RunningStandIn> {
  const standIn = await startStandIn(node.stateDir, openServiceLog(node.stateDir));
  running.push(standIn);
  return standIn;
}

beforeAll(async () => {
  db = await startThrowawayPostgres();
  await db.query(`CREATE ROLE proget LOGIN PASSWORD '${GOOD_PASSWORD}'`);
  await db.query('CREATE DATABASE proget OWNER proget');
}, 60_000);

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

afterAll(async () => {
  removeTestNodes();
  await db?.stop();
}, 30_000);

describe('stand-in on PostgreSQL', () => {
  it('reports OK, then the driver\'s error after a restart with a wrong password, then OK again', async () => {
    const node = makeTestNode('proget.env', envConfig(GOOD_PASSWORD, 'PROGET_ENCRYPTION_KEY=1fa97faa42744155a879c056a70c11a7\n'));
    let standIn = await start(node);
    expect(readFileSync(join(node.stateDir, 'service.pid'), 'utf8').trim()).toBe(String(process.pid));

    const ok = await httpGet(`http://127.0.0.1:${standIn.port}/health`);
    expect(ok.status).toBe(200);
    expect(ok.type).toMatch(/^application\/json/);
    expect(JSON.parse(ok.text)).toEqual({
      applicationName: 'ProGet',
      databaseStatus: 'OK',
      databaseStatusDetails: null,
      extensionsInstalled: expect.any(Object),
      licenseStatus: 'OK',
      licenseStatusDetail: null,
      versionNumber: '2025.14 (Build 1)',
      releaseNumber: '2025.14',
      serviceStatus: 'OK',
      serviceStatusDetail: null,
      replicationStatus: expect.objectContaining({ serverStatus: 'OK' }),
    });

    // The configuration is read only at start: changing it does nothing until a restart.
    node.writeConfig(envConfig(WRONG_PASSWORD));
    await new Promise((r) => setTimeout(r, 1100)); // past the 1 s cache
    expect((await httpGet(`http://127.0.0.1:${standIn.port}/health`)).status).toBe(200);
    await standIn.stop();
    expect(existsSync(join(node.stateDir, 'service.pid'))).toBe(false);

    standIn = await start(node);
    const bad = await httpGet(`http://127.0.0.1:${standIn.port}/health`);
    expect(bad.status).toBe(500);
    const body = JSON.parse(bad.text);
    expect(body).toMatchObject({ applicationName: 'ProGet', databaseStatus: 'Error', serviceStatus: 'OK' });
    expect(body.databaseStatusDetails).toBe('password authentication failed for user "proget"');
    await standIn.stop();

    node.writeConfig(envConfig(GOOD_PASSWORD));
    standIn = await start(node);
    expect((await httpGet(`http://127.0.0.1:${standIn.port}/health`)).status).toBe(200);

    const log = readFileSync(join(node.stateDir, 'service.log'), 'utf8');
    expect(log).toMatch(/started: proget 2025\.14 on port \d+/);
    expect(log).toContain('Password=***');
    expect(log).not.toContain(GOOD_PASSWORD);
    expect(log).not.toContain(WRONG_PASSWORD);
    expect(log).not.toContain('1fa97faa42744155a879c056a70c11a7');
  });

  it('round-trips the settings API through the database, checking the API key', async () => {
    const node = makeTestNode('proget.env', envConfig(GOOD_PASSWORD));
    const { port } = await start(node);
    const base = `http://127.0.0.1:${port}/api/settings`;
    const key = { 'X-ApiKey': 'lab-api-key' };

    expect((await httpGet(`${base}/list?showAll=false`)).status).toBe(403);
    expect((await httpGet(`${base}/list?showAll=false`, { 'X-ApiKey': 'wrong' })).status).toBe(403);
    expect((await httpPost(`${base}/set?name=Web.BaseUrl&value=x`)).status).toBe(403);

    const storage = '\\\\nas\\proget packages&more=1';
    expect((await httpPost(`${base}/set?name=${encodeURIComponent('Storage.PackagesRootPath')}&value=${encodeURIComponent(storage)}`, key)).status).toBe(200);
    expect((await httpPost(`${base}/set?name=Web.BaseUrl&value=${encodeURIComponent('https://proget.lab/')}`, key)).status).toBe(200);
    expect((await httpPost(`${base}/set?name=Web.BaseUrl&value=${encodeURIComponent('https://lb.lab/')}`, key)).status).toBe(200);
    expect((await httpPost(`${base}/set?value=x`, key)).status).toBe(400);

    const list = await httpGet(`${base}/list?showAll=false`, key);
    expect(list.status).toBe(200);
    expect(JSON.parse(list.text)).toEqual([
      { name: 'Storage.PackagesRootPath', value: storage, description: '', valueType: 'Text' },
      { name: 'Web.BaseUrl', value: 'https://lb.lab/', description: '', valueType: 'Text' },
    ]);
    const rows = await db.query('SELECT name, value FROM lab_settings ORDER BY name', [], 'proget');
    expect(rows.rows).toHaveLength(2);
  });

  it('answers 500 with a message from the settings API when the database refuses it', async () => {
    const node = makeTestNode('proget.env', envConfig(WRONG_PASSWORD));
    const { port } = await start(node);
    const res = await httpGet(`http://127.0.0.1:${port}/api/settings/list?showAll=false`, { 'X-ApiKey': 'lab-api-key' });
    expect(res.status).toBe(500);
    expect(res.text).toContain('password authentication failed');
    expect(res.text).not.toContain(WRONG_PASSWORD);
  });

  it('serves 2026\'s plain-text /health and /health/json, from an XML configuration', async () => {
    const xml = `<?xml version="1.0"?>\n<InedoAppConfig><PostgresConnectionString Enabled="true">${connectionString(GOOD_PASSWORD)}</PostgresConnectionString><WebServer Enabled="true" Urls="http://*:0" /></InedoAppConfig>`;
    const node = makeTestNode('ProGet.config', xml, { version: '2026.2 (Build 15)' });
    const { port } = await start(node);
    const plain = await httpGet(`http://127.0.0.1:${port}/health`);
    expect(plain).toMatchObject({ status: 200, text: 'OK' });
    expect(plain.type).toMatch(/^text\/plain/);
    const json = await httpGet(`http://127.0.0.1:${port}/health/json`);
    expect(json.status).toBe(200);
    expect(JSON.parse(json.text)).toMatchObject({ databaseStatus: 'OK', versionNumber: '2026.2 (Build 15)', releaseNumber: '2026.2' });
  });

  it('has no /health/json before 2026, answers 404 elsewhere, and survives odd requests', async () => {
    const node = makeTestNode('proget.env', envConfig(GOOD_PASSWORD));
    const { port, messengerPort } = await start(node);
    expect((await httpGet(`http://127.0.0.1:${port}/health/json`)).status).toBe(404);
    expect((await httpGet(`http://127.0.0.1:${port}/nuget/feed`)).status).toBe(404);
    expect((await httpPost(`http://127.0.0.1:${port}/health`)).status).toBe(404);
    expect((await httpGet(`http://127.0.0.1:${port}//%zz?%%`)).status).toBe(404);
    expect((await httpGet(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    expect(await readMessenger(messengerPort)).toMatch(/^Inedo service messenger: ProGet 2025\.14 on .+\r\n$/);
  });

  it('refuses to start on a port in use, and when the fault file exists', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const busy = (blocker.address() as { port: number }).port;
    try {
      const node = makeTestNode('proget.env', envConfig(GOOD_PASSWORD).replace('http://+:0', `http://+:${busy}`));
      await expect(startStandIn(node.stateDir, memoryLog())).rejects.toThrow(new StartRefusal(`web port ${busy} is already in use`));
      const nodeWithBusyMessenger = makeTestNode('proget.env', envConfig(GOOD_PASSWORD), { messengerPort: busy });
      await expect(startStandIn(nodeWithBusyMessenger.stateDir, memoryLog())).rejects.toThrow(/service messenger port \d+ is already in use/);
      writeFileSync(join(node.stateDir, 'fault-no-start'), '');
      await expect(startStandIn(node.stateDir, memoryLog())).rejects.toThrow(/fault-no-start is present .*simulated fault/);
    } finally {
      blocker.close();
    }
  });
});
