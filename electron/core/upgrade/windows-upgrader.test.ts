/**
 * The Windows upgrader's decisions over its scripts' answers. Windows cannot run here (the scripts themselves are
 * proven by golden files and the real grammar in windows-scripts.test.ts): a fake session decodes each command
 * the upgrader sends, checks which script and which parameters it carries, and answers as Windows would.
 */
import { describe, expect, it } from 'vitest';
import { decodeParamsBlob, invocationScript } from '../remote/powershell-dialect';
import type { CommandRunner } from '../remote/powershell-results';
import { windowsUpgrader, type WindowsUpgraderOptions } from './windows-upgrader';
import { UpgradeStepError } from './upgrade-ports';
import { remoteLimitSeconds } from './upgrade-timeouts';

/** Which script a decoded command is, by a line only that script has. */
const MARKERS: [string, string][] = [
  ['$os = Get-CimInstance', 'inventory'],
  ['function ConvertTo-Argument', 'runProgram'],
  ["if (@('start', 'stop') -notcontains $action)", 'upgradeService'],
  ['$looked = New-Object', 'productExe'],
  ['VersionInfo.FileVersion }\n', 'programInfo'],
  ['-ComObject Scripting.FileSystemObject', 'freeSpace'],
  ['the wizard backs up only into a folder it creates', 'backupItems'],
  ["$target = [string]$p.target", 'restoreItem'],
  ['digest = (Get-Digest', 'itemDigest'],
];

function fakeRunner(answer: (script: string, params: Record<string, unknown>) => unknown) {
  const sent: { script: string; params: Record<string, unknown> }[] = [];
  const runner: CommandRunner = {
    async exec(command, options) {
      const text = invocationScript({ command, ...(options?.stdin === undefined ? {} : { stdin: options.stdin }) });
      const script = MARKERS.find(([marker]) => text.includes(marker))?.[1] ?? 'unknown';
      const params = decodeParamsBlob(text) as Record<string, unknown>;
      sent.push({ script, params });
      return { code: 0, stdout: JSON.stringify(answer(script, params)), stderr: '' };
    },
  };
  return { runner, sent };
}

const options = (runner: CommandRunner, over: Partial<WindowsUpgraderOptions> = {}): WindowsUpgraderOptions => ({
  nodeId: 'win1', product: 'proget', database: 'sqlserver', serviceNames: ['INEDOPROGETSVC', 'INEDOPROGETWEBSVC'],
  configPath: 'C:\\ProgramData\\Inedo\\SharedConfig\\ProGet.config', extensionsDir: 'C:\\ProgramData\\ProGet\\Extensions',
  runner: async () => runner, ...over,
});

