/**
 * Windows PowerShell dialect. A remote Windows command is always
 *   powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand <base64 UTF-16LE>
 * so neither cmd.exe (OpenSSH's default shell) nor PowerShell ever parses user text as code.
 * User values travel as data: a base64 JSON blob decoded into `$p` by a fixed prologue. The base64
 * alphabet ([A-Za-z0-9+/=]) is the only thing interpolated into the script text.
 */
import { type z } from 'zod';
import { LANGUAGE_MODE_GUARD } from './powershell-language-mode';
import { isRecord } from '../../shared/is-record';

/** What a script parameter may hold; arrays are for lists such as service names. */
/** What the JSON parameter blob carries (the script reads it with ConvertFrom-Json): any JSON value. */
export type PowerShellParamValue = string | number | boolean | null | readonly PowerShellParamValue[] | { readonly [key: string]: PowerShellParamValue };
export type PowerShellParams = Record<string, PowerShellParamValue>;

/**
 * A script from the fixed library (powershell-scripts.ts). `body` is a constant written by us, never
 * built from user text; it reads its inputs from `$p` and returns one ordered hashtable.
 */
export interface PowerShellScript<P extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly params: P;
  readonly result: R;
  readonly body: string;
}

/** cmd.exe refuses longer command lines; Windows OpenSSH runs exec requests through cmd.exe by default. */
export const WINDOWS_COMMAND_LINE_LIMIT = 8191;

export const POWERSHELL_EXE_PREFIX = 'powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand ';

export class PowerShellCommandError extends Error {
  override readonly name = 'PowerShellCommandError';
}

const libraryScripts = new WeakSet<PowerShellScript>();

/** Only for powershell-scripts.ts: registers a constant script so powershellCommand accepts it. */
export function definePowerShellScript<P extends z.ZodType, R extends z.ZodType>(
  script: PowerShellScript<P, R>,
): PowerShellScript<P, R> {
  if (!/^[a-zA-Z][a-zA-Z0-9]*$/.test(script.name)) throw new PowerShellCommandError(`Bad script name: ${script.name}`);
  const frozen = Object.freeze({ ...script });
  libraryScripts.add(frozen);
  return frozen;
}

/**
 * Prologue and epilogue around every body. The body runs in a child scope; whatever it returns is
 * written as one compact JSON object. Errors become {"error": ...} with exit code 1. Non-ASCII
 * characters are written as \uXXXX escapes so the console code page cannot mangle the output.
 * Warnings and progress are silenced because powershell.exe writes them to stdout.
 */
const PROLOGUE = [
  // First: in Constrained Language Mode nothing below could run; say so in one structured result.
  LANGUAGE_MODE_GUARD,
  "$ErrorActionPreference = 'Stop'",
  "$ProgressPreference = 'SilentlyContinue'",
  "$WarningPreference = 'SilentlyContinue'",
  // Windows PowerShell 5.1 may serialise PSObject-wrapped arrays as {"value":[...],"Count":n} otherwise.
  'try { Remove-TypeData -TypeName System.Array -ErrorAction SilentlyContinue } catch { }',
  "$p = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('@@PARAMS@@')) | ConvertFrom-Json",
  '$exitCode = 0',
  'try {',
  '  $result = & {',
].join('\n');

const EPILOGUE = [
  '  }',
  '} catch {',
  '  $failure = $_.Exception',
  '  while ($null -ne $failure.InnerException) { $failure = $failure.InnerException }',
  '  $result = [ordered]@{ error = $failure.Message; errorType = $failure.GetType().FullName }',
  '  $exitCode = 1',
  '}',
  '$json = ConvertTo-Json -InputObject $result -Compress -Depth 8',
  "$json = [regex]::Replace($json, '[^\\x00-\\x7F]', { param($m) '\\u{0:x4}' -f [int][char]$m.Value })",
  '[Console]::Out.Write($json)',
  'exit $exitCode',
].join('\n');

/** Base64 of the JSON parameters; checked against the alphabet before it goes into the script. */
export function encodeParamsBlob(params: PowerShellParams): string {
  const blob = Buffer.from(JSON.stringify(params), 'utf8').toString('base64');
  if (!/^[A-Za-z0-9+/=]*$/.test(blob)) throw new PowerShellCommandError('Parameter blob is not base64');
  return blob;
}

/** A JSON value that survives JSON.stringify unchanged: finite numbers, plain objects, no functions or bigints. */
function isParamValue(v: unknown): v is PowerShellParamValue {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(isParamValue);
  if (!isRecord(v) || Object.getPrototypeOf(v) !== Object.prototype) return false;
  return Object.values(v).every((x) => x === undefined || isParamValue(x));
}

