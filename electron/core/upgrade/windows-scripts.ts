/**
 * The PowerShell scripts an upgrade runs on a Windows node (issue 14), under the same rules as the engine's
 * library (remote/powershell-scripts.ts): constant bodies reading their inputs from `$p`, single-quoted strings,
 * -LiteralPath, ASCII, one [ordered] result. Files are copied with FileMode.CreateNew and no link (reparse
 * point) is ever followed or written through: a link in a copied folder is refused.
 */
import { z } from 'zod';
import { definePowerShellScript } from '../remote/powershell-dialect';

const nonEmpty = z.string().min(1);
const nullableString = z.string().nullable();
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => (value === null || value === undefined ? [] : Array.isArray(value) ? value : [value]), z.array(item));

/** Refuses a path that is a symbolic link or junction: nothing is read through or written through one. */
const ASSERT_NOT_LINK = String.raw`
function Assert-NotLink([string]$path) {
  if (([IO.File]::GetAttributes($path) -band [IO.FileAttributes]::ReparsePoint) -ne 0) { throw ('Refused: ' + $path + ' is a symbolic link or junction (reparse point); the wizard follows no links') }
}`;

/** Copies a file into a new file (CreateNew: never over anything at the name), and a folder into a new folder. */
const COPY_NEW = String.raw`
function Copy-NewFile([string]$from, [string]$to) {
  Assert-NotLink $from
  $in = [IO.File]::OpenRead($from)
  try {
    $out = New-Object -TypeName System.IO.FileStream -ArgumentList @($to, [IO.FileMode]::CreateNew, [IO.FileAccess]::Write, [IO.FileShare]::None)
    try { $in.CopyTo($out) } finally { $out.Dispose() }
  } finally { $in.Dispose() }
  Assert-NotLink $to
}
function Copy-NewFolder([string]$from, [string]$to) {
  Assert-NotLink $from
  if (Test-Path -LiteralPath $to) { throw ('Refused: ' + $to + ' already exists; the wizard copies only into a folder it creates') }
  $null = [IO.Directory]::CreateDirectory($to)
  foreach ($item in @(Get-ChildItem -LiteralPath $from -Force)) {
    Assert-NotLink $item.FullName
    $target = [IO.Path]::Combine($to, $item.Name)
    if ($item.PSIsContainer) { Copy-NewFolder $item.FullName $target } else { Copy-NewFile $item.FullName $target }
  }
}`;

/**
 * A file's sha256 and size; a folder's: the sha256 of its sorted listing (each folder, each file with its
 * sha256) and the total size of its files. $null when nothing is there.
 */
const DIGEST = String.raw`
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
}`;

const digestResult = z.object({ sha256: z.string(), bytes: z.number() }).nullable();

/**
 * Stops or starts every one of the product's services that exists (2025+: one; <= 2024: also the web service),
 * waits for the state, and reports each with its process id: a stop is proven by Stopped and no process.
 */
export const upgradeService = definePowerShellScript({
  name: 'upgradeService',
  params: z.strictObject({ serviceNames: z.array(nonEmpty), action: z.enum(['start', 'stop']), waitSeconds: z.number().int().min(1).max(3600) }),
  result: z.object({ services: list(z.object({ name: z.string(), state: z.string(), processId: z.number() })) }),
  body: String.raw`
$action = [string]$p.action
if (@('start', 'stop') -notcontains $action) { throw 'Unknown service action' }
$found = @(foreach ($name in @($p.serviceNames)) { Get-Service -ErrorAction SilentlyContinue | Where-Object { $_.Name -eq [string]$name } | Select-Object -First 1 })
if ($found.Count -eq 0) { throw ('None of the services ' + (@($p.serviceNames) -join ', ') + ' exists on this server') }
$wait = [TimeSpan]::FromSeconds([int]$p.waitSeconds)
foreach ($svc in $found) {
  if ($action -eq 'stop') {
    if ($svc.Status.ToString() -ne 'Stopped') { Stop-Service -InputObject $svc -Force }
    try { $svc.WaitForStatus([ServiceProcess.ServiceControllerStatus]::Stopped, $wait) } catch { }
  } else {
    if ($svc.Status.ToString() -ne 'Running') { Start-Service -InputObject $svc }
    try { $svc.WaitForStatus([ServiceProcess.ServiceControllerStatus]::Running, $wait) } catch { }
  }
}
$all = @(Get-CimInstance -ClassName Win32_Service)
$states = @(foreach ($svc in $found) {
  $cim = $all | Where-Object { $_.Name -eq $svc.Name } | Select-Object -First 1
  $svc.Refresh()
  $processId = 0
  if ($null -ne $cim) { $processId = [int]$cim.ProcessId }
  [ordered]@{ name = $svc.Name; state = $svc.Status.ToString(); processId = $processId }
})
[ordered]@{ services = $states }`,
});

/**
 * Runs a program (Inedo Hub's CLI, the product's exe for upgradedb) with its arguments passed as data, each
 * quoted by the rules Windows programs split their command line with; its exit code and the tail of its output.
 */
