/**
 * Sentinel and probe files on Windows never follow a link (issue 9, item 19, Windows side). Windows
 * cannot run here: the scripts are proven by their text (golden files, parsed by the real grammar in
 * powershell-grammar.test.ts) and by these structural rules; the engine's handling by its result parsing.
 */
import { describe, expect, it } from 'vitest';
import { windowsNodeOps } from '../nodes/node-ops';
import { scriptCodeWithoutParams } from './powershell-dialect';
import { buildExample, EXAMPLES, SCRIPT_NAMES } from './powershell-examples';
import { PowerShellScriptError } from './powershell-results';
import type { SshSession } from './ssh-session';

const code = (name: (typeof SCRIPT_NAMES)[number]) => scriptCodeWithoutParams(buildExample(name, EXAMPLES[name]));

describe('Windows scripts create files new, never through a link', () => {
  it.each(SCRIPT_NAMES)('%s uses no API that writes through an existing file or link', (name) => {
    // Each of these opens (or replaces) whatever is at the name, following a symbolic link or junction.
    expect(code(name)).not.toMatch(/WriteAllText|WriteAllBytes|AppendAllText|WriteAllLines|Set-Content|Add-Content|Out-File|New-Item|Copy-Item|Move-Item|\[IO\.File\]::(Create|Open)\b|FileMode\]::(Create|OpenOrCreate|Open|Truncate|Append)\b/);
  });

  it.each(SCRIPT_NAMES)('%s opens every FileStream with FileMode.CreateNew and no sharing', (name) => {
    const streams = code(name).match(/New-Object -TypeName System\.IO\.FileStream -ArgumentList @\([^\n]*\)/g) ?? [];
    for (const s of streams) expect(s).toMatch(/\[IO\.FileMode\]::CreateNew, \[IO\.FileAccess\]::Write, \[IO\.FileShare\]::None\)$/);
  });

  it('the scripts that write do write, with CreateNew (the rule above is not vacuous)', () => {
    for (const name of ['storageProbe', 'writeSentinel'] as const) expect(code(name)).toContain('[IO.FileMode]::CreateNew');
  });

  it('writeSentinel refuses a reparse point (symbolic link, junction) or any file at the name before it creates', () => {
    const text = code('writeSentinel');
    const refuseLink = text.indexOf('[IO.FileAttributes]::ReparsePoint');
    const create = text.indexOf('[IO.FileMode]::CreateNew');
    expect(refuseLink).toBeGreaterThan(0);
    expect(refuseLink).toBeLessThan(create);
    expect(text).toMatch(/throw \('Refused: ' \+ \$file \+ ' is a symbolic link or junction \(reparse point\)/);
    expect(text).toMatch(/throw \('Refused: ' \+ \$file \+ ' already exists/);
    // And the file it created must not have become one.
    expect(text.indexOf('became a reparse point')).toBeGreaterThan(create);
  });

  it('storageProbe deletes only a probe file it created itself', () => {
    const text = code('storageProbe');
    expect(text).toContain('if ($created) { try { [IO.File]::Delete($probe) } catch { } }');
    expect(text.indexOf('$created = $true')).toBeGreaterThan(text.indexOf('[IO.FileMode]::CreateNew'));
  });

  it('readSentinels does not read through a link at a sentinel\'s name', () => {
    const text = code('readSentinels');
    expect(text.indexOf('-band [IO.FileAttributes]::ReparsePoint) -eq 0')).toBeGreaterThan(0);
    expect(text.indexOf('-band [IO.FileAttributes]::ReparsePoint) -eq 0')).toBeLessThan(text.indexOf('ReadAllText'));
  });
});

describe('the engine reports a refused sentinel', () => {
  it('a planted link at the sentinel\'s name fails the storage probe with the script\'s words', async () => {
    const refusal = { error: 'Refused: \\\\nas\\proget\\hawizard-sentinel-ab-node1.txt is a symbolic link or junction (reparse point); the wizard never writes through one', errorType: 'System.Management.Automation.RuntimeException' };
    const answers = [
      { path: '\\\\nas\\proget', exists: true, writable: true, error: null, freeBytes: 1e12, identity: 'CORP\\admin' },
      refusal,
    ];
    const session = { async exec() { return { code: 0, stdout: JSON.stringify(answers.shift()), stderr: '' }; } } as unknown as SshSession;
    const ops = windowsNodeOps(session, { configPath: 'C:\\x.config', serviceCommand: null, serviceNames: ['S'], productId: 'proget' });
    const probe = ops.storageProbe('\\\\nas\\proget', { name: 'hawizard-sentinel-ab-node1.txt', content: 'written by node1' });
    await expect(probe).rejects.toThrow(PowerShellScriptError);
    await expect(probe).rejects.toThrow(/writeSentinel failed: Refused: .* is a symbolic link or junction \(reparse point\)/);
  });
});
