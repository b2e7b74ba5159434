/**
 * Bad usage, a bad profile or a file that is no report: exit 2 with the message. Its own file so the
 * program (ha-wizard.ts) can tell it apart without loading the profile's schemas.
 * Bundled, the command code takes this class from the program's file (scripts/build-cli.ts): one class.
 */
export class UsageError extends Error {}