export const runProgram = definePowerShellScript({
  name: 'runProgram',
  params: z.strictObject({ exePath: nonEmpty, arguments: z.array(z.string()), timeoutSeconds: z.number().int().min(1).max(4 * 3600) }),
  result: z.object({ started: z.boolean(), exitCode: z.number().nullable(), timedOut: z.boolean(), output: z.string() }),
  body: String.raw`
function ConvertTo-Argument([string]$value) {
  $q = [string][char]34
  if ($value.Length -gt 0 -and $value.IndexOfAny([char[]]@(32, 9, 10, 11, 34)) -lt 0) { return $value }
  $escaped = [regex]::Replace($value, '(\\*)"', { param($m) $m.Groups[1].Value + $m.Groups[1].Value + '\' + $q })
  $escaped = [regex]::Replace($escaped, '(\\+)$', '$1$1')
  return $q + $escaped + $q
}
$exe = [string]$p.exePath
if (-not (Test-Path -LiteralPath $exe -PathType Leaf)) { return [ordered]@{ started = $false; exitCode = $null; timedOut = $false; output = ('Not found: ' + $exe) } }
$psi = New-Object System.Diagnostics.ProcessStartInfo
$psi.FileName = $exe
$psi.Arguments = [string]::Join(' ', [string[]]@(@($p.arguments) | ForEach-Object { ConvertTo-Argument ([string]$_) }))
$psi.UseShellExecute = $false
$psi.RedirectStandardOutput = $true
$psi.RedirectStandardError = $true
$psi.CreateNoWindow = $true
$proc = [Diagnostics.Process]::Start($psi)
$stdout = $proc.StandardOutput.ReadToEndAsync()
$stderr = $proc.StandardError.ReadToEndAsync()
$timedOut = -not $proc.WaitForExit([int]$p.timeoutSeconds * 1000)
$code = $null
if ($timedOut) { try { $proc.Kill() } catch { } } else { $proc.WaitForExit(); $code = [int]$proc.ExitCode }
$text = [string]$stdout.Result + [string]$stderr.Result
if ($text.Length -gt 4000) { $text = $text.Substring($text.Length - 4000) }
[ordered]@{ started = $true; exitCode = $code; timedOut = $timedOut; output = $text }`,
});

/** Whether a program file exists, and its file version (Inedo Hub's CLI, for the preflight). */
export const programInfo = definePowerShellScript({
  name: 'programInfo',
  params: z.strictObject({ path: nonEmpty }),
  result: z.object({ path: z.string(), exists: z.boolean(), fileVersion: nullableString }),
  body: String.raw`
$exists = Test-Path -LiteralPath $p.path -PathType Leaf
$version = $null
if ($exists) { $version = [string](Get-Item -LiteralPath $p.path).VersionInfo.FileVersion }
[ordered]@{ path = $p.path; exists = $exists; fileVersion = $version }`,
});

/** Where the product's exe for upgradedb is: beside the service's executable, else in the default install folder. */
export const productExe = definePowerShellScript({
  name: 'productExe',
  params: z.strictObject({ serviceNames: z.array(nonEmpty), exeName: z.string().regex(/^[A-Za-z0-9._-]+\.exe$/), fallbackDir: nonEmpty }),
  result: z.object({ path: nullableString, looked: list(z.string()) }),
  body: String.raw`
$looked = New-Object System.Collections.Generic.List[string]
$all = @(Get-CimInstance -ClassName Win32_Service)
foreach ($name in @($p.serviceNames)) {
  $svc = $all | Where-Object { $_.Name -eq [string]$name } | Select-Object -First 1
  if ($null -eq $svc -or [string]::IsNullOrWhiteSpace($svc.PathName)) { continue }
  $line = $svc.PathName.Trim()
  if ($line.StartsWith([string][char]34)) { $line = $line.Substring(1, $line.IndexOf([char]34, 1) - 1) }
  else { $end = $line.IndexOf('.exe', [StringComparison]::OrdinalIgnoreCase); if ($end -ge 0) { $line = $line.Substring(0, $end + 4) } }
  $looked.Add([IO.Path]::Combine([IO.Path]::GetDirectoryName($line), [string]$p.exeName))
}
$looked.Add([IO.Path]::Combine([string]$p.fallbackDir, [string]$p.exeName))
$hit = $null
foreach ($candidate in $looked) { if (Test-Path -LiteralPath $candidate -PathType Leaf) { $hit = $candidate; break } }
[ordered]@{ path = $hit; looked = @($looked) }`,
});

/** Free bytes on the volume holding a path (drive letter or UNC share); null when it cannot be read. */
export const freeSpace = definePowerShellScript({
  name: 'freeSpace',
  params: z.strictObject({ path: nonEmpty }),
  result: z.object({ path: z.string(), freeBytes: z.number().nullable() }),
  body: String.raw`
$free = $null
$root = [IO.Path]::GetPathRoot([string]$p.path)
if (-not [string]::IsNullOrEmpty($root)) {
  if ($root.StartsWith('\\')) {
    $fso = New-Object -ComObject Scripting.FileSystemObject
    $free = [int64]($fso.GetDrive($root.TrimEnd('\')).AvailableSpace)
  } else { $free = [int64]((New-Object System.IO.DriveInfo $root).AvailableFreeSpace) }
}
[ordered]@{ path = $p.path; freeBytes = $free }`,
});

