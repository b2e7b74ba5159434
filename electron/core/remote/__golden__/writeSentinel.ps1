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

    function Write-NewFile([string]$file, [string]$text) {
      $existing = $null
      try { $existing = [IO.File]::GetAttributes($file) } catch [IO.FileNotFoundException] { } catch [IO.DirectoryNotFoundException] { }
      if ($null -ne $existing) {
        if (($existing -band [IO.FileAttributes]::ReparsePoint) -ne 0) { throw ('Refused: ' + $file + ' is a symbolic link or junction (reparse point); the wizard never writes through one') }
        throw ('Refused: ' + $file + ' already exists; the wizard writes only files it creates')
      }
      $bytes = (New-Object System.Text.UTF8Encoding $false).GetBytes($text)
      $stream = New-Object -TypeName System.IO.FileStream -ArgumentList @($file, [IO.FileMode]::CreateNew, [IO.FileAccess]::Write, [IO.FileShare]::None)
      try { $stream.Write($bytes, 0, $bytes.Length) } finally { $stream.Dispose() }
      if (([IO.File]::GetAttributes($file) -band [IO.FileAttributes]::ReparsePoint) -ne 0) { throw ('Refused: ' + $file + ' became a reparse point') }
    }
    $file = [IO.Path]::Combine([string]$p.path, [string]$p.name)
    Write-NewFile $file ([string]$p.content)
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
