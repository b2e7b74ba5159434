if ($ExecutionContext.SessionState.LanguageMode -ne 'FullLanguage') {
  '{"error":"PowerShell is not in Full Language mode","errorType":"HaWizard.LanguageMode","languageMode":"' + $ExecutionContext.SessionState.LanguageMode + '"}'
  exit 1
}
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'
try { Remove-TypeData -TypeName System.Array -ErrorAction SilentlyContinue } catch { }
$p = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('eyJwYXRoIjoiQzpcXFByb2dyYW1EYXRhXFxJbmVkb1xcU2hhcmVkQ29uZmlnXFxQcm9HZXQuY29uZmlnLmhhLXdpemFyZC1uZXciLCJzZGRsIjoiRDpBSShBOzsweDEzMDFiZjs7O1MtMS01LTIxLTEtMi0zLTExMDUpKEE7SUQ7RkE7OztTWSkoQTtJRDtGQTs7O0JBKShBO0lEOzB4MTIwMGE5Ozs7QlUpIn0=')) | ConvertFrom-Json
$exitCode = 0
try {
  $result = & {
    if (([IO.File]::GetAttributes([string]$p.path) -band [IO.FileAttributes]::ReparsePoint) -ne 0) { throw ('Refused: ' + $p.path + ' is a symbolic link or junction (reparse point)') }
    $access = [Security.AccessControl.AccessControlSections]::Access
    $security = New-Object System.Security.AccessControl.FileSecurity
    $security.SetSecurityDescriptorSddlForm([string]$p.sddl, $access)
    [IO.File]::SetAccessControl([string]$p.path, $security)
    [ordered]@{ path = $p.path; sddl = [IO.File]::GetAccessControl([string]$p.path, $access).GetSecurityDescriptorSddlForm($access) }
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
