/** For lab tests: faults (and other undo steps) registered during a test are undone after it, last first. */
import { afterEach } from 'vitest';
import { injectFault } from './faults';

export function faultScope() {
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()?.();
  });
  return {
    cleanups,
    /** Injects a fault and registers its clearing. */
    fault: async (...a: Parameters<typeof injectFault>) => {
      await injectFault(...a);
      cleanups.push(() => injectFault(a[0], a[1], { ...a[2], clear: true }));
    },
  };
}
