/** `ha-wizard node drain|resume` and `ha-wizard balancer` through the real CLI, without a balancer to drive (the lab drives HAProxy). */
import { describe, expect, it } from 'vitest';
import { ONE_NODE_PROFILE as one, runCli as cli, tempFolder } from './cli-fixture';

const { write } = tempFolder('cli-drain-');
const nodes = ['node1', 'node2'].map((id, i) => ({ ...one.nodes[0], id, host: `127.0.0.${i + 1}` }));

describe('ha-wizard node drain|resume and balancer', () => {
  it('refuses a server the profile does not have (exit 2), naming its servers', async () => {
    const r = await cli(['node', 'drain', '--profile', write('p.json', { ...one, nodes }), '--node', 'node9']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('There is no server "node9" in this profile; its servers are node1, node2.');
  });

  it('without access to the balancer: nothing changed, the exact step printed, exit 1', async () => {
    const r = await cli(['node', 'resume', '--profile', write('p2.json', { ...one, nodes }), '--node', 'node2']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Nothing was changed.');
    expect(r.stdout).toMatch(/1\. Put node2 back into rotation at HAProxy: On the HAProxy host:\s+echo 'set server inedo_nodes\/node2 state ready' \| sudo socat stdio unix-connect:/);
    const j = await cli(['node', 'drain', '--profile', write('p3.json', { ...one, nodes }), '--node', 'node1', '--json']);
    expect(JSON.parse(j.stdout)).toMatchObject({ driven: false, members: [], manual: [{ title: 'Take node1 out of rotation at HAProxy' }] });
  });

  it('a runtime API that does not answer fails (exit 1) saying so', async () => {
    const p = write('p4.json', { ...one, nodes, loadBalancer: { type: 'haproxy', access: { kind: 'haproxy-api', host: '127.0.0.1', port: 1 } } });
    const r = await cli(['balancer', '--profile', p]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ha-wizard: .*(ECONNREFUSED|refused)/m);
  });
});
