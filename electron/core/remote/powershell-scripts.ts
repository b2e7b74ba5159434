/**
 * The fixed library of PowerShell scripts run on Windows nodes. Each body is a constant: it reads its
 * inputs from `$p` (decoded from the JSON blob by the dialect's prologue, which also sets
 * $ErrorActionPreference = 'Stop') and returns one [ordered] hashtable, written by the epilogue as a
 * single compact JSON object (ConvertTo-Json -Compress).
 *
 * Rules for bodies (checked by powershell-lint.ts in the tests): single-quoted strings only, no
 * backticks, no `${`, ASCII only; `-LiteralPath` for every path from `$p` (no wildcard expansion);
 * names are matched with -eq, never used as WQL filters or wildcards; enums are written with
 * .ToString() (5.1 would write numbers); commands that emit objects are assigned to $null.
 */
import { z } from 'zod';
import { definePowerShellScript } from './powershell-dialect';
import {
  aclForAccountResult,
  fileHashResult,
  fileSecurityResult,
  inventoryResult,
  readSentinelsResult,
  removeSentinelsResult,
  serviceActionResult,
  storageProbeResult,
  testTcpResult,
  writeSentinelResult,
} from './powershell-results';

/** Every sentinel file name starts with this, so removeSentinels can never delete anything else. */
export const SENTINEL_PREFIX = 'hawizard-sentinel-';
const sentinelName = z.string().regex(/^hawizard-sentinel-[A-Za-z0-9._-]+$/);
const sentinelPrefix = z.string().regex(/^hawizard-sentinel-[A-Za-z0-9._-]*$/);
const nonEmpty = z.string().min(1);

/** A script whose one parameter is a path on the node (a folder or a file). */
function pathScript<R extends z.ZodType>(name: string, result: R, body: string) {
  return definePowerShellScript({ name, params: z.strictObject({ path: nonEmpty }), result, body });
}

/** Free bytes on the volume holding a path: DriveInfo for drive letters, the FSO for UNC shares. */
const GET_FREE_BYTES = String.raw`
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
}`;

/**
 * Creates a new file and writes text (UTF-8, no BOM), never through a link: a name that exists, or is
 * a symbolic link or junction (reparse point) planted there, is refused; FileMode.CreateNew then fails
 * rather than open anything that appeared in between, and the new file must not be a reparse point.
 */
const WRITE_NEW_FILE = String.raw`
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
}`;

/** Identity the commands ran as: key-authenticated sessions have no network credentials (double hop). */
const IDENTITY = '[Security.Principal.WindowsIdentity]::GetCurrent().Name';

/** Host, OS, the product's services (state, exe FileVersion), its config file and free disk. */
export const inventory = definePowerShellScript({
  name: 'inventory',
  params: z.strictObject({ productId: nonEmpty, serviceNames: z.array(nonEmpty), configPath: nonEmpty }),
  result: inventoryResult,
  body: String.raw`
${GET_FREE_BYTES}
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
}`,
});

/** Whether this node reaches host:port over TCP within timeoutMs (database, peers, messenger port). */
export const testTcp = definePowerShellScript({
  name: 'testTcp',
  params: z.strictObject({ host: nonEmpty, port: z.number().int().min(1).max(65535), timeoutMs: z.number().int().min(1) }),
  result: testTcpResult,
  body: String.raw`
$client = New-Object System.Net.Sockets.TcpClient
$watch = [Diagnostics.Stopwatch]::StartNew()
$reachable = $false
$failure = $null
try {
  $task = $client.ConnectAsync([string]$p.host, [int]$p.port)
  if ($task.Wait([int]$p.timeoutMs)) { $reachable = $client.Connected }
  else { $failure = 'Timed out after ' + $p.timeoutMs + ' ms' }
} catch {
  $e = $_.Exception
  while ($null -ne $e.InnerException) { $e = $e.InnerException }
  $failure = $e.Message
} finally {
  $client.Close()
}
[ordered]@{ host = $p.host; port = [int]$p.port; reachable = $reachable; error = $failure; elapsedMs = [int]$watch.ElapsedMilliseconds }`,
});

