import { describe, expect, it } from 'vitest';
import { errorCause, errorCode, errorMessage, isTimeoutError, messageOf } from './error-text';

describe('error-text', () => {
  it('reads an Error\'s message, code and cause', () => {
    const e = Object.assign(new Error('boom', { cause: { code: 'ECONNREFUSED' } }), { code: 'ENOENT' });
    expect(messageOf(e)).toBe('boom');
    expect(errorMessage(e)).toBe('boom');
    expect(errorCode(e)).toBe('ENOENT');
    expect(errorCode(errorCause(e))).toBe('ECONNREFUSED');
  });

  it('gives any other thrown value as text and no fields', () => {
    for (const v of ['plain text', 42, null, undefined, { message: 7, code: 2 }]) {
      expect(messageOf(v)).toBeUndefined();
      expect(errorMessage(v)).toBe(String(v));
      expect(errorCode(v)).toBeUndefined();
      expect(errorCause(v)).toBeUndefined();
    }
  });

  it('knows the timeout an AbortSignal ends a call with', async () => {
    const e = await new Promise((resolve) => {
      const s = AbortSignal.timeout(1);
      s.addEventListener('abort', () => resolve(s.reason));
    });
    expect(isTimeoutError(e)).toBe(true);
    expect(isTimeoutError(new Error('x'))).toBe(false);
  });
});
