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
    # Everyone, Authenticated Users, BUILTIN\Users (holds Authenticated Users), NETWORK (a share is reached over the network).
    $groups = [ordered]@{ 'S-1-1-0' = 'well-known'; 'S-1-5-11' = 'well-known'; 'S-1-5-32-545' = 'well-known'; 'S-1-5-2' = 'well-known' }
    $complete = $false
    $upn = [string]$p.account
    if ($upn.Contains('\')) { $parts = $upn.Split('\'); $upn = $parts[1] + '@' + $parts[0] }
    try {
      $token = New-Object System.Security.Principal.WindowsIdentity ($upn)
      foreach ($g in @($token.Groups)) { $groups[$g.Value] = 'token' }
      $complete = $true
    } catch { }
    $acl = Get-Acl -LiteralPath $p.path
    $rules = @($acl.GetAccessRules($true, $true, [Security.Principal.SecurityIdentifier]) | ForEach-Object {
      $rule = $_
      $name = $rule.IdentityReference.Value
      try { $name = $rule.IdentityReference.Translate([Security.Principal.NTAccount]).Value } catch { }
      $inheritOnly = ($rule.PropagationFlags -band [Security.AccessControl.PropagationFlags]::InheritOnly) -ne 0
      [ordered]@{ sid = $rule.IdentityReference.Value; identity = $name; mask = [int]$rule.FileSystemRights; type = $rule.AccessControlType.ToString(); inherited = [bool]$rule.IsInherited; inheritOnly = [bool]$inheritOnly }
    })
    $groupList = @($groups.Keys | ForEach-Object { [ordered]@{ sid = $_; source = $groups[$_] } })
    [ordered]@{ path = $p.path; account = $p.account; sid = $sid.Value; owner = $acl.Owner; groups = $groupList; groupsComplete = $complete; rules = $rules }
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
