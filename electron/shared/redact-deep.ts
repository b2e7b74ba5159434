import type { JsonValue } from './check-run-schema';

/**
 * Redacts structured data string by string. Redacting its JSON text instead can cut an escape in half
 * (a secret `nabc` inside `"x\nabcd"`) and leave text that no longer parses, or mask a key's name.
 */
export function redactDeep(value: unknown, redact: (s: string) => string): JsonValue | undefined {
  if (typeof value === 'string') return redact(value);
  // Values JSON cannot hold are dropped, so the result stays JSON-able.
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact) ?? null);
  if (typeof value === 'object') return redactRecord(value, redact);
  return undefined;
}

/** redactDeep for an object: its keys and values redacted, what JSON cannot hold dropped. */
export function redactRecord(value: object, redact: (s: string) => string): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(value)) {
    const r = redactDeep(v, redact);
    if (r !== undefined) out[redact(k)] = r;
  }
  return out;
}
