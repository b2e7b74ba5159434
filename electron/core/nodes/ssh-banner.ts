/** Whether something speaks SSH at host:port: a plain TCP connect that reads the server's banner. */
import net from 'node:net';
import { describeNetworkError } from '../../shared/network-failure';

export type BannerResult = { ok: true; banner: string } | { ok: false; reason: 'timeout' | 'refused' | 'not-ssh' | 'error'; message: string };

export function readSshBanner(host: string, port: number, timeoutMs: number): Promise<BannerResult> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let data = '';
    const done = (r: BannerResult) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => done({ ok: false, reason: 'timeout', message: `no answer within ${timeoutMs} ms` }), timeoutMs);
    socket.on('data', (d) => {
      data += d.toString('latin1');
      const line = data.split(/\r?\n/).find((l) => l.startsWith('SSH-'));
      if (line) done({ ok: true, banner: line.trim() });
      else if (data.length > 4096 || /\n/.test(data) && !/^SSH-/m.test(data) && data.split('\n').length > 20) done({ ok: false, reason: 'not-ssh', message: 'something answers, but it is not an SSH server' });
    });
    socket.on('error', (e: NodeJS.ErrnoException) => done({ ok: false, reason: e.code === 'ECONNREFUSED' ? 'refused' : 'error', message: describeNetworkError(e.code, e.message) ?? e.message }));
    socket.on('end', () => done({ ok: false, reason: 'not-ssh', message: 'the connection closed without an SSH banner' }));
  });
}
