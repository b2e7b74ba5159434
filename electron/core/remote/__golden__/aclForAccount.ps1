if ($ExecutionContext.SessionState.LanguageMode -ne 'FullLanguage') {
  '{"error":"PowerShell is not in Full Language mode","errorType":"HaWizard.LanguageMode","languageMode":"' + $ExecutionContext.SessionState.LanguageMode + '"}'
  exit 1
}
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'
try { Remove-TypeData -TypeName System.Array -ErrorAction SilentlyContinue } catch { }
$p = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('eyJwYXRoIjoiQzpcXFByb2dyYW1EYXRhXFxJbmVkb1xcU2hhcmVkQ29uZmlnXFxQcm9HZXQuY29uZmlnIiwiYWNjb3VudCI6Ik5UIEFVVEhPUklUWVxcTkVUV09SSyBTRVJWSUNFIn0=')) | ConvertFrom-Json
$exitCode = 0
try {
  $result = & {
    $sid = (New-Object System.Security.Principal.NTAccount ([string]$p.account)).Translate([Security.Principal.SecurityIdentifier])
    $acl = Get-Acl -LiteralPath $p.path
    $rules = @($acl.GetAccessRules($true, $true, [Security.Principal.SecurityIdentifier]) |
      Where-Object { $_.IdentityReference.Value -eq $sid.Value } |
      ForEach-Object { [ordered]@{ rights = @($_.FileSystemRights.ToString() -split ', '); type = $_.AccessControlType.ToString(); inherited = [bool]$_.IsInherited } })
    $allowed = @($rules | Where-Object { $_.type -eq 'Allow' } | ForEach-Object { $_.rights } | Sort-Object -Unique)
    $denied = @($rules | Where-Object { $_.type -eq 'Deny' } | ForEach-Object { $_.rights } | Sort-Object -Unique)
    [ordered]@{ path = $p.path; account = $p.account; sid = $sid.Value; owner = $acl.Owner; rules = $rules; rights = $allowed; deniedRights = $denied }
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
