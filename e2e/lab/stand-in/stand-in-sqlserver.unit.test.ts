/**
 * The SQL Server path (mssql/tedious): an unreachable server is an Error with the driver's message;
 * against the lab's TDS test server, /health and the settings API round-trip, and a wrong password is
 * an Error with SQL Server's own message.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startStandIn, type RunningStandIn } from './stand-in';
import { defaultTdsModel } from '../tds/model';
import { startTdsServer } from '../tds/server';
import { freePort, httpGet, httpPost, makeTestNode, memoryLog, removeTestNodes } from './test-support';

const running: RunningStandIn[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});
afterAll(() => removeTestNodes());

async function startWithRefusedServer(product: 'proget' | 'buildmaster' | 'otter', version: string) {
  const closedPort = await freePort(); // nothing listens there: connection refused
  const prefix = product.toUpperCase();
  const config = `${prefix}_SQL_CONNECTION_STRING=Server=127.0.0.1,${closedPort};Database=X;User ID=u;Password=sql-secret-pw;Encrypt=false\nASPNETCORE_URLS=http://127.0.0.1:0\n`;
  const node = makeTestNode(`${product}.env`, config, { product, version });
  const standIn = await startStandIn(node.stateDir, memoryLog());
  running.push(standIn);
  return { standIn, closedPort };
}

describe('stand-in on SQL Server', () => {
  it('reports databaseStatus Error with the driver\'s message when the server refuses connections', async () => {
    const { standIn, closedPort } = await startWithRefusedServer('buildmaster', '2025.3');
    const res = await httpGet(`http://127.0.0.1:${standIn.port}/health`);
    expect(res.status).toBe(500);
    const body = JSON.parse(res.text);
    expect(body).toMatchObject({ applicationName: 'BuildMaster', databaseStatus: 'Error', releaseNumber: '2025.3' });
    expect(body).not.toHaveProperty('replicationStatus');
    expect(body.databaseStatusDetails).toMatch(new RegExp(`^Failed to connect to 127\\.0\\.0\\.1:${closedPort}`));
    expect(res.text).not.toContain('sql-secret-pw');

    const settings = await httpGet(`http://127.0.0.1:${standIn.port}/api/settings/list?showAll=false`, { 'X-ApiKey': 'lab-api-key' });
    expect(settings.status).toBe(500);
    expect(settings.text).toMatch(/Failed to connect/);
  });

  it('answers 2026\'s plain-text /health with the problem on one line; Otter has no settings API', async () => {
    const { standIn } = await startWithRefusedServer('otter', '2026.1');
    const res = await httpGet(`http://127.0.0.1:${standIn.port}/health`);
    expect(res.status).toBe(500);
    expect(res.text).toMatch(/^Database: Failed to connect to 127\.0\.0\.1:\d+[^\n]*$/);
    expect(JSON.parse((await httpGet(`http://127.0.0.1:${standIn.port}/health/json`)).text).databaseStatus).toBe('Error');
    expect((await httpGet(`http://127.0.0.1:${standIn.port}/api/settings/list`, { 'X-ApiKey': 'lab-api-key' })).status).toBe(404);
  });

  it('round-trips /health and the settings API through the lab\'s TDS test server; a wrong password is Error', async () => {
    const tds = await startTdsServer({ host: '127.0.0.1', port: 0, model: defaultTdsModel({ password: 'right-sql-pw' }) });
    try {
      const start = async (password: string) => {
        const config = `PROGET_SQL_CONNECTION_STRING=Server=127.0.0.1,${tds.port};Database=ProGet;User ID=proget;Password=${password};Encrypt=false\nASPNETCORE_URLS=http://127.0.0.1:0\n`;
        const standIn = await startStandIn(makeTestNode('proget.env', config, { product: 'proget', version: '2025.14' }).stateDir, memoryLog());
        running.push(standIn);
        return standIn;
      };
      const good = await start('right-sql-pw');
      const health = await httpGet(`http://127.0.0.1:${good.port}/health`);
      expect([health.status, JSON.parse(health.text).databaseStatus]).toEqual([200, 'OK']);
      const key = { 'X-ApiKey': 'lab-api-key' };
      expect((await httpPost(`http://127.0.0.1:${good.port}/api/settings/set?name=Web.BaseUrl&value=${encodeURIComponent('https://proget.corp')}`, key)).status).toBe(200);
      const list = JSON.parse((await httpGet(`http://127.0.0.1:${good.port}/api/settings/list?showAll=false`, key)).text) as { name: string; value: string }[];
      expect(list).toContainEqual(expect.objectContaining({ name: 'Web.BaseUrl', value: 'https://proget.corp' }));
      expect(tds.model().settings).toEqual({ 'Web.BaseUrl': 'https://proget.corp' });

      const bad = await start('wrong-sql-pw');
      const broken = await httpGet(`http://127.0.0.1:${bad.port}/health`);
      expect(broken.status).toBe(500);
      expect(JSON.parse(broken.text)).toMatchObject({ databaseStatus: 'Error', databaseStatusDetails: "Login failed for user 'proget'." });
      expect(broken.text).not.toContain('wrong-sql-pw');
    } finally {
      await tds.close();
    }
  });
});
