/** The CLI's contract with scripts: exit 2 and a clear message for bad usage or a bad profile. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ONE_NODE_PROFILE as good, runCli as cli, tempFolder } from './cli-fixture';
import { parseAcceptedHostKeys } from './profile-file';
import { formatResults, wrapText } from './terminal-output';

const { dir, write } = tempFolder('cli-');

describe('ha-wizard check: usage', () => {
  it('a malformed profile exits 2 naming the JSON path of every problem', async () => {
    const bad = { ...good, nodes: [{ ...good.nodes[0], port: 'x', os: 'beos' }], database: { kind: 'sqlserver', connectionString: 'Server=s;Password=oops' } };
    const r = await cli(['check', '--profile', write('bad.json', bad)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nodes[0].port');
    expect(r.stderr).toContain('nodes[0].os');
    expect(r.stderr).toContain('database.connectionString: must not contain the password');
    expect(r.stderr).not.toContain('oops');
  });

  it('unknown check ids, a bad report extension, bad JSON and a missing file exit 2', async () => {
    const profile = write('good.json', good);
    expect((await cli(['check', '--profile', profile, '--only', 'server.nope'])).stderr).toMatch(/unknown check id server\.nope/);
    expect((await cli(['check', '--profile', profile, '--report', 'r.txt'])).code).toBe(2);
    expect((await cli(['check', '--profile', write('broken.json', '{ nope')])).stderr).toMatch(/not valid JSON/);
    const missing = await cli(['check', '--profile', path.join(dir, 'none.json')]);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringMatching(/cannot read the profile .*ENOENT/)]);
    expect((await cli(['check'])).code).toBe(2);
    expect((await cli(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('--accept-host-key wants HOST=SHA256:...', () => {
    expect(parseAcceptedHostKeys(['10.0.0.1=SHA256:f9NvYoFZ51Zb86jpR+GeZEsReWrk4TP6sbzr+0yDMpk'])).toEqual({ '10.0.0.1': 'SHA256:f9NvYoFZ51Zb86jpR+GeZEsReWrk4TP6sbzr+0yDMpk' });
    expect(() => parseAcceptedHostKeys(['10.0.0.1'])).toThrow(/HOST=SHA256/);
  });

  it('an unreachable node fails (exit 1) after one timeout, with a remedy', async () => {
    const r = await cli(['check', '--profile', write('good2.json', good), '--only', 'server.login', '--connect-timeout', '500', '--known-hosts', path.join(dir, 'kh.json')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/SKIP\s+Logged in/);
    expect(r.stdout).toMatch(/skipped: needs "Host key is trusted", which was skipped/);
    expect(r.stdout).toMatch(/Not ready/);
  });
});

describe('terminal output', () => {
  it('wraps text and shows remedies for failures only', () => {
    expect(wrapText('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
    const out = formatResults([
      { id: 'a', title: 'A', area: 'servers', target: 'n1', status: 'fail', detail: 'broken', remedy: 'fix it', durationMs: 1 },
      { id: 'b', title: 'B', area: 'servers', target: 'cluster', status: 'pass', detail: 'fine', remedy: 'never shown', durationMs: 1 },
    ], false);
    expect(out).toContain('FAIL  A [n1]');
    expect(out).toContain('→ fix it');
    expect(out).not.toContain('never shown');
  });
});
