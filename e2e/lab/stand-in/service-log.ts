import { appendFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ServiceLog {
  /** Appends one timestamped line; never throws (a full disk must not take the service down). */
  line(text: string): void;
}

/**
 * The stand-in's own log, `service.log` in the state dir. Written synchronously so the last line
 * before an exit (a refusal) is on disk when the service script reads it back.
 */
export function openServiceLog(stateDir: string, echo?: (text: string) => void): ServiceLog {
  const file = join(stateDir, 'service.log');
  return {
    line(text) {
      const oneLine = text.replace(/\s*[\r\n]+\s*/g, ' ');
      try {
        appendFileSync(file, `${new Date().toISOString()} ${oneLine}\n`);
      } catch {
        // Nothing better to do: the log is the only channel.
      }
      echo?.(oneLine);
    },
  };
}
