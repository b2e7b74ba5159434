/** Shared by the TDS test server's tests: certificates, models, clients with short timeouts. */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type sql from 'mssql';
import { type TdsModel, defaultTdsModel } from './model';

export const LOOPBACK = '127.0.0.1';
export const OWNER = { name: 'proget_owner', password: 'Owner!Pass1' };
export const READER = { name: 'proget_reader', password: 'Reader!Pass1' };

export interface TestCertificate {
  dir: string;
  keyFile: string;
  certFile: string;
  key: Buffer;
  cert: Buffer;
}

export async function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** A self-signed certificate for CN=localhost, made with the openssl CLI in a temp dir. */
export async function makeSelfSignedCertificate(): Promise<TestCertificate> {
  const dir = await makeTempDir('tds-cert-');
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  const args = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=localhost'];
  await new Promise<void>((resolve, reject) => {
    execFile('openssl', args, { timeout: 15_000 }, (error) => (error ? reject(error) : resolve()));
  });
  return { dir, keyFile, certFile, key: await readFile(keyFile), cert: await readFile(certFile) };
}

/** The default model plus a second login that may open ProGet without owning it. */
export function labModel(): TdsModel {
  const model = defaultTdsModel({ login: OWNER.name, password: OWNER.password });
  model.logins.push({ name: READER.name, password: READER.password });
  const db = model.databases[0];
  if (db) db.users.push(READER.name);
  return model;
}

export interface MssqlOptions {
  user?: string;
  password?: string;
  database?: string;
  encrypt?: boolean;
  requestTimeout?: number;
  /** Receives the tedious Connection before it connects: for listening to errorMessage. */
  beforeConnect?: sql.config['beforeConnect'];
}

export function mssqlConfig(port: number, options: MssqlOptions = {}): sql.config {
  return {
    server: LOOPBACK,
    port,
    user: options.user ?? OWNER.name,
    password: options.password ?? OWNER.password,
    database: options.database ?? 'ProGet',
    connectionTimeout: 5_000,
    requestTimeout: options.requestTimeout ?? 5_000,
    pool: { min: 0, max: 2 },
    options: { encrypt: options.encrypt ?? true, trustServerCertificate: true },
    beforeConnect: options.beforeConnect,
  };
}

/** Numbers of the ERROR tokens tedious saw while logging in (mssql's ConnectionError keeps only the text). */
export function errorNumberRecorder(): { numbers: number[]; beforeConnect: NonNullable<sql.config['beforeConnect']> } {
  const numbers: number[] = [];
  return {
    numbers,
    beforeConnect: (connection) => {
      connection.on('errorMessage', (token: { number: number }) => numbers.push(token.number));
    },
  };
}

export interface TsqlRun {
  output: string;
  exitCode: number | null;
}

/** Runs FreeTDS tsql with a query on stdin and its own freetds.conf; output is stdout+stderr. */
export async function runTsql(args: { port: number; user: string; password: string; database: string; encryption: 'require' | 'request' | 'off'; input: string }): Promise<TsqlRun> {
  const dir = await makeTempDir('tds-freetds-');
  try {
    const conf = join(dir, 'freetds.conf');
    await writeFile(conf, `[global]\n\ttds version = 7.4\n\tencryption = ${args.encryption}\n`);
    return await new Promise<TsqlRun>((resolve, reject) => {
      const child = spawn('/usr/bin/tsql', ['-H', LOOPBACK, '-p', String(args.port), '-U', args.user, '-P', args.password, '-D', args.database], {
        env: { ...process.env, FREETDSCONF: conf, HOME: dir },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`tsql did not finish in time; output so far:\n${output}`));
      }, 15_000);
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.on('close', (exitCode) => {
        clearTimeout(timer);
        resolve({ output, exitCode });
      });
      child.stdin.end(args.input);
    });
  } finally {
    await removeDir(dir);
  }
}
