/**
 * What a caught value says. `catch (e)` gives `unknown` (a throw can carry anything), so these read
 * the fields errors carry by looking, instead of asserting the value is an Error.
 */

/** The value's `message` when it has a string one (Error and its kin, across realms too). */
export function messageOf(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'message' in e && typeof e.message === 'string' ? e.message : undefined;
}

/** The message of an error; any other thrown value as text. */
export function errorMessage(e: unknown): string {
  return messageOf(e) ?? String(e);
}

/** The string `code` Node and drivers put on errors (ENOENT, ECONNREFUSED, ...). */
export function errorCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

/** The error's `cause` (fetch puts the socket's error there). */
export function errorCause(e: unknown): unknown {
  return typeof e === 'object' && e !== null && 'cause' in e ? e.cause : undefined;
}

/** Whether the value is the error an `AbortSignal.timeout` ends a call with. */
export function isTimeoutError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && 'name' in e && e.name === 'TimeoutError';
}

/** The value itself when it is an Error, else an Error carrying its text: for `.catch` that returns the error as a value. */
export function toError(e: unknown): Error {
  return e instanceof Error ? e : new Error(errorMessage(e), { cause: e });
}
