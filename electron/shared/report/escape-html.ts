/**
 * Text into HTML. Every value in the report is escaped with this, in text and in attribute values
 * alike: quotes are escaped too, so an attribute can never be closed from the inside.
 */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}
