if ($ExecutionContext.SessionState.LanguageMode -ne 'FullLanguage') {
  '{"error":"PowerShell is not in Full Language mode","errorType":"HaWizard.LanguageMode","languageMode":"' + $ExecutionContext.SessionState.LanguageMode + '"}'
  exit 1
}
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'
try { Remove-TypeData -TypeName System.Array -ErrorAction SilentlyContinue } catch { }
$p = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('eyJuYW1lIjoiSU5FRE9QUk9HRVRTVkMiLCJhY3Rpb24iOiJyZXN0YXJ0In0=')) | ConvertFrom-Json
$exitCode = 0
try {
  $result = & {
    $action = [string]$p.action
    if (@('start', 'stop', 'restart', 'status') -notcontains $action) { throw 'Unknown service action' }
    $svc = Get-Service -ErrorAction SilentlyContinue | Where-Object { $_.Name -eq [string]$p.name } | Select-Object -First 1
    if ($null -eq $svc) { return [ordered]@{ name = $p.name; exists = $false; action = $action; state = $null } }
    switch ($action) {
      'start' { if ($svc.Status.ToString() -ne 'Running') { Start-Service -InputObject $svc } }
      'stop' { if ($svc.Status.ToString() -ne 'Stopped') { Stop-Service -InputObject $svc } }
      'restart' { Restart-Service -InputObject $svc }
    }
    $svc.Refresh()
    [ordered]@{ name = $svc.Name; exists = $true; action = $action; state = $svc.Status.ToString() }
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