/** Whether a folder exists and is writable (write, read back, delete a unique file), and its free space. */
export const storageProbe = pathScript('storageProbe', storageProbeResult, String.raw`
${GET_FREE_BYTES}
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
[ordered]@{ path = $p.path; exists = $exists; writable = $writable; error = $failure; freeBytes = (Get-FreeBytes $p.path); identity = ${IDENTITY} }`);

/** Writes one new sentinel file (UTF-8, no BOM) into the shared folder, for the cross-node storage check; never through a link. */
export const writeSentinel = definePowerShellScript({
  name: 'writeSentinel',
  params: z.strictObject({ path: nonEmpty, name: sentinelName, content: z.string() }),
  result: writeSentinelResult,
  body: String.raw`
if ([string]$p.name -notmatch '^hawizard-sentinel-[A-Za-z0-9._-]+$') { throw 'Invalid sentinel name' }
${WRITE_NEW_FILE}
$file = [IO.Path]::Combine([string]$p.path, [string]$p.name)
Write-NewFile $file ([string]$p.content)
[ordered]@{ file = $file; written = $true; identity = ${IDENTITY} }`,
});

/** The scripts on the sentinel files with a prefix: the node checks the prefix too, before anything. */
function sentinelsScript<R extends z.ZodType>(name: string, result: R, body: string) {
  return definePowerShellScript({
    name, params: z.strictObject({ path: nonEmpty, prefix: sentinelPrefix }), result,
    body: String.raw`
if ([string]$p.prefix -notmatch '^hawizard-sentinel-[A-Za-z0-9._-]*$') { throw 'Invalid sentinel prefix' }${body}`,
  });
}

/** The folder's files whose names start with the prefix: the head of a pipeline each script continues. */
const FILES_WITH_PREFIX = String.raw`Get-ChildItem -LiteralPath $p.path -File -Force |
    Where-Object { $_.Name.StartsWith([string]$p.prefix, [StringComparison]::Ordinal) } |`;

/** Lists the sentinel files with a prefix and their contents (which nodes' sentinels this node sees); links are not followed. */
export const readSentinels = sentinelsScript('readSentinels', readSentinelsResult, String.raw`
$exists = Test-Path -LiteralPath $p.path -PathType Container
$found = @()
if ($exists) {
  $found = @(${FILES_WITH_PREFIX}
    Where-Object { ($_.Attributes -band [IO.FileAttributes]::ReparsePoint) -eq 0 } |
    ForEach-Object { [ordered]@{ name = $_.Name; content = [IO.File]::ReadAllText($_.FullName) } })
}
[ordered]@{ path = $p.path; exists = $exists; sentinels = $found }`);

/** Deletes the sentinel files with a prefix; the prefix always starts with SENTINEL_PREFIX. */
export const removeSentinels = sentinelsScript('removeSentinels', removeSentinelsResult, String.raw`
$removed = @()
if (Test-Path -LiteralPath $p.path -PathType Container) {
  $removed = @(${FILES_WITH_PREFIX}
    ForEach-Object { Remove-Item -LiteralPath $_.FullName -Force; $_.Name })
}
[ordered]@{ path = $p.path; removed = $removed }`);

/** Starts, stops, restarts or queries one service by exact name; returns its state afterwards. */
export const serviceAction = definePowerShellScript({
  name: 'serviceAction',
  params: z.strictObject({ name: nonEmpty, action: z.enum(['start', 'stop', 'restart', 'status']) }),
  result: serviceActionResult,
  body: String.raw`
$action = [string]$p.action
if (@('start', 'stop', 'restart', 'status') -notcontains $action) { throw 'Unknown service action' }
$svc = Get-Service -ErrorAction SilentlyContinue | Where-Object { $_.Name -eq [string]$p.name } | Select-Object -First 1
if ($null -eq $svc) { return [ordered]@{ name = $p.name; exists = $false; action = $action; state = $null } }
switch ($action) {
  'start' { if ($svc.Status.ToString() -ne 'Running') { Start-Service -InputObject $svc } }
  'stop' { if ($svc.Status.ToString() -ne 'Stopped') { Stop-Service -InputObject $svc } }
  'restart' { Restart-Service -InputObject $svc }
}
$svc.Refresh()
[ordered]@{ name = $svc.Name; exists = $true; action = $action; state = $svc.Status.ToString() }`,
});

