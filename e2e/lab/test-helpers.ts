/** Small helpers for the lab's own tests: log into a node with ssh2 as the engine would, run, read and write. */
import fs from 'node:fs';
import { Client, type ConnectConfig, type SFTPWrapper } from 'ssh2';
import { fingerprintOf } from '../../electron/core/remote/known-hosts';
import type { LabDescription } from './lab-description';

type LabNode = LabDescription['nodes'][number];

export interface TestSsh {
  client: Client;
  presentedFingerprint: string;
  exec(command: string): Promise<{ code: number; stdout: string; stderr: string }>;
  sftp(): Promise<SFTPWrapper>;
  close(): void;
}

export function sshTo(node: LabNode, auth: 'password' | 'key', overrides: Partial<ConnectConfig> = {}): Promise<TestSsh> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    let presented = '';
    client.on('ready', () => resolve({
      client,
      presentedFingerprint: presented,
      exec: (command) => new Promise((res, rej) => client.exec(command, (err, stream) => {
        if (err) return rej(err);
        let stdout = '';
        let stderr = '';
        stream.on('data', (d: Buffer) => (stdout += d.toString()));
        stream.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        stream.on('close', (code: number) => res({ code, stdout, stderr }));
      })),
      sftp: () => new Promise((res, rej) => client.sftp((err, s) => (err ? rej(err) : res(s)))),
      close: () => client.end(),
    }));
    client.on('error', reject);
    client.connect({
      host: node.address,
      port: node.sshPort,
      username: node.user,
      readyTimeout: 5000,
      hostVerifier: (key: Buffer) => {
        presented = fingerprintOf(key);
        return presented === node.hostKeyFingerprint;
      },
      ...(auth === 'password' ? { password: node.password } : { privateKey: fs.readFileSync(node.privateKeyPath) }),
      ...overrides,
    });
  });
}

export function sftpWrite(sftp: SFTPWrapper, path: string, data: string | Buffer): Promise<void> {
  return new Promise((res, rej) => sftp.writeFile(path, data, (err) => (err ? rej(err) : res())));
}
export function sftpRead(sftp: SFTPWrapper, path: string): Promise<Buffer> {
  return new Promise((res, rej) => sftp.readFile(path, (err, data) => (err ? rej(err) : res(data))));
}

export async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> | string }> {
  const r = await fetch(url, { signal: AbortSignal.timeout(5000) });
  const text = await r.text();
  try {
    return { status: r.status, body: JSON.parse(text) as Record<string, unknown> };
  } catch {
    return { status: r.status, body: text };
  }
}
