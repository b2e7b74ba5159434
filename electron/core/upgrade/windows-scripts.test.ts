/**
 * The upgrade's PowerShell scripts. Windows cannot run here: the proof is their text, as for the engine's library
 * (remote/powershell-*.test.ts): a golden file per script, the lint, the real PowerShell grammar
 * (tree-sitter-powershell) with ordinary, hostile and 300 seeded random values, and structural rules for copying
 * without following a link.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { buildPowerShellScript, decodeParamsBlob, scriptCodeWithoutParams } from '../remote/powershell-dialect';
import { HOSTILE_VALUES, randomValue } from '../remote/powershell-examples';
import { grammarIssues } from '../remote/powershell-grammar';
import { lintPowerShell } from '../remote/powershell-lint';
import { seededRandom } from '../../shared/testing/seeded-random';
import { UPGRADE_POWERSHELL_SCRIPTS as SCRIPTS } from './windows-scripts';

type Name = keyof typeof SCRIPTS;
const NAMES = Object.keys(SCRIPTS) as Name[];
const goldenDir = join(__dirname, '__golden__');

const EXAMPLES: { [K in Name]: z.input<(typeof SCRIPTS)[K]['params']> } = {
  upgradeService: { serviceNames: ['INEDOPROGETSVC', 'INEDOPROGETWEBSVC'], action: 'stop', waitSeconds: 120 },
  runProgram: { exePath: 'C:\\Program Files\\Inedo Hub\\hub.exe', arguments: ['install', 'ProGet:2026.1', '--IsUpgrade=true', '--UsePostgres=false'], timeoutSeconds: 3600 },
  programInfo: { path: 'C:\\Program Files\\Inedo Hub\\hub.exe' },
  productExe: { serviceNames: ['INEDOPROGETSVC', 'INEDOPROGETWEBSVC'], exeName: 'proget.exe', fallbackDir: 'C:\\Program Files\\ProGet\\Service' },
  freeSpace: { path: 'D:\\Backups\\ha-wizard' },
  backupItems: {
    folder: 'D:\\Backups\\ha-wizard\\node1-20261201T020000Z-a1b2c3',
    items: [
      { source: 'C:\\ProgramData\\Inedo\\SharedConfig\\ProGet.config', target: 'D:\\Backups\\ha-wizard\\node1-20261201T020000Z-a1b2c3\\0-ProGet.config', kind: 'file' },
      { source: 'C:\\ProgramData\\ProGet\\Extensions', target: 'D:\\Backups\\ha-wizard\\node1-20261201T020000Z-a1b2c3\\extensions', kind: 'folder' },
    ],
  },
  itemDigest: { path: 'D:\\Backups\\ha-wizard\\node1-20261201T020000Z-a1b2c3\\extensions', kind: 'folder' },
  restoreItem: { target: 'C:\\ProgramData\\ProGet\\Extensions', backup: 'D:\\Backups\\ha-wizard\\node1-20261201T020000Z-a1b2c3\\extensions', kind: 'folder', sha256: 'a'.repeat(64) },
};

const build = (name: Name, params: unknown) => buildPowerShellScript(SCRIPTS[name] as never, params as never);

/** The example with every free-text string (and string list) replaced by `value`, where the schema allows it. */
function withEveryString(name: Name, value: string): unknown {
  const swap = (v: unknown): unknown => (typeof v === 'string' ? value : Array.isArray(v) ? v.map(swap) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'kind' ? x : swap(x)])) : v);
  const params: Record<string, unknown> = { ...EXAMPLES[name] };
  for (const key of Object.keys(params)) {
    const candidate = { ...params, [key]: swap(params[key]) };
    if (SCRIPTS[name].params.safeParse(candidate).success) params[key] = candidate[key];
  }
  return params;
}

