/**
 * Runs the TDS test server as its own process, for the lab:
 *   tsx e2e/lab/tds/main.ts --config /path/config.json
 * config.json: { host, port, tlsKeyFile?, tlsCertFile?, model, logFile? }.
 * stdout gets "pid N" first, "listening on HOST:PORT" once it listens (port 0 → the real port),
 * and "model reloaded" after each SIGHUP, which re-reads the model from the config file.
 * SIGTERM (or SIGINT) closes the server and exits 0.
 *
 * Send SIGHUP to the pid printed here, not to the tsx launcher: tsx runs the script in a child
 * process and relays only SIGINT and SIGTERM; a SIGHUP sent to tsx itself kills the launcher.
 * (`node --import tsx e2e/lab/tds/main.ts ...` runs in one process, where either pid works.)
 * The lab runs it detached, as a daemon, and ends it with its namespace: it must outlive its launcher.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { tdsModelSchema } from './model';
import { startTdsServer } from './server';

const configSchema = z.object({
  host: z.string().min(1),
  port: z.number().int().min(0).max(65535),
  tlsKeyFile: z.string().optional(),
  tlsCertFile: z.string().optional(),
  model: tdsModelSchema,
  logFile: z.string().optional(),
});

type TdsServerConfig = z.infer<typeof configSchema>;

function configPathFromArgs(args: string[]): string {
  const index = args.indexOf('--config');
  const path = index >= 0 ? args[index + 1] : undefined;
  if (!path) throw new Error('usage: tsx e2e/lab/tds/main.ts --config /path/config.json');
  return path;
}

function readConfig(path: string): TdsServerConfig {
  return configSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

async function main(): Promise<void> {
  const configPath = configPathFromArgs(process.argv.slice(2));
  const config = readConfig(configPath);
  const logFile = config.logFile;
  const log = (line: string): void => {
    const stamped = `${new Date().toISOString()} ${line}\n`;
    if (logFile) appendFileSync(logFile, stamped);
    else process.stderr.write(stamped);
  };
  if ((config.tlsKeyFile === undefined) !== (config.tlsCertFile === undefined)) {
    throw new Error('tlsKeyFile and tlsCertFile go together');
  }
  const tls = config.tlsKeyFile && config.tlsCertFile ? { key: readFileSync(config.tlsKeyFile), cert: readFileSync(config.tlsCertFile) } : undefined;

  process.stdout.write(`pid ${process.pid}\n`);
  const server = await startTdsServer({ host: config.host, port: config.port, tls, model: config.model, log });
  process.stdout.write(`listening on ${config.host}:${server.port}\n`);

  process.on('SIGHUP', () => {
    try {
      server.setModel(readConfig(configPath).model);
      process.stdout.write('model reloaded\n');
    } catch (error) {
      // A half-written or invalid config must not take the server down: keep the old model.
      log(`model reload failed, keeping the old model: ${(error as Error).message}`);
    }
  });

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    log('stopping');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log(`close failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`TDS test server failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