/**
 * Backs up files and folders into a new folder: `folder` must not exist (it is created, with its parents), then
 * each item is copied new into it. A missing item is reported as such (an extensions folder that is not there).
 */
export const backupItems = definePowerShellScript({
  name: 'backupItems',
  params: z.strictObject({ folder: nonEmpty, items: z.array(z.strictObject({ source: nonEmpty, target: nonEmpty, kind: z.enum(['file', 'folder']) })) }),
  result: z.object({ items: list(z.object({ source: z.string(), target: z.string(), copied: z.boolean(), digest: digestResult })) }),
  body: String.raw`
${ASSERT_NOT_LINK}
${COPY_NEW}
${DIGEST}
if (Test-Path -LiteralPath $p.folder) { throw ('Refused: ' + $p.folder + ' already exists; the wizard backs up only into a folder it creates') }
$null = [IO.Directory]::CreateDirectory([string]$p.folder)
$done = @(foreach ($item in @($p.items)) {
  $kind = [string]$item.kind
  $exists = Test-Path -LiteralPath $item.source -PathType Leaf
  if ($kind -eq 'folder') { $exists = Test-Path -LiteralPath $item.source -PathType Container }
  if (-not $exists) { [ordered]@{ source = $item.source; target = $item.target; copied = $false; digest = $null }; continue }
  if ($kind -eq 'folder') { Copy-NewFolder ([string]$item.source) ([string]$item.target) } else { Copy-NewFile ([string]$item.source) ([string]$item.target) }
  $before = Get-Digest ([string]$item.source) $kind
  $after = Get-Digest ([string]$item.target) $kind
  if ($before.sha256 -ne $after.sha256) { throw ('The copy of ' + $item.source + ' differs from it (it changed while copied)') }
  [ordered]@{ source = $item.source; target = $item.target; copied = $true; digest = $after }
})
[ordered]@{ items = $done }`,
});

/** A backup's digest now (to verify it), or null when it is gone. */
export const itemDigest = definePowerShellScript({
  name: 'itemDigest',
  params: z.strictObject({ path: nonEmpty, kind: z.enum(['file', 'folder']) }),
  result: z.object({ path: z.string(), digest: digestResult }),
  body: String.raw`
${ASSERT_NOT_LINK}
${DIGEST}
[ordered]@{ path = $p.path; digest = (Get-Digest ([string]$p.path) ([string]$p.kind)) }`,
});

/**
 * Puts a backup back where it came from. A file: copied new beside the target, checked, then swapped in with
 * File.Replace (the target keeps its access rules) or moved in when the target is gone. A folder: the one there
 * is moved aside, the backup copied new in its place and checked, then the aside folder deleted (Directory.Delete
 * removes a link inside it, never what the link points to). A link at the target is refused.
 */
export const restoreItem = definePowerShellScript({
  name: 'restoreItem',
  params: z.strictObject({ target: nonEmpty, backup: nonEmpty, kind: z.enum(['file', 'folder']), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  result: z.object({ target: z.string(), restored: z.boolean(), sha256: z.string() }),
  body: String.raw`
${ASSERT_NOT_LINK}
${COPY_NEW}
${DIGEST}
$target = [string]$p.target
$kind = [string]$p.kind
$backup = Get-Digest ([string]$p.backup) $kind
if ($null -eq $backup -or $backup.sha256 -ne [string]$p.sha256) { throw ('The backup ' + $p.backup + ' no longer matches what was backed up; ' + $target + ' was not restored') }
$present = Test-Path -LiteralPath $target
if ($present) { Assert-NotLink $target }
$side = $target + '.ha-wizard-' + [Guid]::NewGuid().ToString('N')
if ($kind -eq 'file') {
  Copy-NewFile ([string]$p.backup) $side
  if ((Get-Digest $side 'file').sha256 -ne $backup.sha256) { [IO.File]::Delete($side); throw ('The copy of ' + $p.backup + ' does not match it') }
  if ($present) { [IO.File]::Replace($side, $target, [NullString]::Value) } else { [IO.File]::Move($side, $target) }
} else {
  if ($present) { [IO.Directory]::Move($target, $side) }
  try { Copy-NewFolder ([string]$p.backup) $target }
  catch { throw ('Copying the backup into ' + $target + ' failed (the folder that was there is ' + $side + '): ' + $_.Exception.Message) }
  if ((Get-Digest $target 'folder').sha256 -ne $backup.sha256) { throw ($target + ' does not match its backup after the copy (the folder that was there is ' + $side + ')') }
  if ($present) { [IO.Directory]::Delete($side, $true) }
}
$now = Get-Digest $target $kind
[ordered]@{ target = $target; restored = ($now.sha256 -eq $backup.sha256); sha256 = $now.sha256 }`,
});

export const UPGRADE_POWERSHELL_SCRIPTS = { upgradeService, runProgram, programInfo, productExe, freeSpace, backupItems, itemDigest, restoreItem } as const;
