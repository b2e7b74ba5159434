/**
 * TEST_TCP and TEST_TCP_MANY against the real bash of this machine: a name no DNS knows is read as
 * "cannot be resolved", never as bash's last words "Invalid argument"; a closed port as refused.
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { posixScript } from '../remote/posix-dialect';
import { networkFailureOf, networkFailureText } from '../../shared/network-failure';
import { parseKeyValues, TEST_TCP, TEST_TCP_MANY } from './posix-scripts';
import { freePort as closedPort } from '../remote/sshd-test-fixture';

async function runScript(script: string, args: string[], env?: NodeJS.ProcessEnv) {
  const { command, stdin } = posixScript(script, args);
  const child = execFile('/bin/sh', ['-c', command], env ? { env } : {});
  let out = '';
  child.stdout!.on('data', (d: string) => (out += d));
  child.stdin!.end(stdin);
  await new Promise((resolve) => child.on('close', resolve));
  return parseKeyValues(out);
}

describe('TCP probes on a Linux node, in words', () => {
  it('an unresolvable name (RFC 2606 .invalid) is a DNS failure, a closed port a refusal', async () => {
    const port = await closedPort();
    const dns = await runScript(TEST_TCP, ['sql01.invalid', '1433', '3']);
    expect(dns.get('reachable')).toBe('false');
    // What bash says, whole: its last line alone ("Invalid argument") was all the check used to show.
    expect(dns.get('error')).toMatch(/sql01\.invalid/);
    expect(networkFailureOf(undefined, dns.get('error'))).toBe('dns');
    expect(networkFailureText('dns')).toBe('the name cannot be resolved (no DNS entry)');
    const refused = await runScript(TEST_TCP, ['127.0.0.1', String(port), '3']);
    expect(networkFailureOf(undefined, refused.get('error'))).toBe('refused');

    const many = await runScript(TEST_TCP_MANY, ['3', 'sql01.invalid', '1433', '127.0.0.1', String(port)]);
    const byTarget = new Map(many.all('target').map((l) => l.split('\t') as [string, string]));
    expect(networkFailureOf(undefined, byTarget.get('sql01.invalid:1433'))).toBe('dns');
    expect(networkFailureOf(undefined, byTarget.get(`127.0.0.1:${port}`))).toBe('refused');
  });

  // Issue 10: every program started on a node costs the server CPU that ten nodes' checks share.
  it('TEST_TCP_MANY starts one bash and one timeout for all its targets, and says which answered', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'probe-bin-'));
    const log = join(bin, 'started');
    writeFileSync(log, '');
    for (const name of ['bash', 'timeout']) {
      const real = (await runScript(`printf 'path\t%s\n' "$(command -v ${name})"`, [])).get('path')!;
      writeFileSync(join(bin, name), `#!/bin/sh\necho ${name} >> '${log}'\nexec '${real}' "$@"\n`);
      chmodSync(join(bin, name), 0o755);
    }
    const server = createServer((s) => s.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const open = (server.address() as { port: number }).port;
    const closed = await closedPort();
    try {
      const many = await runScript(TEST_TCP_MANY, ['3', '127.0.0.1', String(open), '127.0.0.1', String(closed), 'sql01.invalid', '1433'], { ...process.env, PATH: `${bin}:${process.env.PATH}` });
      const byTarget = new Map(many.all('target').map((l) => l.split('\t') as [string, string]));
      expect(byTarget.get(`127.0.0.1:${open}`)).toBe('ok');
      expect(networkFailureOf(undefined, byTarget.get(`127.0.0.1:${closed}`))).toBe('refused');
      expect(byTarget.get(`127.0.0.1:${closed}`)).not.toMatch(/bash:|line \d+:/);
      expect(networkFailureOf(undefined, byTarget.get('sql01.invalid:1433'))).toBe('dns');
      expect(many.get('done')).toBe('true');
      expect(readFileSync(log, 'utf8').split('\n').filter(Boolean).sort()).toEqual(['bash', 'timeout']);
    } finally {
      server.close();
      rmSync(bin, { recursive: true, force: true });
    }
  });
});

