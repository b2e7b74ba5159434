if ($ExecutionContext.SessionState.LanguageMode -ne 'FullLanguage') {
  '{"error":"PowerShell is not in Full Language mode","errorType":"HaWizard.LanguageMode","languageMode":"' + $ExecutionContext.SessionState.LanguageMode + '"}'
  exit 1
}
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'
try { Remove-TypeData -TypeName System.Array -ErrorAction SilentlyContinue } catch { }
$p = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('eyJleGVQYXRoIjoiQzpcXFByb2dyYW0gRmlsZXNcXEluZWRvIEh1YlxcaHViLmV4ZSIsImFyZ3VtZW50cyI6WyJpbnN0YWxsIiwiUHJvR2V0OjIwMjYuMSIsIi0tSXNVcGdyYWRlPXRydWUiLCItLVVzZVBvc3RncmVzPWZhbHNlIl0sInRpbWVvdXRTZWNvbmRzIjozNjAwfQ==')) | ConvertFrom-Json
$exitCode = 0
try {
  $result = & {
    function ConvertTo-Argument([string]$value) {
      $q = [string][char]34
      if ($value.Length -gt 0 -and $value.IndexOfAny([char[]]@(32, 9, 10, 11, 34)) -lt 0) { return $value }
      $escaped = [regex]::Replace($value, '(\\*)"', { param($m) $m.Groups[1].Value + $m.Groups[1].Value + '\' + $q })
      $escaped = [regex]::Replace($escaped, '(\\+)$', '$1$1')
      return $q + $escaped + $q
    }
    $exe = [string]$p.exePath
    if (-not (Test-Path -LiteralPath $exe -PathType Leaf)) { return [ordered]@{ started = $false; exitCode = $null; timedOut = $false; output = ('Not found: ' + $exe) } }
    $psi = New-Object System.Diagnostics.ProcessStartInfo
    $psi.FileName = $exe
    $psi.Arguments = [string]::Join(' ', [string[]]@(@($p.arguments) | ForEach-Object { ConvertTo-Argument ([string]$_) }))
    $psi.UseShellExecute = $false
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.CreateNoWindow = $true
    $proc = [Diagnostics.Process]::Start($psi)
    $stdout = $proc.StandardOutput.ReadToEndAsync()
    $stderr = $proc.StandardError.ReadToEndAsync()
    $timedOut = -not $proc.WaitForExit([int]$p.timeoutSeconds * 1000)
    $code = $null
    if ($timedOut) { try { $proc.Kill() } catch { } } else { $proc.WaitForExit(); $code = [int]$proc.ExitCode }
    $text = [string]$stdout.Result + [string]$stderr.Result
    if ($text.Length -gt 4000) { $text = $text.Substring($text.Length - 4000) }
    [ordered]@{ started = $true; exitCode = $code; timedOut = $timedOut; output = $text }
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
