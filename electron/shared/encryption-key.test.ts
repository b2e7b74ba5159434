import { describe, expect, it } from 'vitest';
import { ENCRYPTION_KEY_PATTERN, encryptionKeyText, keyDecisionOf } from './encryption-key';
import { seededRandom } from './testing/seeded-random';

describe('encryption key rules', () => {
  it('turns any 16 bytes into a key the pattern accepts, lowercase, and refuses another length', () => {
    const next = seededRandom(41);
    for (let i = 0; i < 500; i++) {
      const bytes = Uint8Array.from({ length: 16 }, () => Math.floor(next() * 256));
      const key = encryptionKeyText(bytes);
      expect(key).toMatch(ENCRYPTION_KEY_PATTERN);
      expect(key).toBe(key.toLowerCase());
      expect(Buffer.from(key, 'hex').equals(Buffer.from(bytes))).toBe(true);
    }
    expect(() => encryptionKeyText(new Uint8Array(15))).toThrow(/16 bytes/);
  });
  it('the pattern takes 32 hex characters in either case and nothing else', () => {
    expect(ENCRYPTION_KEY_PATTERN.test('0123456789abcdefABCDEF0123456789')).toBe(true);
    for (const bad of ['', '0123456789abcdef0123456789abcde', '0123456789abcdef0123456789abcdef0', 'g123456789abcdef0123456789abcdef', ' 0123456789abcdef0123456789abcdef']) {
      expect(ENCRYPTION_KEY_PATTERN.test(bad), bad).toBe(false);
    }
  });
  it('reads the engine\'s decision from check data, and nothing from data of another shape', () => {
    expect(keyDecisionOf({ decision: { kind: 'generate', reason: 'no node has a key yet', nodesToChange: ['a'] } })?.kind).toBe('generate');
    expect(keyDecisionOf({ decision: { kind: 'keep', fingerprint: 'key:1', reason: 'r', fromNodes: [], nodesToChange: [] } })).toBeNull();
    expect(keyDecisionOf(undefined)).toBeNull();
    expect(keyDecisionOf({ decision: 'keep' })).toBeNull();
  });
});
