if ($ExecutionContext.SessionState.LanguageMode -ne 'FullLanguage') {
  '{"error":"PowerShell is not in Full Language mode","errorType":"HaWizard.LanguageMode","languageMode":"' + $ExecutionContext.SessionState.LanguageMode + '"}'
  exit 1
}
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'
try { Remove-TypeData -TypeName System.Array -ErrorAction SilentlyContinue } catch { }
$p = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('eyJwYXRoIjoiQzpcXFByb2dyYW0gRmlsZXNcXEluZWRvIEh1YlxcaHViLmV4ZSJ9')) | ConvertFrom-Json
$exitCode = 0
try {
  $result = & {
    $exists = Test-Path -LiteralPath $p.path -PathType Leaf
    $version = $null
    if ($exists) { $version = [string](Get-Item -LiteralPath $p.path).VersionInfo.FileVersion }
    [ordered]@{ path = $p.path; exists = $exists; fileVersion = $version }
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
