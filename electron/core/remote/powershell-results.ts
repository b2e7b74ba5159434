/**
 * What each library script prints, as zod schemas, and the code that runs a script on a session and
 * checks its single JSON object. Windows PowerShell 5.1 quirks are smoothed over here, in one place.
 */
import { z } from 'zod';
import { type PowerShellScript, powershellInvocation } from './powershell-dialect';
import { languageModeFromResult, languageModeFromStderr } from './powershell-language-mode';
import { isRecord } from '../../shared/is-record';

const nullableString = z.string().nullable();
const nullableNumber = z.number().nullable();

/** ConvertTo-Json writes a one-element list as the element itself in some 5.1 paths; accept both. */
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => (value === null || value === undefined ? [] : Array.isArray(value) ? value : [value]), z.array(item));

export const inventoryResult = z.object({
  hostname: z.string(),
  os: z.object({ caption: nullableString, version: nullableString, build: nullableString }),
  product: z.object({ id: z.string(), installed: z.boolean(), version: nullableString }),
  services: list(
    z.object({
      name: z.string(),
      exists: z.boolean(),
      state: nullableString,
      startMode: nullableString,
      account: nullableString,
      exePath: nullableString,
      fileVersion: nullableString,
    }),
  ),
  config: z.object({ path: z.string(), exists: z.boolean(), length: nullableNumber }),
  freeBytes: nullableNumber,
  utcNow: z.string(),
});

export const testTcpResult = z.object({
  host: z.string(),
  port: z.number(),
  reachable: z.boolean(),
  error: nullableString,
  elapsedMs: z.number(),
});

export const storageProbeResult = z.object({
  path: z.string(),
  exists: z.boolean(),
  writable: z.boolean(),
  error: nullableString,
  freeBytes: nullableNumber,
  identity: z.string(),
});

export const writeSentinelResult = z.object({ file: z.string(), written: z.boolean(), identity: z.string() });

export const readSentinelsResult = z.object({
  path: z.string(),
  exists: z.boolean(),
  sentinels: list(z.object({ name: z.string(), content: z.string() })),
});

export const removeSentinelsResult = z.object({ path: z.string(), removed: list(z.string()) });

export const serviceActionResult = z.object({
  name: z.string(),
  exists: z.boolean(),
  action: z.string(),
  state: nullableString,
});

export const aclForAccountResult = z.object({
  path: z.string(),
  account: z.string(),
  sid: z.string(),
  owner: nullableString,
  /** The SIDs the account acts with besides its own; source 'token' (its real groups) or 'well-known'. */
  groups: list(z.object({ sid: z.string(), source: z.string() })),
  /** False when only the well-known groups could be listed (the account's token could not be read). */
  groupsComplete: z.boolean(),
  /** Every access rule on the path in ACL order; mask is FileSystemRights as a signed 32-bit number. */
  rules: list(z.object({ sid: z.string(), identity: z.string(), mask: z.number(), type: z.string(), inherited: z.boolean(), inheritOnly: z.boolean() })),
});

/** A file's DACL in SDDL (Access section only: "D:" flags and entries). */
export const fileSecurityResult = z.object({ path: z.string(), sddl: z.string() });

export const fileHashResult = z.object({ path: z.string(), exists: z.boolean(), sha256: nullableString });

/** The script ran, but reported an error ({"error": ...}, exit code 1). */
export class PowerShellScriptError extends Error {
  override readonly name = 'PowerShellScriptError';
  constructor(
    readonly script: string,
    readonly remoteMessage: string,
    readonly remoteType: string | null,
  ) {
    super(`PowerShell script ${script} failed: ${remoteMessage}`);
  }
}

/** The output was not the one JSON object the script promises (not PowerShell, crashed, wrong shape). */
export class PowerShellOutputError extends Error {
  override readonly name = 'PowerShellOutputError';
  constructor(
    readonly script: string,
    readonly exitCode: number | null,
    detail: string,
  ) {
    super(`PowerShell script ${script} printed no valid result (exit code ${exitCode ?? 'none'}): ${detail}`);
  }
}

/** Undoes 5.1's {"value":[...],"Count":n} wrapping of arrays, recursively. */
export function unwrapPowerShellJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapPowerShellJson);
  if (isRecord(value)) {
    const record = value;
    const keys = Object.keys(record);
    if (keys.length === 2 && Array.isArray(record.value) && typeof record.Count === 'number') {
      return unwrapPowerShellJson(record.value);
    }
    return Object.fromEntries(keys.map((key) => [key, unwrapPowerShellJson(record[key])]));
  }
  return value;
}

/** Keeps error text short and free of long base64 runs (a parameter blob echoed by a parse error). */
function excerpt(text: string): string {
  const cleaned = text.replace(/[A-Za-z0-9+/=]{40,}/g, '[base64]').trim();
  return cleaned.length > 300 ? `${cleaned.slice(0, 300)}...` : cleaned;
}

/** Parses the output of a library script: the last non-empty line must be one JSON object. */
export function parsePowerShellOutput<R extends z.ZodType>(
  script: PowerShellScript<z.ZodType, R>,
  output: { code: number | null; stdout: string; stderr: string },
): z.output<R> {
  const lastLine = output.stdout.trim().split(/\r?\n/).pop() ?? '';
  let json: unknown;
  try {
    json = unwrapPowerShellJson(JSON.parse(lastLine));
  } catch {
    const restricted = languageModeFromStderr(script.name, output.stderr);
    if (restricted) throw restricted;
    const why = output.stderr.trim() ? `stderr: ${excerpt(output.stderr)}` : `stdout: ${excerpt(output.stdout) || '(empty)'}`;
    throw new PowerShellOutputError(script.name, output.code, why);
  }
  if (!isRecord(json)) throw new PowerShellOutputError(script.name, output.code, 'not a JSON object');
  const record = json;
  const restricted = languageModeFromResult(script.name, record);
  if (restricted) throw restricted;
  if (typeof record.error === 'string') {
    throw new PowerShellScriptError(script.name, record.error, typeof record.errorType === 'string' ? record.errorType : null);
  }
  const parsed = script.result.safeParse(record);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new PowerShellOutputError(script.name, output.code, `unexpected shape at ${fields}`);
  }
  return parsed.data;
}

/** The part of a session runPowerShell needs (keeps it testable without SSH). */
export interface CommandRunner {
  exec(
    command: string,
    options?: { stdin?: string; timeoutMs?: number; signal?: AbortSignal },
  ): Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** Runs a library script on a Windows session and returns its checked result. */
export async function runPowerShell<P extends z.ZodType, R extends z.ZodType>(
  runner: CommandRunner,
  script: PowerShellScript<P, R>,
  params: z.input<P>,
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<z.output<R>> {
  const invocation = powershellInvocation(script, params);
  const stdin = invocation.stdin === undefined ? {} : { stdin: invocation.stdin };
  const output = await runner.exec(invocation.command, { ...options, ...stdin });
  return parsePowerShellOutput(script, output);
}
