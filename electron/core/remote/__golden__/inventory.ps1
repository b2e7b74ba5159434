if ($ExecutionContext.SessionState.LanguageMode -ne 'FullLanguage') {
  '{"error":"PowerShell is not in Full Language mode","errorType":"HaWizard.LanguageMode","languageMode":"' + $ExecutionContext.SessionState.LanguageMode + '"}'
  exit 1
}
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'
try { Remove-TypeData -TypeName System.Array -ErrorAction SilentlyContinue } catch { }
$p = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('eyJwcm9kdWN0SWQiOiJwcm9nZXQiLCJzZXJ2aWNlTmFtZXMiOlsiSU5FRE9QUk9HRVRTVkMiLCJJTkVET1BST0dFVFdFQlNWQyJdLCJjb25maWdQYXRoIjoiQzpcXFByb2dyYW1EYXRhXFxJbmVkb1xcU2hhcmVkQ29uZmlnXFxQcm9HZXQuY29uZmlnIn0=')) | ConvertFrom-Json
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
    function Get-ExePath([string]$commandLine) {
      if ([string]::IsNullOrWhiteSpace($commandLine)) { return $null }
      $line = $commandLine.Trim()
      if ($line.StartsWith('"')) {
        $end = $line.IndexOf('"', 1)
        if ($end -lt 0) { return $line.Substring(1) }
        return $line.Substring(1, $end - 1)
      }
      $end = $line.IndexOf('.exe', [StringComparison]::OrdinalIgnoreCase)
      if ($end -ge 0) { return $line.Substring(0, $end + 4) }
      return $line
    }
    $os = Get-CimInstance -ClassName Win32_OperatingSystem
    $all = @(Get-CimInstance -ClassName Win32_Service)
    $services = @(foreach ($name in @($p.serviceNames)) {
      $svc = $all | Where-Object { $_.Name -eq $name } | Select-Object -First 1
      if ($null -eq $svc) {
        [ordered]@{ name = $name; exists = $false; state = $null; startMode = $null; account = $null; exePath = $null; fileVersion = $null }
        continue
      }
      $exe = Get-ExePath $svc.PathName
      $fileVersion = $null
      if ($exe -and (Test-Path -LiteralPath $exe -PathType Leaf)) { $fileVersion = (Get-Item -LiteralPath $exe).VersionInfo.FileVersion }
      [ordered]@{ name = $svc.Name; exists = $true; state = [string]$svc.State; startMode = [string]$svc.StartMode; account = [string]$svc.StartName; exePath = $exe; fileVersion = $fileVersion }
    })
    $installed = @($services | Where-Object { $_.exists }).Count -gt 0
    $version = @($services | Where-Object { $_.fileVersion } | ForEach-Object { $_.fileVersion }) | Select-Object -First 1
    $configExists = Test-Path -LiteralPath $p.configPath -PathType Leaf
    $configLength = $null
    if ($configExists) { $configLength = (Get-Item -LiteralPath $p.configPath).Length }
    [ordered]@{
      hostname = [Environment]::MachineName
      os = [ordered]@{ caption = [string]$os.Caption; version = [string]$os.Version; build = [string]$os.BuildNumber }
      product = [ordered]@{ id = $p.productId; installed = $installed; version = $version }
      services = $services
      config = [ordered]@{ path = $p.configPath; exists = $configExists; length = $configLength }
      freeBytes = (Get-FreeBytes $p.configPath)
      utcNow = [DateTime]::UtcNow.ToString('o')
    }
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
