/**
 * A reason the stand-in will not start. main.ts logs it as `refusing to start: <reason>` and exits 3,
 * so a misconfigured node is visible at once instead of serving something half-right.
 */
export class StartRefusal extends Error {
  override name = 'StartRefusal';
}

/** Exit code of a refused start (distinct from a crash, which node reports as 1). */
export const REFUSAL_EXIT_CODE = 3;
