if ($ExecutionContext.SessionState.LanguageMode -ne 'FullLanguage') {
  '{"error":"PowerShell is not in Full Language mode","errorType":"HaWizard.LanguageMode","languageMode":"' + $ExecutionContext.SessionState.LanguageMode + '"}'
  exit 1
}
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'
try { Remove-TypeData -TypeName System.Array -ErrorAction SilentlyContinue } catch { }
$p = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('eyJob3N0Ijoic3FsMDEuY29ycC5leGFtcGxlIiwicG9ydCI6MTQzMywidGltZW91dE1zIjozMDAwfQ==')) | ConvertFrom-Json
$exitCode = 0
try {
  $result = & {
    $client = New-Object System.Net.Sockets.TcpClient
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $reachable = $false
    $failure = $null
    try {
      $task = $client.ConnectAsync([string]$p.host, [int]$p.port)
      if ($task.Wait([int]$p.timeoutMs)) { $reachable = $client.Connected }
      else { $failure = 'Timed out after ' + $p.timeoutMs + ' ms' }
    } catch {
      $e = $_.Exception
      while ($null -ne $e.InnerException) { $e = $e.InnerException }
      $failure = $e.Message
    } finally {
      $client.Close()
    }
    [ordered]@{ host = $p.host; port = [int]$p.port; reachable = $reachable; error = $failure; elapsedMs = [int]$watch.ElapsedMilliseconds }
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
