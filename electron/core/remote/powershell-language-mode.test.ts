/**
 * Constrained Language Mode (AppLocker/WDAC). No Windows here: the guard is proven by the golden files,
 * by the real grammar (it parses, and uses nothing the mode forbids) and by the result parsing below,
 * fed the exact line the guard prints.
 */
import { describe, expect, it } from 'vitest';
import { decodeEncodedCommand, powershellInvocation } from './powershell-dialect';
import { grammarIssues, grammarNodeTypes } from './powershell-grammar';
import { LANGUAGE_MODE_GUARD, PowerShellLanguageModeError } from './powershell-language-mode';
import { buildExample, EXAMPLES, SCRIPT_NAMES } from './powershell-examples';
import { parsePowerShellOutput, PowerShellOutputError, PowerShellScriptError } from './powershell-results';
import { inventory, POWERSHELL_SCRIPTS } from './powershell-scripts';

/** What the guard prints in a given mode: its two literal halves around the mode's name. */
function guardOutput(mode: string): string {
  const m = /'([^']*)' \+ \$ExecutionContext\.SessionState\.LanguageMode \+ '([^']*)'/.exec(LANGUAGE_MODE_GUARD);
  if (!m) throw new Error('the guard no longer prints its result as expected');
  return `${m[1]}${mode}${m[2]}`;
}

/** What Windows PowerShell 5.1 prints on stderr when an unguarded script runs in Constrained Language Mode. */
const CLM_CASCADE = [
  'Cannot invoke method. Method invocation is supported only on core types in this language mode.',
  'At line:6 char:1',
  "+ $p = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('eyJwYXRoIjoiXFxcXG5hcyJ9')) | ConvertFrom-Json",
  '    + CategoryInfo          : InvalidOperation: (:) [], RuntimeException',
  '    + FullyQualifiedErrorId : MethodInvocationNotSupportedInConstrainedLanguage',
  'Cannot invoke method. Method invocation is supported only on core types in this language mode.',
].join('\r\n');

describe('the language-mode guard', () => {
  it.each(SCRIPT_NAMES)('%s asks for the language mode before anything else', (name) => {
    expect(buildExample(name, EXAMPLES[name]).startsWith(`${LANGUAGE_MODE_GUARD}\n`)).toBe(true);
  });

  it('the stdin bootstrap of the long-script form asks first too, before reading stdin', () => {
    const invocation = powershellInvocation(inventory, { ...EXAMPLES.inventory, configPath: `C:\\${'x'.repeat(4000)}` });
    expect(invocation.stdin).toBeDefined();
    const bootstrap = decodeEncodedCommand(invocation.command);
    expect(bootstrap.startsWith(`${LANGUAGE_MODE_GUARD}\n`)).toBe(true);
    expect(bootstrap.indexOf('[Console]::In')).toBeGreaterThan(LANGUAGE_MODE_GUARD.length);
  });

  it('parses, and uses nothing Constrained Language Mode forbids: no method call, no .NET type, no command', async () => {
    expect(await grammarIssues(LANGUAGE_MODE_GUARD)).toEqual([]);
    const types = await grammarNodeTypes(LANGUAGE_MODE_GUARD);
    expect(types).toContain('if_statement');
    expect(types).toContain('member_access');
    for (const forbidden of ['invokation_expression', 'type_literal', 'command', 'script_block_expression']) expect(types).not.toContain(forbidden);
    // Sanity of the structural check itself: the prologue's next lines do call methods on .NET types.
    expect(await grammarNodeTypes(buildExample('fileHash', EXAMPLES.fileHash))).toContain('invokation_expression');
  });

  it('prints one JSON line that is valid for any mode name PowerShell has', () => {
    for (const mode of ['ConstrainedLanguage', 'RestrictedLanguage', 'NoLanguage']) {
      expect(JSON.parse(guardOutput(mode))).toMatchObject({ languageMode: mode });
    }
  });
});

describe('a server in Constrained Language Mode gives one clear failure', () => {
  it.each(SCRIPT_NAMES)('%s: the guard\'s result becomes PowerShellLanguageModeError', (name) => {
    const run = () => parsePowerShellOutput(POWERSHELL_SCRIPTS[name] as never, { code: 1, stdout: `${guardOutput('ConstrainedLanguage')}\r\n`, stderr: '' });
    expect(run).toThrow(PowerShellLanguageModeError);
    try {
      run();
    } catch (e) {
      const error = e as PowerShellLanguageModeError;
      expect(error.languageMode).toBe('ConstrainedLanguage');
      expect(error.message).toMatch(/Constrained Language Mode.*AppLocker.*Application Control/);
      expect(error.remedy).toContain('$ExecutionContext.SessionState.LanguageMode');
      expect(error.remedy).toMatch(/administrator/);
    }
  });

  it('a cascade of script errors on stderr (an unguarded script) is recognised as the same one failure', () => {
    const run = () => parsePowerShellOutput(inventory, { code: 1, stdout: '', stderr: CLM_CASCADE });
    expect(run).toThrow(PowerShellLanguageModeError);
    expect(run).toThrow(/restricted language mode/);
  });

  it('other failures stay what they are', () => {
    const denied = '{"error":"Access to the path is denied.","errorType":"System.UnauthorizedAccessException"}';
    expect(() => parsePowerShellOutput(inventory, { code: 1, stdout: denied, stderr: '' })).toThrow(PowerShellScriptError);
    expect(() => parsePowerShellOutput(inventory, { code: 1, stdout: '', stderr: 'The term powershell.exe is not recognized' })).toThrow(PowerShellOutputError);
    // A mode name the guard would never print is not trusted as one.
    const odd = guardOutput('FullLanguage"}{"x');
    expect(() => parsePowerShellOutput(inventory, { code: 1, stdout: odd, stderr: '' })).toThrow();
  });
});
