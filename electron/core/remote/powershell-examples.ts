/** Test fixtures: example and hostile parameters for every library script (golden files, lint, grammar). */
import type { z } from 'zod';
import { buildPowerShellScript } from './powershell-dialect';
import { POWERSHELL_SCRIPTS } from './powershell-scripts';

export type ScriptName = keyof typeof POWERSHELL_SCRIPTS;
const isScriptName = (k: string): k is ScriptName => Object.hasOwn(POWERSHELL_SCRIPTS, k);
export const SCRIPT_NAMES: ScriptName[] = Object.keys(POWERSHELL_SCRIPTS).filter(isScriptName);

/** Fixed example parameters: the golden files are these scripts, decoded. */
export const EXAMPLES: { [K in ScriptName]: z.input<(typeof POWERSHELL_SCRIPTS)[K]['params']> } = {
  inventory: {
    productId: 'proget',
    serviceNames: ['INEDOPROGETSVC', 'INEDOPROGETWEBSVC'],
    configPath: 'C:\\ProgramData\\Inedo\\SharedConfig\\ProGet.config',
  },
  testTcp: { host: 'sql01.corp.example', port: 1433, timeoutMs: 3000 },
  storageProbe: { path: '\\\\nas\\proget\\packages' },
  writeSentinel: { path: '\\\\nas\\proget\\packages', name: 'hawizard-sentinel-run1-node1', content: 'node1 2026-01-01T00:00:00Z' },
  readSentinels: { path: '\\\\nas\\proget\\packages', prefix: 'hawizard-sentinel-run1-' },
  removeSentinels: { path: '\\\\nas\\proget\\packages', prefix: 'hawizard-sentinel-run1-' },
  serviceAction: { name: 'INEDOPROGETSVC', action: 'restart' },
  aclForAccount: { path: 'C:\\ProgramData\\Inedo\\SharedConfig\\ProGet.config', account: 'NT AUTHORITY\\NETWORK SERVICE' },
  fileHash: { path: 'C:\\ProgramData\\Inedo\\SharedConfig\\ProGet.config' },
  fileSecurity: { path: 'C:\\ProgramData\\Inedo\\SharedConfig\\ProGet.config' },
  setFileSecurity: {
    path: 'C:\\ProgramData\\Inedo\\SharedConfig\\ProGet.config.ha-wizard-new',
    sddl: 'D:AI(A;;0x1301bf;;;S-1-5-21-1-2-3-1105)(A;ID;FA;;;SY)(A;ID;FA;;;BA)(A;ID;0x1200a9;;;BU)',
  },
};

export const HOSTILE_PATH = "\\\\nas\\pkgs'; Remove-Item C:\\ -Recurse #";

/** Values an attacker (or an unlucky admin) could put in a profile: quotes, PowerShell syntax, Unicode. */
export const HOSTILE_VALUES = [
  HOSTILE_PATH,
  "'); Remove-Item C:\\ -Recurse; ('",
  '$(Remove-Item C:\\ -Recurse)',
  '"; & calc.exe; "',
  '`$p`n@\'\n\'@',
  '<# #> # ; | & { } ( ) [ ]',
  'ünïcødé ✓ 日本 🚀 \u0000 \u2028',
  '\u2018smart\u2019 \u201cquotes\u201d \u2013dash',
];

/** Builds a script with loosely typed params (the tests iterate over all scripts). */
export function buildExample(name: ScriptName, params: unknown): string {
  // Any library script, parameters checked by its schema at run time (buildPowerShellScript validates them).
  return buildPowerShellScript<z.ZodType>(POWERSHELL_SCRIPTS[name], params);
}

/**
 * The example with every free-text string parameter replaced by `value` (parameters the schema
 * restricts, such as sentinel names and service actions, keep their example value).
 */
export function withEveryString(name: ScriptName, value: string): Record<string, unknown> {
  const params: Record<string, unknown> = { ...EXAMPLES[name] };
  for (const [key, example] of Object.entries(params)) {
    const candidate = { ...params, [key]: typeof example === 'string' ? value : Array.isArray(example) ? [value, value] : example };
    if (POWERSHELL_SCRIPTS[name].params.safeParse(candidate).success) params[key] = candidate[key];
  }
  return params;
}

/** A random string over printable ASCII, PowerShell's special characters and some non-ASCII. */
export function randomValue(random: () => number, maxLength = 40): string {
  const special = ['\'', '"', '`', '$', '(', ')', '{', '}', '@', '#', '<#', '#>', ';', '|', '&', '\n', '\r', '\t', ' ', '\u2018', '\u201c', '\u2014', '\u0000', '日', '🚀'];
  const length = 1 + Math.floor(random() * maxLength);
  let out = '';
  for (let i = 0; i < length; i++) {
    out += random() < 0.4 ? special[Math.floor(random() * special.length)] : String.fromCharCode(0x20 + Math.floor(random() * 95));
  }
  return out;
}
