import { describe, expect, it } from 'vitest';
import { ProfileSchema, nodeId } from '../../shared/profile';
import { LICENSED_NODE_LIMIT } from '../../shared/products';
import { clusterOf, testNode as node } from './testing/profiles';
import { NodeChangeRefused, licenceNote, withNode, withoutNode } from './grown-profile';

describe('the cluster with one server more or less', () => {
  it('says the licence note when the cluster reaches six servers, never before', () => {
    for (let n = 1; n <= 9; n++) {
      const grown = withNode(clusterOf(n), ProfileSchema.shape.nodes.element.parse(node(100)));
      const note = licenceNote(clusterOf(n), grown.nodes.length);
      if (grown.nodes.length <= LICENSED_NODE_LIMIT) expect(note, `${grown.nodes.length} servers`).toBeNull();
      else expect(note).toContain(`This makes ${grown.nodes.length} servers`);
    }
    expect(licenceNote(clusterOf(5), 6)).toMatch(/allows 5 servers per instance by default/);
  });

  it('refuses a server already in the cluster, by name or by address', () => {
    const p = clusterOf(2);
    expect(() => withNode(p, p.nodes[0]!)).toThrow(NodeChangeRefused);
    expect(() => withNode(p, { ...p.nodes[1]!, id: 'other' })).toThrow(/already in the cluster/);
  });

  it('removes only the named server, refuses an unknown one and the only one', () => {
    const p = clusterOf(3);
    expect(withoutNode(p, 'node2').nodes.map(nodeId)).toEqual(['node1', 'node3']);
    expect(() => withoutNode(p, 'node9')).toThrow(/there is no server node9/);
    expect(() => withoutNode(clusterOf(1), 'node1')).toThrow(/only server/);
  });

  it('a key kept from the removed server becomes the cluster key (auto), so the smaller profile stays valid', () => {
    const p = clusterOf(3, { encryptionKey: { mode: 'keep-node', node: 'node3' } });
    const shrunk = withoutNode(p, 'node3');
    expect(shrunk.encryptionKey).toEqual({ mode: 'auto' });
    expect(ProfileSchema.safeParse(shrunk).success).toBe(true);
  });
});
