import { describe, expect, it } from 'vitest';
import { decideEncryptionKey, generateEncryptionKey } from './encryption-key';
import { keyFingerprint } from './product-config';

const A = '1fa97faa42744155a879c056a70c11a7';
const B = '0123456789abcdef0123456789abcdef';

describe('which encryption key the cluster keeps', () => {
  it('generates only when no node has a key', () => {
    const r = decideEncryptionKey([{ id: 'n1', key: null, onClusterDatabase: true }, { id: 'n2', key: null, onClusterDatabase: false }], { mode: 'auto' });
    expect(r).toEqual({ decision: { kind: 'generate', reason: 'no node has a key yet', nodesToChange: ['n1', 'n2'] }, key: null });
  });

  it('keeps the key of the node already on the cluster database, discarding a stray one elsewhere', () => {
    const r = decideEncryptionKey([
      { id: 'n1', key: A.toUpperCase(), onClusterDatabase: true },
      { id: 'n2', key: B, onClusterDatabase: false },
      { id: 'n3', key: null, onClusterDatabase: false },
    ], { mode: 'auto' });
    expect(r.key).toBe(A);
    expect(r.decision).toMatchObject({ kind: 'keep', fromNodes: ['n1'], nodesToChange: ['n2', 'n3'], discards: [keyFingerprint(B)] });
  });

  it('refuses to choose between two keys that both have data', () => {
    const r = decideEncryptionKey([{ id: 'n1', key: A, onClusterDatabase: true }, { id: 'n2', key: B, onClusterDatabase: true }], { mode: 'auto' });
    expect(r.key).toBeNull();
    expect(r.decision.kind).toBe('conflict');
    expect(JSON.stringify(r.decision)).not.toContain(A);
  });

  it('keep-node settles a conflict; provided must not replace a key in use', () => {
    expect(decideEncryptionKey([{ id: 'n1', key: A, onClusterDatabase: true }, { id: 'n2', key: B, onClusterDatabase: true }], { mode: 'keep-node', node: 'n2' }).key).toBe(B);
    expect(decideEncryptionKey([{ id: 'n1', key: A, onClusterDatabase: true }], { mode: 'provided', key: B }).decision.kind).toBe('conflict');
    expect(decideEncryptionKey([{ id: 'n1', key: null, onClusterDatabase: true }], { mode: 'provided', key: B }).key).toBe(B);
    expect(() => decideEncryptionKey([], { mode: 'provided', key: 'short' })).toThrow(/32 hexadecimal/);
  });

  it('generates 32 lowercase hex characters, differently each time', () => {
    const a = generateEncryptionKey();
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(generateEncryptionKey()).not.toBe(a);
  });
});