describe('the upgrade PowerShell scripts', () => {
  it.each(NAMES)('%s matches its golden file and passes the lint', (name) => {
    const text = build(name, EXAMPLES[name]);
    const file = join(goldenDir, `${name}.ps1`);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, text);
    expect(existsSync(file), `missing ${file}: run the tests with UPDATE_GOLDEN=1`).toBe(true);
    expect(text).toBe(readFileSync(file, 'utf8'));
    expect(lintPowerShell(text)).toEqual([]);
    expect(decodeParamsBlob(text)).toEqual(EXAMPLES[name]);
  });

  it('has a golden file for every script and no stale ones', () => {
    expect(readdirSync(goldenDir).filter((f) => f.endsWith('.ps1')).sort()).toEqual(NAMES.map((n) => `${n}.ps1`).sort());
  });

  it.each(NAMES)('%s parses with the real PowerShell grammar: golden, hostile values', async (name) => {
    expect(await grammarIssues(readFileSync(join(goldenDir, `${name}.ps1`), 'utf8'))).toEqual([]);
    for (const value of HOSTILE_VALUES) {
      const params = withEveryString(name, value);
      expect(await grammarIssues(build(name, params)), JSON.stringify(value)).toEqual([]);
      // The value travels as data: the code is the same whatever it is.
      expect(scriptCodeWithoutParams(build(name, params))).toBe(scriptCodeWithoutParams(build(name, EXAMPLES[name])));
    }
  });

  it('every script with 300 seeded random values parses (property)', async () => {
    const random = seededRandom(0x14);
    for (let i = 0; i < 300; i++) {
      const name = NAMES[i % NAMES.length]!;
      const value = randomValue(random);
      expect(await grammarIssues(build(name, withEveryString(name, value))), `${name} ${JSON.stringify(value)}`).toEqual([]);
    }
  });

  it('the grammar would catch a broken script (the check above is not vacuous)', async () => {
    const good = build('restoreItem', EXAMPLES.restoreItem);
    expect((await grammarIssues(good.replace('[IO.Directory]::Delete($side, $true) }', '[IO.Directory]::Delete($side, $true)'))).length).toBeGreaterThan(0);
  });
});

describe('upgrade scripts copy without following a link', () => {
  const code = (name: Name) => scriptCodeWithoutParams(build(name, EXAMPLES[name]));

  it.each(NAMES)('%s uses no API that writes through an existing file or link', (name) => {
    expect(code(name)).not.toMatch(/WriteAllText|WriteAllBytes|AppendAllText|WriteAllLines|Set-Content|Add-Content|Out-File|New-Item|Copy-Item|Move-Item|Remove-Item|\[IO\.File\]::(Create|Open)\b|\[IO\.File\]::Copy|FileMode\]::(Create|OpenOrCreate|Open|Truncate|Append)\b|-Recurse/);
  });

  it.each(NAMES)('%s opens every FileStream with FileMode.CreateNew and no sharing', (name) => {
    const streams = code(name).match(/New-Object -TypeName System\.IO\.FileStream -ArgumentList @\([^\n]*\)/g) ?? [];
    for (const s of streams) expect(s).toMatch(/\[IO\.FileMode\]::CreateNew, \[IO\.FileAccess\]::Write, \[IO\.FileShare\]::None\)$/);
  });

  it('backupItems and restoreItem copy with CreateNew, refuse a link before reading it and after writing, and refuse an existing backup folder', () => {
    for (const name of ['backupItems', 'restoreItem'] as const) {
      const text = code(name);
      const copy = text.slice(text.indexOf('function Copy-NewFile'), text.indexOf('function Copy-NewFolder'));
      expect(copy.indexOf('Assert-NotLink $from')).toBeGreaterThan(0);
      expect(copy.indexOf('Assert-NotLink $from')).toBeLessThan(copy.indexOf('OpenRead'));
      expect(copy.indexOf('Assert-NotLink $to')).toBeGreaterThan(copy.indexOf('CreateNew'));
      const folder = text.slice(text.indexOf('function Copy-NewFolder'));
      // Every entry of a folder is checked before it is descended into or copied.
      expect(folder.indexOf('Assert-NotLink $item.FullName')).toBeLessThan(folder.indexOf('Copy-NewFolder $item.FullName'));
    }
    expect(code('backupItems')).toMatch(/if \(Test-Path -LiteralPath \$p\.folder\) \{ throw \('Refused: '/);
    expect(code('restoreItem')).toMatch(/if \(\$present\) \{ Assert-NotLink \$target \}/);
  });

  it('restoreItem checks the backup against its recorded hash before it touches the target', () => {
    const text = code('restoreItem');
    const check = text.indexOf("-ne [string]$p.sha256) { throw ('The backup '");
    expect(check).toBeGreaterThan(0);
    for (const change of ['[IO.File]::Replace', '[IO.File]::Move', '[IO.Directory]::Move', '[IO.Directory]::Delete']) expect(text.indexOf(change)).toBeGreaterThan(check);
  });

  it('runProgram passes each argument as data, never through a shell', () => {
    const text = code('runProgram');
    expect(text).toContain('$psi.UseShellExecute = $false');
    expect(text).not.toMatch(/Invoke-Expression|cmd\.exe|Start-Process|iex /);
  });
});
