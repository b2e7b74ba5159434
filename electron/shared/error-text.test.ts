import { describe, expect, it } from 'vitest';
import { errorCause, errorCode, errorMessage, isTimeoutError, messageOf, toError } from './error-text';

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

  it('turns any thrown value into an Error, keeping an Error as it is and the value as its cause', () => {
    const e = new TypeError('bad');
    expect(toError(e)).toBe(e);
    for (const v of ['plain text', 42, null, undefined, { code: 'X' }]) {
      const made = toError(v);
      expect(made).toBeInstanceOf(Error);
      expect(made.message).toBe(String(v));
      expect(made.cause).toBe(v);
    }
  });
});
