/** What both upgraders (Windows, Linux) share: output tails, the backup folder's name, proving a service stopped. */
import crypto from 'node:crypto';
import net from 'node:net';
import { UpgradeStepError } from './upgrade-ports';

/**
 * The last part of an installer's output, enough to say why it failed, short enough for a report. Masked
 * whole before the cut (upgrade-output.ts says why): a secret at the cut would otherwise be left in part.
 */
export function outputTail(text: string, max = 2000, redact: (t: string) => string = (t) => t): string {
  const t = redact(text).replace(/\r\n/g, '\n').trim();
  return t.length > max ? `...${t.slice(-max)}` : t;
}

/** A fresh name for this node's backup folder inside the run's backup folder (never reused, so always created new). */
export function backupFolderName(nodeId: string): string {
  return `${nodeId}-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, 'Z')}-${crypto.randomBytes(3).toString('hex')}`;
}

/** Whether a TCP connection to host:port is refused (nothing listens), accepted, or cannot tell (timeout, no route). */
export function tcpAnswer(host: string, port: number, timeoutMs: number): Promise<'refused' | 'open' | 'unknown'> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (answer: 'refused' | 'open' | 'unknown') => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => done('unknown'), timeoutMs);
    socket.once('connect', () => done('open'));
    socket.once('error', (e: NodeJS.ErrnoException) => done(e.code === 'ECONNREFUSED' ? 'refused' : 'unknown'));
  });
}

/**
 * Proves the product stopped: its web port refuses connections, polled until `withinMs`. A port that still
 * answers (or cannot be reached to tell) is not proof; the error says which.
 */
export async function proveWebPortClosed(nodeId: string, host: string, port: number, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  let last: 'refused' | 'open' | 'unknown';
  for (;;) {
    last = await tcpAnswer(host, port, Math.min(3000, Math.max(200, deadline - Date.now())));
    if (last === 'refused') return;
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new UpgradeStepError(last === 'open'
    ? `${nodeId} was stopped but its web port ${port} still answers after ${Math.round(withinMs / 1000)} s: the product may still be running`
    : `${nodeId} was stopped but the wizard could not reach its web port ${port} to prove it (no answer)`);
}
