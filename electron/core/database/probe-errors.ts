/**
 * Reading a database driver's errors, for both probes. Its own module so the PostgreSQL probe does not
 * load the SQL Server driver (mssql → tedious → @azure, ~190 ms of the event loop) to read an error code.
 */
import { MASK } from '../secrets';
import { isRecord } from '../../shared/is-record';
import { describeNetworkError, networkFailureOf } from '../../shared/network-failure';

export type ProbeErrorKind = 'unreachable' | 'timeout' | 'login' | 'database-missing' | 'tls' | 'integrated' | 'secret' | 'other';

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNRESET', 'EPIPE', 'EINSTLOOKUP']);
const TIMEOUT_CODES = new Set(['ETIMEOUT', 'ETIMEDOUT']);
const TLS_MESSAGE = /certificate|self[- ]signed|ssl|tls|handshake|altname/i;

/**
 * Every `code` on the error and what it wraps: mssql → tedious → socket/TLS error, and the
 * AggregateError tedious throws when every address of the host refused.
 */
export function errorCodes(err: unknown): string[] {
  const codes: string[] = [];
  const seen = new Set<unknown>();
  const visit = (e: unknown) => {
    if (!isRecord(e) || seen.has(e)) return;
    seen.add(e);
    const { code, originalError, cause, errors } = e;
    if (typeof code === 'string') codes.push(code);
    visit(originalError);
    visit(cause);
    if (Array.isArray(errors)) errors.forEach(visit);
  };
  visit(err);
  return codes;
}

/** Messages are built by drivers and servers; the password is masked in them all the same. */
export function scrub(text: string, secret: string | undefined): string {
  return secret && secret.length >= 4 ? text.split(secret).join(MASK) : text;
}

/**
 * A driver's message for a failure to connect, in words: the socket's errno sits deep in the error
 * (tedious says only "Could not connect (sequence)"), so it is read from the chain, not the message.
 */
export function connectFailureMessage(err: unknown, message: string): string {
  const code = errorCodes(err).find((c) => networkFailureOf(c) !== 'other');
  const words = code ? describeNetworkError(code, message) : null;
  return words ?? message;
}

/** The kind of a connect failure that is about the network or TLS, or null. */
export function networkErrorKind(codes: string[], message: string): ProbeErrorKind | null {
  if (codes.some((c) => TIMEOUT_CODES.has(c))) return 'timeout';
  if (codes.some((c) => c.includes('CERT') || c.startsWith('ERR_TLS') || c.startsWith('ERR_SSL'))) return 'tls';
  if (codes.some((c) => UNREACHABLE_CODES.has(c))) return 'unreachable';
  if (TLS_MESSAGE.test(message)) return 'tls';
  return null;
}
