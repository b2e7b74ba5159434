import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  decodeEncodedCommand,
  decodeParamsBlob,
  definePowerShellScript,
  invocationScript,
  POWERSHELL_EXE_PREFIX,
  powershellCommand,
  powershellInvocation,
  PowerShellCommandError,
  scriptCodeWithoutParams,
  WINDOWS_COMMAND_LINE_LIMIT,
} from './powershell-dialect';
import { LANGUAGE_MODE_GUARD } from './powershell-language-mode';
import { lintPowerShell } from './powershell-lint';
import { POWERSHELL_SCRIPTS } from './powershell-scripts';
import { buildExample as build, EXAMPLES, HOSTILE_PATH, HOSTILE_VALUES, SCRIPT_NAMES as names } from './powershell-examples';

const goldenDir = join(__dirname, '__golden__');

describe('PowerShell library scripts', () => {
  it.each(names)('%s matches its golden file', (name) => {
    const text = build(name, EXAMPLES[name]);
    const file = join(goldenDir, `${name}.ps1`);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, text);
    expect(existsSync(file), `missing ${file}: run the tests with UPDATE_GOLDEN=1`).toBe(true);
    expect(text).toBe(readFileSync(file, 'utf8'));
  });

  it('has a golden file for every script and no stale ones', () => {
    const files = readdirSync(goldenDir).filter((file) => file.endsWith('.ps1')).sort();
    expect(files).toEqual(names.map((name) => `${name}.ps1`).sort());
  });

  it.each(names)('%s passes the lint (balanced, terminated, no interpolation, ASCII)', (name) => {
    expect(lintPowerShell(readFileSync(join(goldenDir, `${name}.ps1`), 'utf8'))).toEqual([]);
  });

  it.each(names)('%s sets ErrorActionPreference, decodes $p and prints one compact JSON object', (name) => {
    const text = build(name, EXAMPLES[name]);
    // The language-mode guard comes first (powershell-language-mode.test.ts), then 'Stop'.
    expect(text.startsWith(`${LANGUAGE_MODE_GUARD}\n$ErrorActionPreference = 'Stop'\n`)).toBe(true);
    expect(text).toContain('| ConvertFrom-Json');
    expect(text.match(/ConvertTo-Json/g)).toHaveLength(1);
    expect(text).toContain('ConvertTo-Json -InputObject $result -Compress');
    expect(text.match(/\[Console\]::Out\.Write/g)).toHaveLength(1);
    expect(decodeParamsBlob(text)).toEqual(EXAMPLES[name]);
  });

  it.each(names)('%s runs within the Windows command-line limit, even with long parameters', (name) => {
    const longKeys = new Set(['path', 'configPath', 'host', 'account', 'content']);
    const params = Object.fromEntries(
      Object.entries(EXAMPLES[name]).map(([key, value]) => [key, longKeys.has(key) ? `${String(value)}${'x'.repeat(250)}` : value]),
    );
    const invocation = powershellInvocation(POWERSHELL_SCRIPTS[name] as never, params as never);
    expect(invocation.command.startsWith(POWERSHELL_EXE_PREFIX)).toBe(true);
    expect(invocation.command.length).toBeLessThanOrEqual(WINDOWS_COMMAND_LINE_LIMIT);
    expect(invocationScript(invocation)).toBe(build(name, params));
    if (invocation.stdin === undefined) expect(decodeEncodedCommand(invocation.command)).toBe(build(name, params));
    else expect(lintPowerShell(decodeEncodedCommand(invocation.command))).toEqual([]);
  });

  it('sends only the long inventory script on stdin, behind a fixed bootstrap', () => {
    const inline = names.filter((name) => powershellInvocation(POWERSHELL_SCRIPTS[name] as never, EXAMPLES[name] as never).stdin === undefined);
    expect(inline).toEqual(names.filter((name) => name !== 'inventory'));
    const invocation = powershellInvocation(POWERSHELL_SCRIPTS.inventory, EXAMPLES.inventory);
    expect(decodeEncodedCommand(invocation.command)).toContain('[ScriptBlock]::Create($script)');
    expect(decodeEncodedCommand(invocation.command)).not.toContain('FromBase64String');
  });
});

