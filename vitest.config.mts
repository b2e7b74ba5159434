import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Vitest's default is one worker fewer than the cores: on a 2-core CI machine that is one, and the
// unit files then ran one at a time, half of their 509 s spent starting a file with no test running.
const UNIT_WORKERS = Math.max(availableParallelism(), 2);

// Two projects in one `npm test`: unit tests need nothing but Node; lab tests need root and start
// the real multi-node lab once for the whole run (e2e/lab/global-setup.ts).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['electron/**/*.test.ts', 'renderer/**/*.test.ts', 'e2e/**/*.unit.test.ts', 'build/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
          maxWorkers: UNIT_WORKERS,
        },
      },
      {
        // Page and component tests: React in a DOM (happy-dom), through Testing Library.
        test: {
          name: 'dom',
          include: ['renderer/**/*.test.tsx'],
          environment: 'happy-dom',
          setupFiles: ['renderer/src/testing/dom-setup.ts'],
          testTimeout: 20_000,
          maxWorkers: UNIT_WORKERS,
        },
      },
      {
        test: {
          name: 'lab',
          include: ['e2e/**/*.lab.test.ts'],
          environment: 'node',
          globalSetup: ['e2e/lab/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          // One lab, shared: its files run one after another so faults in one cannot bleed into another.
          fileParallelism: false,
        },
      },
    ],
  },
});
