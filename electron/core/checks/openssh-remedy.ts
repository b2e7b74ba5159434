/**
 * What to do when a server does not answer SSH, right for the server the admin described: Linux gets
 * Linux's words, Windows PowerShell. Windows Server 2025 ships OpenSSH installed but off (inedo-facts.md),
 * so its remedy is to start it; 2019 and 2022 must add the capability first. The version is not known
 * before the first login, so both are said plainly unless it is.
 */
import type { Os } from '../../shared/kinds';

const VERSIONS = ['2019', '2022', '2025'] as const;
export type WindowsServerVersion = (typeof VERSIONS)[number];

const START = 'Start-Service sshd; Set-Service -Name sshd -StartupType Automatic';
const INSTALL = 'Add-WindowsCapability -Online -Name OpenSSH.Server~~~~0.0.1.0';
const FIREWALL = "Enable-NetFirewallRule -Name 'OpenSSH-Server-In-TCP' (TCP 22; on Windows Server 2025 also turn on Remote SSH Access in Server Manager)";

/** The Windows version from an OS name such as "Microsoft Windows Server 2022 Datacenter", or null. */
export function windowsServerVersionOf(osName: string | null | undefined): WindowsServerVersion | null {
  const m = /Windows Server (\d{4})\b/i.exec(osName ?? '');
  return VERSIONS.find((v) => v === m?.[1]) ?? null;
}

export function sshUnreachableRemedy(os: Os, version: WindowsServerVersion | null = null): string {
  if (os === 'linux') return 'Check that the server is on, that sshd runs (systemctl status ssh) and that a firewall lets TCP 22 through from this computer.';
  const firewall = `then let TCP 22 through the firewall: ${FIREWALL}.`;
  if (version === '2025') return `On the server, in PowerShell as Administrator: Windows Server 2025 has OpenSSH installed but off: ${START}; ${firewall}`;
  if (version) return `On the server, in PowerShell as Administrator: install OpenSSH Server (${INSTALL}), then ${START}; ${firewall}`;
  return 'On the server, in PowerShell as Administrator. Windows Server 2025 has OpenSSH installed but off: ' +
    `${START}. Windows Server 2019 and 2022 must install it first: ${INSTALL}; then ${START}. On every version, ${firewall}`;
}
