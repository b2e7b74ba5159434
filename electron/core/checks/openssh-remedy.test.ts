/** The "does not answer SSH" remedy fits the server: Linux words for Linux, and Windows Server 2025 only starts sshd. */
import { describe, expect, it } from 'vitest';
import { sshUnreachableRemedy, windowsServerVersionOf } from './openssh-remedy';

describe('OpenSSH remedy', () => {
  it('a Linux server never gets PowerShell', () => {
    const r = sshUnreachableRemedy('linux');
    expect(r).toContain('systemctl status ssh');
    expect(r).not.toMatch(/Add-WindowsCapability|Start-Service|PowerShell|Enable-NetFirewallRule/);
  });

  it('Windows Server 2025 starts the installed sshd; 2019 and 2022 install it first; unknown says both plainly', () => {
    const w25 = sshUnreachableRemedy('windows', '2025');
    expect(w25).toContain('Start-Service sshd; Set-Service -Name sshd -StartupType Automatic');
    expect(w25).not.toContain('Add-WindowsCapability');
    for (const v of ['2019', '2022'] as const) expect(sshUnreachableRemedy('windows', v)).toMatch(/Add-WindowsCapability .*then Start-Service sshd/);
    const unknown = sshUnreachableRemedy('windows');
    expect(unknown).toMatch(/Windows Server 2025 has OpenSSH installed but off: Start-Service sshd.*Windows Server 2019 and 2022 must install it first: Add-WindowsCapability/);
    for (const r of [w25, unknown]) expect(r).toContain("Enable-NetFirewallRule -Name 'OpenSSH-Server-In-TCP'");
  });

  it('reads the version from the OS name a login reported', () => {
    expect(windowsServerVersionOf('Microsoft Windows Server 2025 Datacenter')).toBe('2025');
    expect(windowsServerVersionOf('Microsoft Windows Server 2022 Standard')).toBe('2022');
    expect(windowsServerVersionOf('Microsoft Windows Server 2016 Standard')).toBeNull();
    expect(windowsServerVersionOf(null)).toBeNull();
  });
});
