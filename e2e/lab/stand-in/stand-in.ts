import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Server as NetServer } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { PRODUCTS } from '../../../electron/shared/products';
import { maskConnectionString } from './connection-strings';
import { DatabaseStatusProbe } from './database-status';
import { hasPlainTextHealth, healthAnswer, healthJson } from './health';
import { createMessengerServer } from './messenger';
import { readExtraExtensions } from './extra-extensions';
import { STATE_FILES, readNodeState, versionInfo, type NodeState } from './node-state';
import { readProductConfig } from './product-config';
import type { ProductDatabase } from './product-database';
import type { ServiceLog } from './service-log';
import { settingsApi, type ApiAnswer } from './settings-api';
import { checkSchemaAtStart, neverHealthyProblem, openProductDatabase } from './schema-at-start';
import { StartRefusal } from './start-refusal';

export interface RunningStandIn {
  /** The ports actually bound (differs from the configuration only when it asked for port 0). */
  port: number;
  messengerPort: number;
  /** Closes both listeners and removes service.pid. */
  stop(): Promise<void>;
}

/**
 * Starts the product stand-in described by `stateDir`/node.json: reads the configuration once, binds
 * the web and messenger ports, then writes service.pid. Throws StartRefusal when the product would
 * not (or should visibly not) start.
 */
export async function startStandIn(stateDir: string, log: ServiceLog): Promise<RunningStandIn> {
  if (existsSync(join(stateDir, STATE_FILES.faultNoStart))) {
    throw new StartRefusal(`${STATE_FILES.faultNoStart} is present in ${stateDir} (simulated fault)`);
  }
  const node = readNodeState(stateDir);
  const config = readProductConfig(node.product, node.version, node.configPath);
  log.line(
    `configuration (${config.source}) ${node.configPath}: ${config.database.kind} ` +
      `"${maskConnectionString(config.database.connectionString)}", encryption key ${config.encryptionKey ? 'set' : 'not set'}`,
  );

  const db = openProductDatabase(config);
  await checkSchemaAtStart(db, node.version, log);
  const web = createServer((req, res) => {
    handleRequest(req, res, node, db, probe, () => readExtraExtensions(stateDir), () => neverHealthyProblem(stateDir, node.version)).catch((err: unknown) => {
      log.line(`request ${req.method} ${req.url} failed: ${(err as Error).message}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Internal error');
    });
  });
  const probe = new DatabaseStatusProbe(() => db.ping());
  const messenger = createMessengerServer(`Inedo service messenger: ${PRODUCTS[node.product].name} ${versionInfo(node.version).releaseNumber}`);

  const port = await listen(web, config.port, node.listenHost, 'web');
  let messengerPort: number;
  try {
    messengerPort = await listen(messenger, node.messengerPort, node.listenHost, 'service messenger');
  } catch (err) {
    await closeServer(web);
    throw err;
  }
  log.line(`service messenger listening on port ${messengerPort}`);
  log.line(`started: ${node.product} ${node.version} on port ${port}`);
  writePidFile(stateDir);

  let stopped = false;
  return {
    port,
    messengerPort,
    async stop() {
      if (stopped) return;
      stopped = true;
      await Promise.all([closeServer(web), closeServer(messenger)]);
      rmSync(join(stateDir, STATE_FILES.pid), { force: true });
      log.line('stopped');
    },
  };
}

async function handleRequest(
  req: IncomingMessage,
  res: ServerResponse,
  node: NodeState,
  db: ProductDatabase,
  probe: DatabaseStatusProbe,
  extraExtensions: () => Record<string, string>,
  serviceProblem: () => string | null,
): Promise<void> {
  req.resume(); // bodies are never needed; drain them so keep-alive connections stay usable
  // Which node answered, for tests that count requests through a load balancer (the node's own address).
  res.setHeader('x-lab-served-by', req.socket.localAddress ?? '');
  const url = requestUrl(req.url ?? '/');
  if (!url) return send(res, { status: 400, contentType: 'text/plain; charset=utf-8', body: 'Bad request' });
  const path = url.pathname.toLowerCase().replace(/\/+$/, '');
  const isRead = req.method === 'GET' || req.method === 'HEAD';
  const plain = hasPlainTextHealth(node.version);

  if (isRead && path === '/health') {
    return send(res, healthAnswer(node.product, node.version, await probe.current(), plain, extraExtensions(), serviceProblem()));
  }
  if (isRead && path === '/health/json' && plain) {
    const status = await probe.current();
    const problem = serviceProblem();
    const body = JSON.stringify(healthJson(node.product, node.version, status, extraExtensions(), problem));
    return send(res, { status: status.status === 'OK' && !problem ? 200 : 500, contentType: 'application/json; charset=utf-8', body });
  }
  if (node.product === 'proget' || node.product === 'buildmaster') {
    const answer = await settingsApi(req, url, node.apiKey, db);
    if (answer) return send(res, answer);
  }
  send(res, { status: 404, contentType: 'text/plain; charset=utf-8', body: 'Not found' });
}

/** Origin-form targets ("/path?q") are taken as paths, even "//x"; absolute-form ones as URLs. */
function requestUrl(target: string): URL | null {
  try {
    return target.startsWith('/') ? new URL(`http://stand-in${target}`) : new URL(target);
  } catch {
    return null;
  }
}

function send(res: ServerResponse, answer: ApiAnswer): void {
  // x-lab-node: which node served a request that came through a balancer (the drain tests count them).
  res.writeHead(answer.status, { ...(answer.contentType ? { 'content-type': answer.contentType } : {}), 'x-lab-node': hostname() });
  res.end(answer.body);
}

function listen(server: Server | NetServer, port: number, host: string, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(
        new StartRefusal(
          err.code === 'EADDRINUSE'
            ? `${what} port ${port} is already in use`
            : `cannot listen on ${host}:${port} for the ${what}: ${err.code ?? err.message}`,
        ),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

function closeServer(server: Server | NetServer): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    if ('closeAllConnections' in server) server.closeAllConnections();
  });
}

/** Written via rename so the service script never reads a half-written pid. */
function writePidFile(stateDir: string): void {
  const file = join(stateDir, STATE_FILES.pid);
  writeFileSync(`${file}.tmp`, `${process.pid}\n`);
  renameSync(`${file}.tmp`, file);
}
