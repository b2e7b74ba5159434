/**
 * Small tools a poll round is made of: waiting for a promise no longer than a deadline (the work may go
 * on, but the round does not wait for it), a bounded map, and an abortable sleep. Every timer and
 * listener they create is removed as soon as it is no longer needed, so a long watch leaks nothing.
 */

export type Outcome<T> = { state: 'done'; value: T } | { state: 'failed'; error: Error } | { state: 'timeout' } | { state: 'aborted' };

const asError = (e: unknown) => (e instanceof Error ? e : new Error(String(e)));

/** Settles with the promise's outcome, or 'timeout' at `deadline` (epoch ms), or 'aborted'. Never rejects. */
export function settleBy<T>(promise: Promise<T>, deadline: number, signal?: AbortSignal): Promise<Outcome<T>> {
  if (signal?.aborted) {
    promise.catch(() => undefined);
    return Promise.resolve({ state: 'aborted' });
  }
  return new Promise((resolve) => {
    const finish = (o: Outcome<T>) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(o);
    };
    const onAbort = () => finish({ state: 'aborted' });
    const timer = setTimeout(() => finish({ state: 'timeout' }), Math.max(0, deadline - Date.now()));
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then((value) => finish({ state: 'done', value }), (e: unknown) => finish({ state: 'failed', error: asError(e) }));
  });
}

/** Maps with at most `limit` calls of `fn` running at once; results in input order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

/** Resolves after `ms`, or at once when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** A promise settled from outside (e.g. a node's session, awaited by the storage round-trip before the node's turn). */
export function deferred<T>(): { promise: Promise<T>; settle: (value: Promise<T>) => void } {
  let settle!: (value: Promise<T>) => void;
  const promise = new Promise<T>((resolve) => (settle = resolve));
  // Nobody may be waiting on it when it fails.
  promise.catch(() => undefined);
  return { promise, settle };
}