/** Checks the parameters against the script's schema (exact names and types) and JSON-safety. */
function validateParams(script: PowerShellScript, params: unknown): PowerShellParams {
  const parsed = script.params.safeParse(params);
  if (!parsed.success) {
    // Name the offending keys only: values may be sensitive.
    const keys = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ');
    throw new PowerShellCommandError(`Invalid parameters for PowerShell script ${script.name}: ${keys}`);
  }
  const data: unknown = parsed.data;
  if (!isRecord(data)) throw new PowerShellCommandError(`The parameters of PowerShell script ${script.name} are not named values`);
  const value: PowerShellParams = {};
  for (const [key, item] of Object.entries(data)) {
    // An optional parameter left undefined is absent from the JSON blob, as JSON.stringify would leave it.
    if (item === undefined) continue;
    if (typeof item === 'number' && !Number.isFinite(item)) {
      throw new PowerShellCommandError(`Parameter ${key} of ${script.name} must be a finite number`);
    }
    if (!isParamValue(item)) throw new PowerShellCommandError(`Parameter ${key} of ${script.name} is not a JSON value (finite numbers, text, true/false, null, lists and plain objects of those)`);
    value[key] = item;
  }
  return value;
}

/** The full script text sent to the server (what the golden files hold). */
export function buildPowerShellScript<P extends z.ZodType>(script: PowerShellScript<P>, params: z.input<P>): string {
  if (!libraryScripts.has(script)) {
    throw new PowerShellCommandError('Only scripts from the fixed library (powershell-scripts.ts) may be run');
  }
  const blob = encodeParamsBlob(validateParams(script, params));
  const body = script.body.trim().split('\n').map((line) => (line.length > 0 ? `    ${line}` : line)).join('\n');
  return `${PROLOGUE.replace('@@PARAMS@@', blob)}\n${body}\n${EPILOGUE}\n`;
}

/**
 * The exec command for a Windows node, script inline. Throws if it would exceed cmd.exe's limit;
 * powershellInvocation handles long scripts by sending them on stdin.
 */
export function powershellCommand<P extends z.ZodType>(script: PowerShellScript<P>, params: z.input<P>): string {
  const encoded = Buffer.from(buildPowerShellScript(script, params), 'utf16le').toString('base64');
  const command = POWERSHELL_EXE_PREFIX + encoded;
  if (command.length > WINDOWS_COMMAND_LINE_LIMIT) {
    throw new PowerShellCommandError(
      `PowerShell script ${script.name} is ${command.length} characters long encoded; the limit is ${WINDOWS_COMMAND_LINE_LIMIT}`,
    );
  }
  return command;
}

/**
 * Reads the real script from stdin and runs it. Used when the encoded script would be too long for
 * cmd.exe: stdin has no length limit, and the script is pure ASCII (the lint enforces it, the
 * parameters are base64), so the console input code page cannot alter it.
 */
const STDIN_BOOTSTRAP = [
  LANGUAGE_MODE_GUARD,
  "$ErrorActionPreference = 'Stop'",
  '$script = [Console]::In.ReadToEnd()',
  '& ([ScriptBlock]::Create($script))',
  '',
].join('\n');

export interface PowerShellInvocation {
  command: string;
  /** Present when the script travels on stdin (too long for the command line). */
  stdin?: string;
}

/** The command to run a library script: inline when it fits, otherwise a fixed bootstrap plus stdin. */
export function powershellInvocation<P extends z.ZodType>(script: PowerShellScript<P>, params: z.input<P>): PowerShellInvocation {
  const text = buildPowerShellScript(script, params);
  const inline = POWERSHELL_EXE_PREFIX + Buffer.from(text, 'utf16le').toString('base64');
  if (inline.length <= WINDOWS_COMMAND_LINE_LIMIT) return { command: inline };
  return { command: POWERSHELL_EXE_PREFIX + Buffer.from(STDIN_BOOTSTRAP, 'utf16le').toString('base64'), stdin: text };
}

/** The decoded script an invocation runs (the stdin text, or the decoded command). */
export function invocationScript(invocation: PowerShellInvocation): string {
  return invocation.stdin ?? decodeEncodedCommand(invocation.command);
}

/** Inverse of powershellCommand, for tests and for showing a plan's commands to the admin. */
export function decodeEncodedCommand(command: string): string {
  const match = /-EncodedCommand\s+([A-Za-z0-9+/=]+)\s*$/.exec(command);
  if (!match?.[1]) throw new PowerShellCommandError('Not an -EncodedCommand command line');
  return Buffer.from(match[1], 'base64').toString('utf16le');
}

/** Finds and decodes the parameter blob of a decoded script (base64 -> UTF-8 -> JSON). */
export function decodeParamsBlob(scriptText: string): unknown {
  const match = /FromBase64String\('([A-Za-z0-9+/=]*)'\)/.exec(scriptText);
  if (!match || match[1] === undefined) throw new PowerShellCommandError('No parameter blob in script');
  return JSON.parse(Buffer.from(match[1], 'base64').toString('utf8'));
}

/** The script text with the parameter blob replaced by a placeholder, so tests can search the code alone. */
export function scriptCodeWithoutParams(scriptText: string): string {
  return scriptText.replace(/FromBase64String\('[A-Za-z0-9+/=]*'\)/, "FromBase64String('<params>')");
}
