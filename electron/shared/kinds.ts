/**
 * The small closed sets both sides name: a server's operating system and the database kind. One
 * definition each; the profile schema, the engine and the renderer's forms all take them from here.
 * (The load balancer types and their names sit beside the profile schema: LOAD_BALANCER_TYPES/NAMES.)
 */
export const OS_KINDS = ['windows', 'linux'] as const;
export type Os = (typeof OS_KINDS)[number];

export const DATABASE_KINDS = ['sqlserver', 'postgres'] as const;
export type DatabaseKind = (typeof DATABASE_KINDS)[number];
