/**
 * "Prepare a Windows server": the PowerShell an admin runs ON a Windows server so the wizard can reach
 * it over SSH. One template for every Windows Server version; only the OpenSSH step differs (2019 and
 * 2022 install the optional capability; 2025 ships it installed but off, so it is only started: see
 * inedo-facts.md). This computer's public key goes in as a single-quoted PowerShell literal, never
 * spliced as code: every quote character PowerShell honours (' and the three typographic ones) is doubled.
 */

export const WINDOWS_SERVER_VERSIONS = ['2019', '2022', '2025'] as const;
export type WindowsServerVersion = (typeof WINDOWS_SERVER_VERSIONS)[number];

/** What the script puts where the public key goes when the wizard has none: the admin replaces it. */
export const PUBLIC_KEY_PLACEHOLDER = 'PASTE-THE-PUBLIC-KEY-OF-THE-WIZARD-COMPUTER-HERE';

/** PowerShell treats these four as single quotes inside and around a single-quoted string. */
const SINGLE_QUOTES = /['\u2018\u2019\u201a\u201b]/g;

/** A PowerShell single-quoted literal whose value is exactly `value` (no expansion, no escapes but doubled quotes). */
export function psSingleQuoted(value: string): string {
  return `'${value.replace(SINGLE_QUOTES, (q) => q + q)}'`;
}

/** A public key is one line of text: line breaks become a space, other control characters go. */
function oneLine(key: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return key.replace(/[\r\n\u0085\u2028\u2029]+/g, ' ').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
}

const OPENSSH_STEP: Record<WindowsServerVersion, string[]> = {
  '2019': [
    '# Windows Server 2019 has the OpenSSH server as an optional feature: install it (needs Windows Update or a',
    '# Features on Demand source).',
    "$capability = Get-WindowsCapability -Online -Name 'OpenSSH.Server~~~~0.0.1.0'",
    "if ($capability.State -ne 'Installed') { Add-WindowsCapability -Online -Name 'OpenSSH.Server~~~~0.0.1.0' | Out-Null }",
  ],
  '2022': [
    '# Windows Server 2022 has the OpenSSH server as an optional feature: install it.',
    "$capability = Get-WindowsCapability -Online -Name 'OpenSSH.Server~~~~0.0.1.0'",
    "if ($capability.State -ne 'Installed') { Add-WindowsCapability -Online -Name 'OpenSSH.Server~~~~0.0.1.0' | Out-Null }",
  ],
  '2025': [
    '# Windows Server 2025 ships the OpenSSH server installed but turned off ("Remote SSH Access" in',
    '# Server Manager): nothing to install, it only has to be started. Get-Service fails here if it is missing.',
    'Get-Service -Name sshd | Out-Null',
  ],
};

/** The whole script for one Windows Server version, with this computer's public key or the placeholder. */
export function windowsPrepScript(o: { version: WindowsServerVersion; publicKey: string | null }): string {
  const key = o.publicKey === null ? PUBLIC_KEY_PLACEHOLDER : oneLine(o.publicKey);
  return [
    `# Prepares this Windows Server ${o.version} for HA Wizard: the OpenSSH server installed, started and set to`,
    '# start with Windows, TCP 22 open in the firewall, and the wizard computer\'s public key trusted for',
    '# administrators. Run it on the server itself, in PowerShell started as Administrator.',
    "$ErrorActionPreference = 'Stop'",
    '',
    '# 1. The OpenSSH server.',
    ...OPENSSH_STEP[o.version],
    'Set-Service -Name sshd -StartupType Automatic',
    'Start-Service -Name sshd',
    '',
    '# 2. The firewall: let TCP 22 in.',
    "$rule = Get-NetFirewallRule -Name 'OpenSSH-Server-In-TCP' -ErrorAction SilentlyContinue",
    "if ($rule) { Enable-NetFirewallRule -Name 'OpenSSH-Server-In-TCP' }",
    "else { New-NetFirewallRule -Name 'OpenSSH-Server-In-TCP' -DisplayName 'OpenSSH Server (sshd)' -Enabled True -Direction Inbound -Protocol TCP -Action Allow -LocalPort 22 | Out-Null }",
    '',
    '# 3. The wizard computer\'s public key, for administrators (their keys live here, not in the user profile).',
    `$publicKey = ${psSingleQuoted(key)}`,
    "$keysFile = Join-Path $env:ProgramData 'ssh\\administrators_authorized_keys'",
    `if ($publicKey -eq ${psSingleQuoted(PUBLIC_KEY_PLACEHOLDER)}) {`,
    "  Write-Warning 'No public key was filled in: step 3 skipped. Put the public key in $publicKey above, or sign in with a password.'",
    '} else {',
    '  $present = (Test-Path -LiteralPath $keysFile) -and ((Get-Content -LiteralPath $keysFile) -contains $publicKey)',
    '  if (-not $present) { Add-Content -LiteralPath $keysFile -Value $publicKey }',
    '  # Only Administrators (S-1-5-32-544) and SYSTEM (S-1-5-18), nothing inherited: sshd ignores the file otherwise.',
    '  icacls.exe $keysFile /inheritance:r /grant \'*S-1-5-32-544:F\' /grant \'*S-1-5-18:F\' | Out-Null',
    '}',
    '',
    "Write-Output ('sshd is ' + (Get-Service -Name sshd).Status + '; this server is ready for HA Wizard.')",
    '',
  ].join('\n');
}

/** The file name to save a version's script under. */
export function windowsPrepFileName(version: WindowsServerVersion): string {
  return `prepare-windows-server-${version}-for-ha-wizard.ps1`;
}
