/**
 * Which encryption key the cluster keeps. Replacing the key of an instance that has data makes its
 * stored secrets unreadable, so: keep the key of the node(s) already on the cluster's database; else
 * the one key any node has; generate a new key only when no node has one. Two different keys where
 * data exists is a conflict the admin must settle (profile: encryptionKey.mode = keep-node).
 */
import crypto from 'node:crypto';
import { ENCRYPTION_KEY_BYTES, ENCRYPTION_KEY_PATTERN, encryptionKeyText, type KeyChoice, type KeyDecision } from '../../shared/encryption-key';
import { keyFingerprint } from './product-config';

export type { KeyChoice, KeyDecision };

export interface NodeKeyState {
  id: string;
  key: string | null;
  /** The node's configuration already points at the cluster's database (so it has the cluster's data). */
  onClusterDatabase: boolean;
}

/** The decision, and (inside the engine only) the key to write. */
export function decideEncryptionKey(nodes: NodeKeyState[], choice: KeyChoice): { decision: KeyDecision; key: string | null } {
  const norm = (k: string) => k.trim().toLowerCase();
  const byKey = new Map<string, string[]>();
  for (const n of nodes) if (n.key) byKey.set(norm(n.key), [...(byKey.get(norm(n.key)) ?? []), n.id]);
  const fingerprints = (keys: Iterable<string>) => Object.fromEntries([...keys].map((k) => [keyFingerprint(k), byKey.get(k) ?? []]));
  const keep = (key: string, reason: string) => {
    const others = [...byKey.keys()].filter((k) => k !== key);
    return {
      decision: {
        kind: 'keep' as const, fingerprint: keyFingerprint(key), fromNodes: byKey.get(key) ?? [], reason,
        nodesToChange: nodes.filter((n) => !n.key || norm(n.key) !== key).map((n) => n.id),
        discards: others.map((k) => keyFingerprint(k)),
      },
      key,
    };
  };

  if (choice.mode === 'provided') {
    const key = norm(choice.key);
    if (!ENCRYPTION_KEY_PATTERN.test(key)) throw new Error('the provided encryption key is not 32 hexadecimal characters');
    const clash = nodes.filter((n) => n.onClusterDatabase && n.key && norm(n.key) !== key).map((n) => n.id);
    if (clash.length) {
      return { decision: { kind: 'conflict', fingerprints: fingerprints(new Set([key, ...clash.map((id) => norm(nodes.find((n) => n.id === id)!.key!))])), reason: `the cluster's database is already used with another key (on ${clash.join(', ')}); replacing it would make its stored secrets unreadable` }, key: null };
    }
    return keep(key, 'the key given in the profile');
  }
  if (choice.mode === 'keep-node') {
    const node = nodes.find((n) => n.id === choice.node);
    if (!node?.key) return { decision: { kind: 'conflict', fingerprints: fingerprints(byKey.keys()), reason: `${choice.node} has no encryption key to keep` }, key: null };
    return keep(norm(node.key), `the profile says to keep ${choice.node}'s key`);
  }

  const onCluster = new Set(nodes.filter((n) => n.onClusterDatabase && n.key).map((n) => norm(n.key!)));
  if (onCluster.size === 1) return keep([...onCluster][0]!, 'the key already used with the cluster\'s database');
  if (onCluster.size > 1) {
    return { decision: { kind: 'conflict', fingerprints: fingerprints(onCluster), reason: 'nodes on the cluster\'s database use different keys' }, key: null };
  }
  if (byKey.size === 1) return keep([...byKey.keys()][0]!, 'the only key any node has');
  if (byKey.size > 1) return { decision: { kind: 'conflict', fingerprints: fingerprints(byKey.keys()), reason: 'nodes have different keys and none is on the cluster\'s database yet' }, key: null };
  return { decision: { kind: 'generate', reason: 'no node has a key yet', nodesToChange: nodes.map((n) => n.id) }, key: null };
}

/** 16 random bytes as 32 lowercase hex characters (what Inedo's Docker guide makes with xxd). */
export function generateEncryptionKey(): string {
  return encryptionKeyText(crypto.randomBytes(ENCRYPTION_KEY_BYTES));
}