/**
 * Everything needed to work out one account's effective rights on a path: every access rule on it (by
 * SID, with its raw mask) and the SIDs the account acts with. Groups come from the account's own token
 * (an S4U logon, which needs no password: domain and nested groups); when that is not possible only the
 * well-known groups every network logon has are listed, and groupsComplete says so. The engine decides
 * (checks/effective-access.ts): rights granted through any of these groups count.
 */
export const aclForAccount = definePowerShellScript({
  name: 'aclForAccount',
  params: z.strictObject({ path: nonEmpty, account: nonEmpty }),
  result: aclForAccountResult,
  body: String.raw`
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
[ordered]@{ path = $p.path; account = $p.account; sid = $sid.Value; owner = $acl.Owner; groups = $groupList; groupsComplete = $complete; rules = $rules }`,
});

/** SHA-256 of a file (lowercase hex), or null when it does not exist: compares config files across nodes. */
export const fileHash = pathScript('fileHash', fileHashResult, String.raw`
$exists = Test-Path -LiteralPath $p.path -PathType Leaf
$hash = $null
if ($exists) { $hash = (Get-FileHash -LiteralPath $p.path -Algorithm SHA256).Hash.ToLowerInvariant() }
[ordered]@{ path = $p.path; exists = $exists; sha256 = $hash }`);

/**
 * How both rights scripts start: refuse a path that is a symbolic link or junction (rights are read from
 * and written to the file itself), and name the Access section, the only part read or written.
 */
const ACCESS_RULES_START = String.raw`
if (([IO.File]::GetAttributes([string]$p.path) -band [IO.FileAttributes]::ReparsePoint) -ne 0) { throw ('Refused: ' + $p.path + ' is a symbolic link or junction (reparse point)') }
$access = [Security.AccessControl.AccessControlSections]::Access`;

/** What both rights scripts return: the file's access rules as they are now. */
const ACCESS_RULES_RESULT = String.raw`[ordered]@{ path = $p.path; sddl = [IO.File]::GetAccessControl([string]$p.path, $access).GetSecurityDescriptorSddlForm($access) }`;

/**
 * A file's access rules (its DACL and whether it inherits) as SDDL, without owner or group: what apply
 * copies onto the new file, the backup and the restored file, because a file written beside and renamed
 * over the original would otherwise carry only the folder's inherited rules.
 */
export const fileSecurity = pathScript('fileSecurity', fileSecurityResult, String.raw`
${ACCESS_RULES_START}
${ACCESS_RULES_RESULT}`);

/**
 * Gives a file the access rules of an SDDL read by fileSecurity (DACL only: owner and group stay, so no
 * privilege is needed) and returns what the file then has. Inherited entries come from the file's own
 * folder: Windows recomputes them, the explicit ones are copied.
 */
export const setFileSecurity = definePowerShellScript({
  name: 'setFileSecurity',
  params: z.strictObject({ path: nonEmpty, sddl: z.string().regex(/^D:[\x20-\x7e]*$/) }),
  result: fileSecurityResult,
  body: String.raw`
${ACCESS_RULES_START}
$security = New-Object System.Security.AccessControl.FileSecurity
$security.SetSecurityDescriptorSddlForm([string]$p.sddl, $access)
[IO.File]::SetAccessControl([string]$p.path, $security)
${ACCESS_RULES_RESULT}`,
});

export const POWERSHELL_SCRIPTS = {
  inventory,
  testTcp,
  storageProbe,
  writeSentinel,
  readSentinels,
  removeSentinels,
  serviceAction,
  aclForAccount,
  fileHash,
  fileSecurity,
  setFileSecurity,
} as const;
