/**
 * Secrets are resolved by the host (CLI: environment, file, TTY prompt; desktop: safeStorage) and kept
 * in memory only. Every value resolved is registered with the run's Redactor, which masks it in any
 * text that leaves the engine (check details, errors, logs, reports), as a net under every other care.
 */
import fs from 'node:fs/promises';
import type { SecretRef } from '../shared/profile';
import { secretEncodings } from '../shared/secret-encodings';
import { errorCode } from '../shared/error-text';

export class SecretUnavailableError extends Error {
  constructor(readonly label: string, reason: string) {
    super(`${label}: ${reason}`);
  }
}

export interface SecretSource {
  /** Resolves a reference; `label` says what it is for, for prompts and errors (never the value). */
  resolve(ref: SecretRef, label: string): Promise<string>;
}

export const MASK = '********';

export class Redactor {
  private readonly values = new Set<string>();

  /** Registers a secret; very short values are not masked (they would mangle ordinary text). */
  add(value: string | undefined): void {
    // Every encoding too: a driver may echo the connection string, a reader the XML, a log its JSON.
    if (value && value.length >= 4) for (const form of secretEncodings(value)) this.values.add(form);
  }

  redact(text: string): string {
    let out = text;
    // Longest first, so a secret containing another is masked whole.
    for (const v of [...this.values].sort((a, b) => b.length - a.length)) out = out.split(v).join(MASK);
    return out;
  }
}

/** Resolves through a source and remembers each value in the redactor. */
export class SecretResolver {
  private readonly cache = new Map<string, Promise<string>>();

  constructor(private readonly source: SecretSource, readonly redactor: Redactor = new Redactor()) {}

  resolve(ref: SecretRef, label: string): Promise<string> {
    const key = JSON.stringify(ref);
    let p = this.cache.get(key);
    if (!p) {
      p = this.source.resolve(ref, label).then((v) => {
        this.redactor.add(v);
        return v;
      });
      this.cache.set(key, p);
    }
    return p;
  }
}

/**
 * Environment variables and files; prompts through `prompt` when given (the CLI on a TTY).
 * Encrypted references belong to the desktop app and cannot be read here.
 */
export function envFileSecretSource(opts: { env?: NodeJS.ProcessEnv; prompt?: (label: string, ref: string) => Promise<string> } = {}): SecretSource {
  const env = opts.env ?? process.env;
  return {
    async resolve(ref, label) {
      if ('env' in ref) {
        const v = env[ref.env];
        if (v === undefined || v === '') throw new SecretUnavailableError(label, `environment variable ${ref.env} is not set`);
        return v;
      }
      if ('file' in ref) {
        try {
          return (await fs.readFile(ref.file, 'utf8')).replace(/\r?\n$/, '');
        } catch (e) {
          throw new SecretUnavailableError(label, `cannot read ${ref.file} (${errorCode(e) ?? 'error'})`);
        }
      }
      if ('prompt' in ref) {
        if (!opts.prompt) throw new SecretUnavailableError(label, 'needs a prompt, and there is no terminal to ask on (set it through an environment variable instead)');
        return opts.prompt(label, ref.prompt);
      }
      throw new SecretUnavailableError(label, 'is encrypted for the desktop app and cannot be read here');
    },
  };
}
