if ($ExecutionContext.SessionState.LanguageMode -ne 'FullLanguage') {
  '{"error":"PowerShell is not in Full Language mode","errorType":"HaWizard.LanguageMode","languageMode":"' + $ExecutionContext.SessionState.LanguageMode + '"}'
  exit 1
}
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'
try { Remove-TypeData -TypeName System.Array -ErrorAction SilentlyContinue } catch { }
$p = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('eyJwYXRoIjoiRDpcXEJhY2t1cHNcXGhhLXdpemFyZCJ9')) | ConvertFrom-Json
$exitCode = 0
try {
  $result = & {
    $free = $null
    $root = [IO.Path]::GetPathRoot([string]$p.path)
    if (-not [string]::IsNullOrEmpty($root)) {
      if ($root.StartsWith('\\')) {
        $fso = New-Object -ComObject Scripting.FileSystemObject
        $free = [int64]($fso.GetDrive($root.TrimEnd('\')).AvailableSpace)
      } else { $free = [int64]((New-Object System.IO.DriveInfo $root).AvailableFreeSpace) }
    }
    [ordered]@{ path = $p.path; freeBytes = $free }
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
