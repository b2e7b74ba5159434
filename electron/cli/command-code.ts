/**
 * Every command's code, in one module the program imports when a command runs (never for `--help`).
 * Bundled, it is its own file beside the program, ha-wizard-commands.cjs, require()d on first use
 * (scripts/build-cli.ts); under tsx it is imported as it is.
 */
export { checkCommand } from './check-command';
export { healthCommand } from './health-command';
export { applyCommand, planCommand } from './plan-command';
export { journalNotice, recoverCommand } from './recover-command';
export { reportCommand } from './report-command';
export { driftCommand } from './drift-command';
export { upgradeCommand } from './upgrade-command';
export { nodeAddCommand, nodeRemoveCommand } from './node-change-command';
export { balancerCommand, rotationCommand } from './node-drain-command';
