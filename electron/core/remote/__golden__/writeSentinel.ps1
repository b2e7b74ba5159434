if ($ExecutionContext.SessionState.LanguageMode -ne 'FullLanguage') {
  '{"error":"PowerShell is not in Full Language mode","errorType":"HaWizard.LanguageMode","languageMode":"' + $ExecutionContext.SessionState.LanguageMode + '"}'
  exit 1
}
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'
try { Remove-TypeData -TypeName System.Array -ErrorAction SilentlyContinue } catch { }
$p = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('eyJwYXRoIjoiXFxcXG5hc1xccHJvZ2V0XFxwYWNrYWdlcyIsIm5hbWUiOiJoYXdpemFyZC1zZW50aW5lbC1ydW4xLW5vZGUxIiwiY29udGVudCI6Im5vZGUxIDIwMjYtMDEtMDFUMDA6MDA6MDBaIn0=')) | ConvertFrom-Json
$exitCode = 0
try {
  $result = & {
    if ([string]$p.name -notmatch '^hawizard-sentinel-[A-Za-z0-9._-]+$') { throw 'Invalid sentinel name' }
    $file = [IO.Path]::Combine([string]$p.path, [string]$p.name)
    [IO.File]::WriteAllText($file, [string]$p.content, (New-Object System.Text.UTF8Encoding $false))
    [ordered]@{ file = $file; written = $true; identity = [Security.Principal.WindowsIdentity]::GetCurrent().Name }
  }
} catch {
  $failure = $_.Exception
  while ($null -ne $failure.InnerException) { $failure = $failure.InnerException }
  $result = [ordered]@{ error = $failure.Message; errorType = $failure.GetType().FullName }
  $exitCode = 1
}
$json = ConvertTo-Json -InputObject $result -Compress -Depth 8
$json = [regex]::Replace($json, '[^\x00-\x7F]', { param($m) '\u{0:x4}' -f [int][char]$m.Value })
[Console]::Out.Write($json)
exit $exitCode
