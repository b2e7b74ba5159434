/** A non-array object, whose fields can be read by name (parsed JSON, XML or a thrown value). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
