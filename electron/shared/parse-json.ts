/**
 * JSON text read back as what its schema says it is. `JSON.parse` gives `any`; a file the wizard wrote
 * earlier (or the admin edited, or a crash tore) is checked, not asserted, to be the shape it expects.
 */
import type { z } from 'zod';

/** The parsed value when it has the schema's shape; throws SyntaxError (not JSON) or ZodError (not that shape). */
export function parseJsonAs<S extends z.ZodType>(schema: S, text: string): z.output<S> {
  const value: unknown = JSON.parse(text);
  return schema.parse(value);
}

/** The parsed value when it has the schema's shape, else null (not JSON, or not that shape). */
export function readJsonAs<S extends z.ZodType>(schema: S, text: string): z.output<S> | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const r = schema.safeParse(value);
  return r.success ? r.data : null;
}
