/**
 * An installer's, upgradedb's or a backup tool's output as it may leave a run (an error, an event, the
 * report): masked WHOLE by the run's redactor first, then cut to its last lines. Cut first, a secret at the
 * cut would be left in part, which the redactor no longer recognises (and trim() could shorten one at an end).
 */
export function maskedTail(output: string, redact: (t: string) => string, o: { lines?: number; max?: number } = {}): string {
  const masked = redact(output).replace(/\r\n/g, '\n').trim();
  return masked.split('\n').slice(-(o.lines ?? 3)).join(' / ').slice(0, o.max ?? 400) || 'no output';
}
