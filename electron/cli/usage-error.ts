/**
 * Bad usage, a bad profile or a file that is no report: exit 2 with the message. Its own file so the
 * program (ha-wizard.ts) can tell it apart without loading the profile's schemas.
 */
export class UsageError extends Error {}
