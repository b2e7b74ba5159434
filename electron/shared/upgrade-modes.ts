/**
 * The two ways a cluster is upgraded (upgrade-schema.ts says what each does). Apart from the schemas so the
 * CLI can list them in `--help` without building any zod schema.
 */
export const UPGRADE_MODES = ['coordinated', 'rolling'] as const;
export type UpgradeMode = (typeof UPGRADE_MODES)[number];
