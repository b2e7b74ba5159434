/** Lab: HAProxy and nginx in front of the nodes, and the Samba share. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { injectFault } from './faults';
import { faultScope } from './fault-scope';
import { haproxyServerStates, waitForAllUp } from './load-balancers';
import { sleep, waitFor } from './run';

const lab = inject('lab');
const exec = promisify(execFile);
const { cleanups: clearAfter } = faultScope();

async function statuses(url: string, count: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const r = await fetch(url, { signal: AbortSignal.timeout(5000) });
    await r.arrayBuffer();
    out.push(r.status);
  }
  return out;
}

describe('load balancers', () => {
  it('both balance across all nodes while they are healthy', async () => {
    // Earlier files restart nodes; HAProxy needs two good checks (about 2 s) to count one UP again.
    const states = await waitForAllUp();
    expect(Object.keys(states).sort()).toEqual(lab.nodes.map((n) => n.name).sort());
    expect(await statuses(`${lab.loadBalancers.haproxy}/health`, 6)).toEqual(Array(6).fill(200));
    expect(await statuses(`${lab.loadBalancers.nginx}/health`, 6)).toEqual(Array(6).fill(200));
  });

  it('HAProxy marks a node DOWN within 5 s of its /health failing and serves every request from the others', async () => {
    const node = lab.nodes[1]!;
    await waitFor('node UP in HAProxy', async () => ((await haproxyServerStates())[node.name] === 'UP' ? true : undefined), 8000);
    await injectFault('no-start', node.name);
    clearAfter.push(() => injectFault('no-start', node.name, { clear: true }));
    const failedAt = Date.now();
    let downAfterMs = -1;
    while (Date.now() - failedAt < 8000) {
      if ((await haproxyServerStates())[node.name]?.startsWith('DOWN')) {
        downAfterMs = Date.now() - failedAt;
        break;
      }
      await sleep(100);
    }
    expect(downAfterMs).toBeGreaterThanOrEqual(0);
    expect(downAfterMs).toBeLessThan(5000);
    expect(await statuses(`${lab.loadBalancers.haproxy}/health`, 30)).toEqual(Array(30).fill(200));
    // nginx has no active checks, but moves a refused connection on to the next node.
    expect(await statuses(`${lab.loadBalancers.nginx}/health`, 12)).toEqual(Array(12).fill(200));
  });
});

describe('Samba share', () => {
  it('takes a file with the share user and password, and refuses a wrong password', async () => {
    const { samba } = lab.storage;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smb-'));
    const auth = (password: string) => {
      const file = path.join(dir, `auth-${password === samba.password ? 'good' : 'bad'}`);
      fs.writeFileSync(file, `username = ${samba.user}\npassword = ${password}\n`, { mode: 0o600 });
      return file;
    };
    fs.writeFileSync(path.join(dir, 'hello.txt'), 'hello share');
    const share = `//${samba.host}/${samba.share}`;
    const put = await exec('smbclient', [share, '-A', auth(samba.password), '-D', '/', '-c', `lcd ${dir}; put hello.txt; ls`]);
    expect(put.stdout).toContain('hello.txt');
    const bad = await exec('smbclient', [share, '-A', auth('wrong'), '-c', 'ls']).then((r) => r.stdout + r.stderr, (e: { stdout: string; stderr: string }) => e.stdout + e.stderr);
    expect(bad).toMatch(/NT_STATUS_LOGON_FAILURE/);
    await exec('smbclient', [share, '-A', auth(samba.password), '-c', 'del hello.txt']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
