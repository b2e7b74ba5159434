/**
 * One dispatcher for the contract: a handler per call name, typed from the contract, so a missing
 * handler or a wrong output type is a compile error. Input and output are validated here, once, for
 * every host; every failure becomes a typed `CallResult` error with the caller's secrets masked.
 */
import type { z } from 'zod';
import { Redactor } from '../secrets';
import { CALLS, type CallErrorInfo, type CallName, type CallOutput, type CallParsedInput, type CallResult } from '../../shared/contract';

export type Handlers = { [C in CallName]: (input: CallParsedInput<C>) => Promise<CallOutput<C>> };

/** The contract's schemas seen per call name, so a generic call's input and output keep their types. */
type Specs = { [C in CallName]: { input: z.ZodType<CallParsedInput<C>>; output: z.ZodType<CallOutput<C>> } };
const SPECS: Specs = CALLS;

/** A call the engine will not do (an unknown plan id, a report it does not keep): `refused`, not `failed`. */
export class RefusedError extends Error {}

/** What crosses to the UI is plain JSON, whatever the transport (IPC keeps Dates, WebSocket does not). */
export function plain(value: unknown): unknown {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

const isCallName = (name: unknown): name is CallName => typeof name === 'string' && Object.hasOwn(CALLS, name);

/**
 * A redactor for the secret values a caller sent (`secrets: { key: value }`), read from the raw input
 * so they are masked in any error, even when the input itself was refused.
 */
export function sentSecretsRedactor(raw: unknown): Redactor {
  const redactor = new Redactor();
  const s = raw && typeof raw === 'object' && 'secrets' in raw ? raw.secrets : null;
  if (s && typeof s === 'object') for (const v of Object.values(s)) if (typeof v === 'string') redactor.add(v);
  return redactor;
}

const issues = (e: { issues: { path: PropertyKey[]; message: string }[] }) => e.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');

/** A call whose name came off the wire: an unknown name is a typed error like any other. */
export function dispatchAny(handlers: Handlers, name: unknown, raw: unknown): Promise<CallResult<CallName>> {
  if (!isCallName(name)) return Promise.resolve({ ok: false, error: { kind: 'unknown-call', message: `unknown call ${String(name).slice(0, 100)}` } });
  return dispatch(handlers, name, raw);
}

/** Validates, runs, validates again: what goes out matches the contract or is a typed error. */
export async function dispatch<C extends CallName>(handlers: Handlers, name: C, raw: unknown): Promise<CallResult<C>> {
  const redactor = sentSecretsRedactor(raw);
  const fail = (kind: CallErrorInfo['kind'], message: string): CallResult<C> => ({ ok: false, error: { kind, message: redactor.redact(message) } });
  // A caller typed in TypeScript cannot send an unknown name; a caller over a wire can.
  if (!isCallName(name)) return fail('unknown-call', `unknown call ${String(name).slice(0, 100)}`);
  // Read as the JSON it stands for: IPC's structured clone keeps `undefined` properties and Dates that a
  // WebSocket (and the contract's JSON schemas) would not, so both transports mean the same input.
  let json: unknown;
  try {
    json = plain(raw);
  } catch (e) {
    return fail('invalid-input', `${name}: invalid input: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const parsed = SPECS[name].input.safeParse(json);
  if (!parsed.success) return fail('invalid-input', `${name}: invalid input: ${issues(parsed.error)}`);
  let out: CallOutput<C>;
  try {
    out = await handlers[name](parsed.data);
  } catch (e) {
    return fail(e instanceof RefusedError ? 'refused' : 'failed', e instanceof Error ? e.message : String(e));
  }
  const checked = SPECS[name].output.safeParse(plain(out));
  if (!checked.success) return fail('invalid-output', `${name}: the engine's answer does not match the contract: ${issues(checked.error)}`);
  return { ok: true, value: checked.data };
}