describe('the Windows upgrader (Windows cannot run here: its scripts answered as Windows would)', () => {
  it('installs through Inedo Hub with the documented arguments, SQL Server adding --UsePostgres=false', async () => {
    const { runner, sent } = fakeRunner((script) => (script === 'upgradeService'
      ? { services: [{ name: 'INEDOPROGETSVC', state: 'Stopped', processId: 0 }] }
      : { started: true, exitCode: 0, timedOut: false, output: 'Upgrade complete.' }));
    expect(await windowsUpgrader(options(runner)).install('2026.1')).toEqual({ exitCode: 0, output: 'Upgrade complete.' });
    expect(await windowsUpgrader(options(runner, { database: 'postgres', hubPath: 'D:\\Tools\\hub.exe' })).install('2026.1')).toEqual({ exitCode: 0, output: 'Upgrade complete.' });
    // Each install leaves the service stopped, proven (Hub may start it), for the schema upgrade and the runner's start.
    expect(sent.map((s) => [s.script, s.params.exePath ?? s.params.action, s.params.arguments])).toEqual([
      ['runProgram', 'C:\\Program Files\\Inedo Hub\\hub.exe', ['install', 'ProGet:2026.1', '--IsUpgrade=true', '--UsePostgres=false']],
      ['upgradeService', 'stop', undefined],
      ['runProgram', 'D:\\Tools\\hub.exe', ['install', 'ProGet:2026.1', '--IsUpgrade=true']],
      ['upgradeService', 'stop', undefined],
    ]);
  });

  it('gives an installer failure its exit code; a missing Hub or a timeout is an error that says so', async () => {
    const failing = fakeRunner(() => ({ started: true, exitCode: 5, timedOut: false, output: 'x'.repeat(5000) + 'Access denied' }));
    const r = await windowsUpgrader(options(failing.runner)).install('2026.1');
    expect(r.exitCode).toBe(5);
    expect(r.output.endsWith('Access denied')).toBe(true);
    expect(r.output.length).toBeLessThan(2100);
    const missing = fakeRunner(() => ({ started: false, exitCode: null, timedOut: false, output: 'Not found' }));
    await expect(windowsUpgrader(options(missing.runner)).install('2026.1')).rejects.toThrow(/hub\.exe is not on this server/);
    const slow = fakeRunner(() => ({ started: true, exitCode: null, timedOut: true, output: 'Downloading...' }));
    await expect(windowsUpgrader(options(slow.runner)).install('2026.1')).rejects.toThrow(`did not finish within ${Math.round(remoteLimitSeconds('install') / 60)} minutes`);
  });

  it('a stop is proven: every service Stopped with no process, else an error naming what still runs', async () => {
    const ok = fakeRunner(() => ({ services: [{ name: 'INEDOPROGETSVC', state: 'Stopped', processId: 0 }] }));
    await windowsUpgrader(options(ok.runner)).stop();
    expect(ok.sent[0]).toEqual({ script: 'upgradeService', params: { serviceNames: ['INEDOPROGETSVC', 'INEDOPROGETWEBSVC'], action: 'stop', waitSeconds: 120 } });
    const stuck = fakeRunner(() => ({ services: [{ name: 'INEDOPROGETSVC', state: 'Stopped', processId: 4242 }, { name: 'INEDOPROGETWEBSVC', state: 'StopPending', processId: 17 }] }));
    await expect(windowsUpgrader(options(stuck.runner)).stop()).rejects.toThrow('win1: the service did not stop within 120 s: INEDOPROGETSVC is Stopped (process 4242 still runs); INEDOPROGETWEBSVC is StopPending (process 17 still runs)');
    const notStarted = fakeRunner(() => ({ services: { name: 'INEDOPROGETSVC', state: 'Stopped', processId: 0 } }));
    await expect(windowsUpgrader(options(notStarted.runner)).start()).rejects.toThrow(/did not start .*INEDOPROGETSVC is Stopped/);
    const gone = fakeRunner(() => ({ error: 'None of the services INEDOPROGETSVC, INEDOPROGETWEBSVC exists on this server', errorType: 'System.Management.Automation.RuntimeException' }));
    await expect(windowsUpgrader(options(gone.runner)).stop()).rejects.toThrow(UpgradeStepError);
    await expect(windowsUpgrader(options(gone.runner)).stop()).rejects.toThrow(/stopping the product's service failed: .*None of the services/);
  });

  it('upgradeSchema runs the product exe found beside the service with upgradedb, or says where it looked', async () => {
    const { runner, sent } = fakeRunner((script) => (script === 'productExe'
      ? { path: 'C:\\Program Files\\ProGet\\Service\\proget.exe', looked: ['C:\\Program Files\\ProGet\\Service\\proget.exe'] }
      : { started: true, exitCode: 3, timedOut: false, output: 'schema error' }));
    expect(await windowsUpgrader(options(runner)).upgradeSchema('2026.1')).toEqual({ exitCode: 3, output: 'schema error' });
    expect(sent.map((s) => s.script)).toEqual(['productExe', 'runProgram']);
    expect(sent[1]!.params).toMatchObject({ exePath: 'C:\\Program Files\\ProGet\\Service\\proget.exe', arguments: ['upgradedb'] });
    const none = fakeRunner(() => ({ path: null, looked: ['C:\\a\\proget.exe', 'C:\\Program Files\\ProGet\\Service\\proget.exe'] }));
    await expect(windowsUpgrader(options(none.runner)).upgradeSchema('2026.1')).rejects.toThrow('win1: proget.exe is not on this server (looked in C:\\a\\proget.exe, C:\\Program Files\\ProGet\\Service\\proget.exe)');
  });

  it('reads the installed version from the service file version; canInstall says what is unknown', async () => {
    const inv = { hostname: 'WIN1', os: { caption: 'Windows Server 2025', version: '10.0', build: '26100' }, product: { id: 'proget', installed: true, version: '25.0.14.3' },
      services: [{ name: 'INEDOPROGETSVC', exists: true, state: 'Running', startMode: 'Auto', account: 'LocalSystem', exePath: 'C:\\x.exe', fileVersion: '25.0.14.3' }],
      config: { path: 'C:\\c', exists: true, length: 10 }, freeBytes: 1, utcNow: '2026-12-01T00:00:00Z' };
    const { runner } = fakeRunner((script) => (script === 'inventory' ? inv : { path: 'C:\\Program Files\\Inedo Hub\\hub.exe', exists: true, fileVersion: '1.4.2' }));
    expect(await windowsUpgrader(options(runner)).installedVersion()).toBe('2025.14');
    expect(await windowsUpgrader(options(runner)).canInstall('2026.1')).toEqual({ ok: true, detail: expect.stringMatching(/Inedo Hub 1\.4\.2 found .*version 2026\.1 is known only when it installs \(unknown\)/) });
    const noHub = fakeRunner(() => ({ path: 'C:\\Program Files\\Inedo Hub\\hub.exe', exists: false, fileVersion: null }));
    expect(await windowsUpgrader(options(noHub.runner)).canInstall('2026.1')).toEqual({ ok: false, detail: expect.stringContaining('is not on this server') });
  });

  it('backs up the config and the extensions folder into a new folder, verifies by hash and size, restores each', async () => {
    const sha = (c: string) => c.repeat(64);
    const { runner, sent } = fakeRunner((script, params) => {
      if (script === 'backupItems') {
        const items = params.items as { source: string; target: string; kind: string }[];
        return { items: items.map((i) => ({ source: i.source, target: i.target, copied: true, digest: { sha256: sha(i.kind === 'file' ? 'a' : 'b'), bytes: 10 } })) };
      }
      if (script === 'itemDigest') return { path: params.path, digest: params.kind === 'file' ? { sha256: sha('a'), bytes: 10 } : { sha256: sha('c'), bytes: 10 } };
      return { target: params.target, restored: true, sha256: params.sha256 };
    });
    const u = windowsUpgrader(options(runner));
    const backups = await u.backupFiles('D:\\Backups');
    expect(backups.map((b) => [b.what, b.source, b.sha256[0]])).toEqual([['config', 'C:\\ProgramData\\Inedo\\SharedConfig\\ProGet.config', 'a'], ['extensions', 'C:\\ProgramData\\ProGet\\Extensions', 'b']]);
    expect(backups[0]!.path).toMatch(/^D:\\Backups\\win1-\d{8}T\d{6}Z-[0-9a-f]{6}\\0-ProGet\.config$/);
    await u.verifyBackup(backups[0]!);
    await expect(u.verifyBackup(backups[1]!)).rejects.toThrow(/is not as written/);
    await u.restoreFiles(backups);
    expect(sent.filter((s) => s.script === 'restoreItem').map((s) => s.params)).toEqual([
      { target: backups[0]!.source, backup: backups[0]!.path, kind: 'file', sha256: sha('a') },
      { target: backups[1]!.source, backup: backups[1]!.path, kind: 'folder', sha256: sha('b') },
    ]);
  });

  it('a missing config file fails the backup; a missing extensions folder is none backed up', async () => {
    const answer = (configThere: boolean) => fakeRunner((_, params) => ({ items: (params.items as { source: string; target: string; kind: string }[]).map((i) => ({
      source: i.source, target: i.target, copied: i.kind === 'file' && configThere, digest: i.kind === 'file' && configThere ? { sha256: 'a'.repeat(64), bytes: 1 } : null })) }));
    expect((await windowsUpgrader(options(answer(true).runner)).backupFiles('D:\\B')).map((b) => b.what)).toEqual(['config']);
    await expect(windowsUpgrader(options(answer(false).runner)).backupFiles('D:\\B')).rejects.toThrow(/config file .* is not there to back up/);
  });
});
