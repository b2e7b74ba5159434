/**
 * Which field of a server's form a failed Connect points at, so the UI can say why next to it: the
 * engine writes it into the check result's data (`field`), the Servers page reads it back.
 */
import { isOneOf } from './one-of';
export const SERVER_FIELDS = ['host', 'port', 'user', 'authKind', 'password', 'keyPath', 'passphrase', 'agent'] as const;
export type ServerField = (typeof SERVER_FIELDS)[number];

/** The field a check result names, or null when it names none (or one this UI does not know). */
export function serverFieldOf(data: Record<string, unknown> | undefined): ServerField | null {
  const f = data?.field;
  return typeof f === 'string' && isOneOf(SERVER_FIELDS, f) ? f : null;
}
