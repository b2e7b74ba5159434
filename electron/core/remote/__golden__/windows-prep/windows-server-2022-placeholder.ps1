# Prepares this Windows Server 2022 for HA Wizard: the OpenSSH server installed, started and set to
# start with Windows, TCP 22 open in the firewall, and the wizard computer's public key trusted for
# administrators. Run it on the server itself, in PowerShell started as Administrator.
$ErrorActionPreference = 'Stop'

# 1. The OpenSSH server.
# Windows Server 2022 has the OpenSSH server as an optional feature: install it.
$capability = Get-WindowsCapability -Online -Name 'OpenSSH.Server~~~~0.0.1.0'
if ($capability.State -ne 'Installed') { Add-WindowsCapability -Online -Name 'OpenSSH.Server~~~~0.0.1.0' | Out-Null }
Set-Service -Name sshd -StartupType Automatic
Start-Service -Name sshd

# 2. The firewall: let TCP 22 in.
$rule = Get-NetFirewallRule -Name 'OpenSSH-Server-In-TCP' -ErrorAction SilentlyContinue
if ($rule) { Enable-NetFirewallRule -Name 'OpenSSH-Server-In-TCP' }
else { New-NetFirewallRule -Name 'OpenSSH-Server-In-TCP' -DisplayName 'OpenSSH Server (sshd)' -Enabled True -Direction Inbound -Protocol TCP -Action Allow -LocalPort 22 | Out-Null }

# 3. The wizard computer's public key, for administrators (their keys live here, not in the user profile).
$publicKey = 'PASTE-THE-PUBLIC-KEY-OF-THE-WIZARD-COMPUTER-HERE'
$keysFile = Join-Path $env:ProgramData 'ssh\administrators_authorized_keys'
if ($publicKey -eq 'PASTE-THE-PUBLIC-KEY-OF-THE-WIZARD-COMPUTER-HERE') {
  Write-Warning 'No public key was filled in: step 3 skipped. Put the public key in $publicKey above, or sign in with a password.'
} else {
  $present = (Test-Path -LiteralPath $keysFile) -and ((Get-Content -LiteralPath $keysFile) -contains $publicKey)
  if (-not $present) { Add-Content -LiteralPath $keysFile -Value $publicKey }
  # Only Administrators (S-1-5-32-544) and SYSTEM (S-1-5-18), nothing inherited: sshd ignores the file otherwise.
  icacls.exe $keysFile /inheritance:r /grant '*S-1-5-32-544:F' /grant '*S-1-5-18:F' | Out-Null
}

Write-Output ('sshd is ' + (Get-Service -Name sshd).Status + '; this server is ready for HA Wizard.')
