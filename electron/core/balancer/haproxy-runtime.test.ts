/** The runtime API's parsing and its one-command rule, without HAProxy (the lab test drives the real one). */
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { memberStateOf, parseShowStat, runtimeAction, runtimeCommand } from './haproxy-runtime';

// A fake runtime API that records what arrives and answers as HAProxy would.
const received: string[] = [];
const server = net.createServer((s) => {
  let line = '';
  s.on('data', (d) => {
    line += d.toString();
    if (!line.endsWith('\n')) return;
    received.push(line);
    s.end(line.startsWith('add server') ? 'New server registered.\n' : line.startsWith('set server') ? '\n' : 'No such server.\n');
  });
});
const port = await new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as net.AddressInfo).port)));
const endpoint = { host: '127.0.0.1', port };
afterAll(() => new Promise((r) => server.close(r)));

function seeded(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
}

describe('HAProxy runtime API', () => {
  it('never sends a second command: a newline, carriage return or ; anywhere is refused before connecting (400 random commands)', async () => {
    const rnd = seeded(7);
    const alphabet = 'abc /_-.;\n\r';
    for (let i = 0; i < 400; i++) {
      const cmd = Array.from({ length: 1 + Math.floor(rnd() * 20) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
      const bad = /[\n\r;]/.test(cmd);
      if (bad) await expect(runtimeCommand(endpoint, cmd)).rejects.toThrow('one runtime API command at a time');
    }
    expect(received).toEqual([]);
  });

  it('takes an empty answer or the command\'s own confirmation as done, anything else as HAProxy\'s refusal in its words', async () => {
    await expect(runtimeAction(endpoint, 'set server b/s state drain')).resolves.toBeUndefined();
    await expect(runtimeAction(endpoint, 'add server b/s 10.0.0.1:80 check', 'New server registered.')).resolves.toBeUndefined();
    await expect(runtimeAction(endpoint, 'del server b/s', 'Server deleted.')).rejects.toThrow('HAProxy refused "del server b/s": No such server.');
    expect(received).toEqual(['set server b/s state drain\n', 'add server b/s 10.0.0.1:80 check\n', 'del server b/s\n']);
  });

  it('says in words when nothing listens at the address', async () => {
    const closed = await new Promise<number>((r) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => r(p));
      });
    });
    await expect(runtimeCommand({ host: '127.0.0.1', port: closed }, 'show stat')).rejects.toThrow(/^HAProxy's runtime API at 127\.0\.0\.1:\d+: .*refused/i);
  });

  it('reads each state HAProxy writes in show stat', () => {
    expect(['UP', 'UP 1/2', 'DOWN', 'DOWN 1/2', 'DRAIN', 'NOLB', 'MAINT', 'MAINT (via inedo_nodes/node1)', 'MAINT (resolution)', 'no check', 'weird'].map(memberStateOf))
      .toEqual(['ready', 'ready', 'down', 'down', 'drain', 'drain', 'maint', 'maint', 'maint', 'ready', 'unknown']);
  });

  it('keeps one backend\'s servers, without its BACKEND and FRONTEND rows', () => {
    const csv = '# pxname,svname,qcur,qmax,scur,smax,status\ninedo,FRONTEND,,,1,2,OPEN\ninedo_nodes,node1,0,0,3,5,UP\ninedo_nodes,node2,0,0,0,1,DRAIN\nother,x,0,0,9,9,UP\ninedo_nodes,BACKEND,0,0,3,5,UP\n';
    expect(parseShowStat(csv, 'inedo_nodes')).toEqual([{ server: 'node1', status: 'UP', sessions: 3 }, { server: 'node2', status: 'DRAIN', sessions: 0 }]);
  });
});
