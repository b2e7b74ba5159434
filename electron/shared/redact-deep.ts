/**
 * Redacts structured data string by string. Redacting its JSON text instead can cut an escape in half
 * (a secret `nabc` inside `"x\nabcd"`) and leave text that no longer parses, or mask a key's name.
 */
import type { JsonValue } from './check-run-schema';

type JsonObject = { [key: string]: JsonValue };

export function redactJson(value: JsonValue, redact: (s: string) => string): JsonValue {
  if (typeof value === 'string') return redact(value);
  // A number JSON cannot hold (NaN, Infinity) becomes null, so the result stays JSON.
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => redactJson(v, redact));
  return redactJsonObject(value, redact);
}

/** An object's keys and values, each redacted (a key can be a value too: a host, a path). */
export function redactJsonObject(value: JsonObject, redact: (s: string) => string): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) out[redact(k)] = redactJson(v, redact);
  return out;
}
