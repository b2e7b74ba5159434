/**
 * PowerShell Constrained Language Mode (set by AppLocker or WDAC, or __PSLockdownPolicy) forbids .NET
 * method calls on all but a few types: every library script would fail with a cascade of errors.
 * So the first statement of every script, and of the stdin bootstrap, asks for the language mode and
 * returns one structured result when it is not FullLanguage; the engine turns that into one failure.
 * The guard uses only what Constrained Language Mode allows: a property read, a comparison, a string.
 */

/** errorType of the guard's result (no .NET exception type is named like this). */
export const LANGUAGE_MODE_ERROR_TYPE = 'HaWizard.LanguageMode';

export const LANGUAGE_MODE_GUARD = [
  "if ($ExecutionContext.SessionState.LanguageMode -ne 'FullLanguage') {",
  `  '{"error":"PowerShell is not in Full Language mode","errorType":"${LANGUAGE_MODE_ERROR_TYPE}","languageMode":"' + $ExecutionContext.SessionState.LanguageMode + '"}'`,
  '  exit 1',
  '}',
].join('\n');

const KNOWN_MODES = new Set(['ConstrainedLanguage', 'RestrictedLanguage', 'NoLanguage']);

/**
 * What PowerShell prints when a script runs in a restricted mode the guard itself cannot run in (no
 * language at all) or when something else ran first: a fallback, English Windows only.
 */
const RESTRICTED_MODE_STDERR = /supported only on core types in this language mode|not allowed in restricted language mode|runspace is in no-language mode|cannot (?:create type|invoke method)[^\n]*language mode/i;

const MODE_NAMES: Record<string, string> = {
  ConstrainedLanguage: 'Constrained Language Mode',
  RestrictedLanguage: 'Restricted Language Mode',
  NoLanguage: 'No Language Mode',
};

/** The server's PowerShell cannot run the wizard's scripts; one message, with what the admin can do. */
export class PowerShellLanguageModeError extends Error {
  override readonly name = 'PowerShellLanguageModeError';
  readonly remedy: string;
  constructor(
    readonly script: string,
    /** ConstrainedLanguage, RestrictedLanguage, NoLanguage, or null when only the error text told us. */
    readonly languageMode: string | null,
  ) {
    const mode = languageMode ? MODE_NAMES[languageMode] ?? languageMode : 'a restricted language mode (Constrained Language Mode or stricter)';
    super(`Windows PowerShell on this server runs in ${mode}, set by an application-control policy (AppLocker or `
      + 'Windows Defender Application Control): the wizard\'s commands cannot run there');
    this.remedy = 'Check it in a PowerShell window on the server, logged in as the same account: $ExecutionContext.SessionState.LanguageMode. '
      + 'With AppLocker, PowerShell gives Full Language mode to an account its script rules let run any script (the default rule '
      + '"All scripts" for BUILTIN\\Administrators does): log in as a local administrator of this server, or add such a rule for the '
      + 'wizard\'s account. With WDAC the mode applies to every account: ask for a policy exception, or configure this server by hand. '
      + 'Also check that the system environment variable __PSLockdownPolicy is not set. Then run the checks again.';
  }
}

/** The guard's structured result, or null when the record is something else. */
export function languageModeFromResult(script: string, record: Record<string, unknown>): PowerShellLanguageModeError | null {
  if (record.errorType !== LANGUAGE_MODE_ERROR_TYPE) return null;
  const mode = typeof record.languageMode === 'string' && KNOWN_MODES.has(record.languageMode) ? record.languageMode : null;
  return new PowerShellLanguageModeError(script, mode);
}

/** When no JSON came back: PowerShell's own words for a restricted language mode on stderr. */
export function languageModeFromStderr(script: string, stderr: string): PowerShellLanguageModeError | null {
  return RESTRICTED_MODE_STDERR.test(stderr) ? new PowerShellLanguageModeError(script, null) : null;
}
