/**
 * Vitest global setup of the "lab" project: starts one lab for the whole run and removes it after,
 * failing loudly if anything of ours is left behind. HA_LAB_KEEP=1 leaves it up for a look.
 */
import type { TestProject } from 'vitest/node';
import { labDown, labUp, leftovers, preflight } from './lab';
import { acquireLabLock } from './lab-lock';
import type { LabDescription } from './lab-description';

declare module 'vitest' {
  export interface ProvidedContext {
    lab: LabDescription;
  }
}

export default async function setup(project: TestProject) {
  try {
    await preflight();
  } catch (e) {
    throw new Error(`The lab cannot start here, so the lab tests cannot run: ${(e as Error).message}`, { cause: e });
  }
  // Held for the whole run: no other run or `lab` command may restart or fault the lab meanwhile.
  const release = await acquireLabLock('vitest lab project');
  const lab = await labUp({ nodes: 3 });
  project.provide('lab', lab);
  return async () => {
    try {
      if (process.env.HA_LAB_KEEP === '1') return;
      await labDown();
      // A second down with nothing up must be harmless.
      await labDown();
      const left = await leftovers();
      if (left.length) throw new Error(`the lab left behind:\n  ${left.join('\n  ')}`);
    } finally {
      release();
    }
  };
}
