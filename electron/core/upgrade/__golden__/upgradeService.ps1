if ($ExecutionContext.SessionState.LanguageMode -ne 'FullLanguage') {
  '{"error":"PowerShell is not in Full Language mode","errorType":"HaWizard.LanguageMode","languageMode":"' + $ExecutionContext.SessionState.LanguageMode + '"}'
  exit 1
}
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'
try { Remove-TypeData -TypeName System.Array -ErrorAction SilentlyContinue } catch { }
$p = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('eyJzZXJ2aWNlTmFtZXMiOlsiSU5FRE9QUk9HRVRTVkMiLCJJTkVET1BST0dFVFdFQlNWQyJdLCJhY3Rpb24iOiJzdG9wIiwid2FpdFNlY29uZHMiOjEyMH0=')) | ConvertFrom-Json
$exitCode = 0
try {
  $result = & {
    $action = [string]$p.action
    if (@('start', 'stop') -notcontains $action) { throw 'Unknown service action' }
    $found = @(foreach ($name in @($p.serviceNames)) { Get-Service -ErrorAction SilentlyContinue | Where-Object { $_.Name -eq [string]$name } | Select-Object -First 1 })
    if ($found.Count -eq 0) { throw ('None of the services ' + (@($p.serviceNames) -join ', ') + ' exists on this server') }
    $wait = [TimeSpan]::FromSeconds([int]$p.waitSeconds)
    foreach ($svc in $found) {
      if ($action -eq 'stop') {
        if ($svc.Status.ToString() -ne 'Stopped') { Stop-Service -InputObject $svc -Force }
        try { $svc.WaitForStatus([ServiceProcess.ServiceControllerStatus]::Stopped, $wait) } catch { }
      } else {
        if ($svc.Status.ToString() -ne 'Running') { Start-Service -InputObject $svc }
        try { $svc.WaitForStatus([ServiceProcess.ServiceControllerStatus]::Running, $wait) } catch { }
      }
    }
    $all = @(Get-CimInstance -ClassName Win32_Service)
    $states = @(foreach ($svc in $found) {
      $cim = $all | Where-Object { $_.Name -eq $svc.Name } | Select-Object -First 1
      $svc.Refresh()
      $processId = 0
      if ($null -ne $cim) { $processId = [int]$cim.ProcessId }
      [ordered]@{ name = $svc.Name; state = $svc.Status.ToString(); processId = $processId }
    })
    [ordered]@{ services = $states }
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
