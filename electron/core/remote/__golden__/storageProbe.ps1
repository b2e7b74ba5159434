if ($ExecutionContext.SessionState.LanguageMode -ne 'FullLanguage') {
  '{"error":"PowerShell is not in Full Language mode","errorType":"HaWizard.LanguageMode","languageMode":"' + $ExecutionContext.SessionState.LanguageMode + '"}'
  exit 1
}
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'
try { Remove-TypeData -TypeName System.Array -ErrorAction SilentlyContinue } catch { }
$p = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('eyJwYXRoIjoiXFxcXG5hc1xccHJvZ2V0XFxwYWNrYWdlcyJ9')) | ConvertFrom-Json
$exitCode = 0
try {
  $result = & {
    function Get-FreeBytes([string]$path) {
      try {
        $root = [IO.Path]::GetPathRoot($path)
        if ([string]::IsNullOrEmpty($root)) { return $null }
        if ($root.StartsWith('\\')) {
          $fso = New-Object -ComObject Scripting.FileSystemObject
          return [int64]($fso.GetDrive($root.TrimEnd('\')).AvailableSpace)
        }
        return [int64]((New-Object System.IO.DriveInfo $root).AvailableFreeSpace)
      } catch { return $null }
    }
    $exists = Test-Path -LiteralPath $p.path -PathType Container
    $writable = $false
    $failure = $null
    if ($exists) {
      $probe = [IO.Path]::Combine([string]$p.path, '.hawizard-probe-' + [Guid]::NewGuid().ToString('N'))
      $created = $false
      try {
        # A fresh random name, created new (CreateNew fails on anything already there, a link included).
        $stream = New-Object -TypeName System.IO.FileStream -ArgumentList @($probe, [IO.FileMode]::CreateNew, [IO.FileAccess]::Write, [IO.FileShare]::None)
        $created = $true
        try { $stream.Write([byte[]]@(112, 114, 111, 98, 101), 0, 5) } finally { $stream.Dispose() }
        $writable = [IO.File]::ReadAllText($probe) -eq 'probe'
        [IO.File]::Delete($probe)
      } catch {
        $e = $_.Exception
        while ($null -ne $e.InnerException) { $e = $e.InnerException }
        $failure = $e.Message
        $writable = $false
        # Only a file this script created is deleted, never whatever was found at the name.
        if ($created) { try { [IO.File]::Delete($probe) } catch { } }
      }
    }
    [ordered]@{ path = $p.path; exists = $exists; writable = $writable; error = $failure; freeBytes = (Get-FreeBytes $p.path); identity = [Security.Principal.WindowsIdentity]::GetCurrent().Name }
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
