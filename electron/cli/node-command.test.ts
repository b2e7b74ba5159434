/** `ha-wizard node add|remove` as an admin types them: refusals before any server is touched, the profile file left as it was. */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ONE_NODE_PROFILE, runCli, tempFolder } from './cli-fixture';

const twoNodes = { ...ONE_NODE_PROFILE, nodes: [ONE_NODE_PROFILE.nodes[0], { ...ONE_NODE_PROFILE.nodes[0], host: '127.0.0.2', id: 'second' }] };

describe('ha-wizard node', () => {
  it('add without a server says how to name one (usage, exit 2)', async () => {
    const f = tempFolder('node-cli-').write('p.json', twoNodes);
    const r = await runCli(['node', 'add', '--profile', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('say which server to add: --host ADDRESS');
  }, 30_000);

  it('remove of a server not in the cluster is refused, and the profile file is not touched', async () => {
    const f = tempFolder('node-cli-').write('p.json', twoNodes);
    const before = fs.readFileSync(f);
    const r = await runCli(['node', 'remove', '--profile', f, '--node', 'nope']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Refused, nothing was changed: there is no server nope in this cluster (it has 127.0.0.1, second)');
    expect(fs.readFileSync(f)).toEqual(before);
  }, 30_000);

  it('remove is refused while no server is healthy (none answers here), before the balancer or the server is touched', async () => {
    const f = tempFolder('node-cli-').write('p.json', twoNodes);
    const r = await runCli(['node', 'remove', '--profile', f, '--node', 'second', '--connect-timeout', '500']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Refused, nothing was changed: no server of the cluster is healthy now (second: ');
  }, 30_000);

  it('--drain-timeout takes whole seconds from 0 to 3600', async () => {
    const f = tempFolder('node-cli-').write('p.json', twoNodes);
    const r = await runCli(['node', 'remove', '--profile', f, '--node', 'second', '--drain-timeout', '-1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('expected seconds from 0 to 3600');
  }, 30_000);
});
