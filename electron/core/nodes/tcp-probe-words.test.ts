/**
 * TEST_TCP and TEST_TCP_MANY against the real bash of this machine: a name no DNS knows is read as
 * "cannot be resolved", never as bash's last words "Invalid argument"; a closed port as refused.
 */
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { posixScript } from '../remote/posix-dialect';
import { networkFailureOf, networkFailureText } from '../../shared/network-failure';
import { parseKeyValues, TEST_TCP, TEST_TCP_MANY } from './posix-scripts';
import { freePort as closedPort } from '../remote/sshd-test-fixture';

async function runScript(script: string, args: string[]) {
  const { command, stdin } = posixScript(script, args);
  const child = execFile('/bin/sh', ['-c', command]);
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
});