describe('parameters stay data', () => {
  const hostileValues = HOSTILE_VALUES;

  it.each(hostileValues)('%j appears only inside the base64 blob and round-trips exactly', (value) => {
    const command = powershellCommand(POWERSHELL_SCRIPTS.storageProbe, { path: value });
    // The command line itself: only the fixed prefix and base64.
    expect(command).toMatch(/^powershell\.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand [A-Za-z0-9+/=]+$/);
    const script = decodeEncodedCommand(command);
    expect(script).not.toContain(value);
    expect(scriptCodeWithoutParams(script)).toBe(scriptCodeWithoutParams(build('storageProbe', EXAMPLES.storageProbe)));
    expect(lintPowerShell(script)).toEqual([]);
    // Decode the blob exactly as the prologue does: base64 -> UTF-8 -> JSON.
    const blob = /FromBase64String\('([^']*)'\)/.exec(script)?.[1] ?? '';
    expect(JSON.parse(Buffer.from(blob, 'base64').toString('utf8'))).toEqual({ path: value });
  });

  it('the hostile storage path never reaches the script text, in any script that takes a path', () => {
    for (const name of ['storageProbe', 'fileHash'] as const) {
      const script = build(name, { path: HOSTILE_PATH });
      expect(script).not.toContain('Remove-Item C:');
      expect(decodeParamsBlob(script)).toEqual({ path: HOSTILE_PATH });
    }
  });

  it('refuses missing, extra and mistyped parameters, naming keys but not values', () => {
    expect(() => build('storageProbe', {})).toThrow(/path/);
    expect(() => build('storageProbe', { path: 'x', extra: 'secret-value' })).toThrow(PowerShellCommandError);
    expect(() => build('testTcp', { host: 'h', port: '1433; calc', timeoutMs: 1 })).toThrow(/port/);
    expect(() => build('serviceAction', { name: 's', action: 'Remove-Item' })).toThrow(/action/);
    expect(() => build('writeSentinel', { path: 'p', name: '..\\..\\evil', content: '' })).toThrow(/name/);
    try {
      build('storageProbe', { path: 'x', extra: 'secret-value' });
    } catch (error) {
      expect(String(error)).not.toContain('secret-value');
    }
  });

  it('refuses scripts that are not from the library, and too-long commands', () => {
    const adHoc = { name: 'adHoc', params: z.strictObject({}), result: z.object({}), body: 'Remove-Item C:\\' };
    expect(() => powershellCommand(adHoc, {})).toThrow(/fixed library/);
    const huge = definePowerShellScript({ name: 'huge', params: z.strictObject({ v: z.string() }), result: z.object({}), body: '[ordered]@{}' });
    expect(() => powershellCommand(huge, { v: 'x'.repeat(9000) })).toThrow(/limit/);
  });

  it('takes only values the JSON blob can carry as parameters, whatever a script\'s schema lets through; an optional one left out is absent', () => {
    const loose = definePowerShellScript({ name: 'loose', params: z.object({ v: z.unknown(), o: z.string().optional() }), result: z.object({}), body: '[ordered]@{}' });
    // Nested lists and plain objects are JSON (the upgrade's backup items are a list of objects); what
    // JSON.stringify would change or drop is not.
    for (const v of [{ nested: () => 'secret-value' }, [1, Number.NaN], () => 'x', Number.POSITIVE_INFINITY, 10n, new Map([['k', 'secret-value']]), [{ at: new Date() }]]) {
      expect(() => powershellCommand(loose, { v }), String(v)).toThrow(PowerShellCommandError);
      try {
        powershellCommand(loose, { v });
      } catch (error) {
        expect(String(error)).not.toContain('secret-value');
      }
    }
    const paramsOf = (cmd: string) => decodeParamsBlob(decodeEncodedCommand(cmd));
    expect(paramsOf(powershellCommand(loose, { v: ['a', 'b'], o: undefined }))).toEqual({ v: ['a', 'b'] });
    expect(paramsOf(powershellCommand(loose, { v: null, o: 'x' }))).toEqual({ v: null, o: 'x' });
    const items = [{ source: 'C:\\ProgramData\\ProGet\\ProGet.config', kind: 'file', size: 12 }, { source: 'D:\\ext', kind: 'folder', nested: [1, 'b', null] }];
    expect(paramsOf(powershellCommand(loose, { v: items }))).toEqual({ v: items });
  });

  it('decodeEncodedCommand rejects other command lines', () => {
    expect(() => decodeEncodedCommand('powershell.exe -Command Get-Date')).toThrow(PowerShellCommandError);
  });
});
