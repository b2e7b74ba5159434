if ($ExecutionContext.SessionState.LanguageMode -ne 'FullLanguage') {
  '{"error":"PowerShell is not in Full Language mode","errorType":"HaWizard.LanguageMode","languageMode":"' + $ExecutionContext.SessionState.LanguageMode + '"}'
  exit 1
}
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'
try { Remove-TypeData -TypeName System.Array -ErrorAction SilentlyContinue } catch { }
$p = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('eyJwYXRoIjoiRDpcXEJhY2t1cHNcXGhhLXdpemFyZFxcbm9kZTEtMjAyNjEyMDFUMDIwMDAwWi1hMWIyYzNcXGV4dGVuc2lvbnMiLCJraW5kIjoiZm9sZGVyIn0=')) | ConvertFrom-Json
$exitCode = 0
try {
  $result = & {
    function Assert-NotLink([string]$path) {
      if (([IO.File]::GetAttributes($path) -band [IO.FileAttributes]::ReparsePoint) -ne 0) { throw ('Refused: ' + $path + ' is a symbolic link or junction (reparse point); the wizard follows no links') }
    }

    function Add-Listing([string]$dir, [string]$rel, $lines, $acc) {
      $lines.Add('d ' + $rel)
      foreach ($item in @(Get-ChildItem -LiteralPath $dir -Force)) {
        Assert-NotLink $item.FullName
        $child = $rel + '/' + $item.Name
        if ($item.PSIsContainer) { Add-Listing $item.FullName $child $lines $acc }
        else {
          $lines.Add((Get-FileHash -LiteralPath $item.FullName -Algorithm SHA256).Hash.ToLowerInvariant() + '  ' + $child)
          $acc.bytes = $acc.bytes + [int64]$item.Length
        }
      }
    }
    function Get-Digest([string]$path, [string]$kind) {
      if (-not (Test-Path -LiteralPath $path)) { return $null }
      Assert-NotLink $path
      if ($kind -eq 'file') {
        $hash = (Get-FileHash -LiteralPath $path -Algorithm SHA256).Hash.ToLowerInvariant()
        return [ordered]@{ sha256 = $hash; bytes = [int64](Get-Item -LiteralPath $path -Force).Length }
      }
      $lines = New-Object System.Collections.Generic.List[string]
      $acc = @{ bytes = [int64]0 }
      Add-Listing $path '.' $lines $acc
      $sorted = $lines.ToArray()
      [Array]::Sort($sorted, [StringComparer]::Ordinal)
      $text = [string]::Join([string][char]10, $sorted)
      $sha = New-Object System.Security.Cryptography.SHA256Managed
      $sum = $sha.ComputeHash((New-Object System.Text.UTF8Encoding $false).GetBytes($text))
      return [ordered]@{ sha256 = [BitConverter]::ToString($sum).Replace('-', '').ToLowerInvariant(); bytes = [int64]$acc.bytes }
    }
    [ordered]@{ path = $p.path; digest = (Get-Digest ([string]$p.path) ([string]$p.kind)) }
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
