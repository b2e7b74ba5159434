import { describe, expect, it } from 'vitest';
import { invocationScript, decodeParamsBlob, decodeEncodedCommand } from './powershell-dialect';
import {
  type CommandRunner,
  parsePowerShellOutput,
  PowerShellOutputError,
  PowerShellScriptError,
  runPowerShell,
  unwrapPowerShellJson,
} from './powershell-results';
import { fileHash, inventory, readSentinels, storageProbe } from './powershell-scripts';

const ok = (stdout: string, code = 0) => ({ code, stdout, stderr: '' });

describe('parsePowerShellOutput', () => {
  it('parses the single JSON object and checks its shape', () => {
    const result = parsePowerShellOutput(fileHash, ok('{"path":"C:\\\\x","exists":true,"sha256":"ab"}'));
    expect(result).toEqual({ path: 'C:\\x', exists: true, sha256: 'ab' });
  });

  it('decodes the \\uXXXX escapes the epilogue writes for non-ASCII text', () => {
    const result = parsePowerShellOutput(fileHash, ok('{"path":"C:\\\\\\u00fcber\\ud83d\\ude80","exists":false,"sha256":null}'));
    expect(result.path).toBe('C:\\über🚀');
  });

  it('takes the last line, ignoring noise printed before it', () => {
    expect(parsePowerShellOutput(fileHash, ok('WARNING: something\r\n{"path":"p","exists":false,"sha256":null}')).exists).toBe(false);
  });

  it('accepts Windows PowerShell 5.1 array quirks: {value,Count} wrappers and unwrapped single items', () => {
    const wrapped = '{"path":"p","exists":true,"sentinels":{"value":[{"name":"hawizard-sentinel-a","content":"x"}],"Count":1}}';
    expect(parsePowerShellOutput(readSentinels, ok(wrapped)).sentinels).toHaveLength(1);
    const single = '{"path":"p","exists":true,"sentinels":{"name":"hawizard-sentinel-a","content":"x"}}';
    expect(parsePowerShellOutput(readSentinels, ok(single)).sentinels).toEqual([{ name: 'hawizard-sentinel-a', content: 'x' }]);
    const none = '{"path":"p","exists":true,"sentinels":null}';
    expect(parsePowerShellOutput(readSentinels, ok(none)).sentinels).toEqual([]);
    expect(unwrapPowerShellJson({ a: { value: [1], Count: 1 }, b: { value: 1, Count: 1 } })).toEqual({ a: [1], b: { value: 1, Count: 1 } });
  });

  it('turns {"error": ...} into PowerShellScriptError', () => {
    const error = (() => {
      try {
        parsePowerShellOutput(fileHash, ok('{"error":"Access denied","errorType":"System.UnauthorizedAccessException"}', 1));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(PowerShellScriptError);
    expect(error).toMatchObject({ script: 'fileHash', remoteMessage: 'Access denied', remoteType: 'System.UnauthorizedAccessException' });
  });

  it('reports output that is not the promised object, without echoing long base64', () => {
    const blob = Buffer.from('{"password":"hunter2-secret"}').toString('base64').repeat(3);
    const notJson = { code: 1, stdout: '', stderr: `At line:5 char:1 + $p = FromBase64String('${blob}')` };
    expect(() => parsePowerShellOutput(fileHash, notJson)).toThrow(PowerShellOutputError);
    try {
      parsePowerShellOutput(fileHash, notJson);
    } catch (error) {
      expect(String(error)).not.toContain(blob);
      expect(String(error)).toContain('[base64]');
    }
    expect(() => parsePowerShellOutput(fileHash, ok('[1,2]'))).toThrow(/not a JSON object/);
    expect(() => parsePowerShellOutput(fileHash, ok('{"path":"p"}'))).toThrow(/unexpected shape at exists/);
    expect(() => parsePowerShellOutput(fileHash, ok(''))).toThrow(/\(empty\)/);
  });
});

describe('runPowerShell', () => {
  it('sends the encoded command, inline or with the script on stdin, and returns the checked result', async () => {
    const seen: { command: string; stdin?: string }[] = [];
    const runner: CommandRunner = {
      exec: async (command, options) => {
        seen.push({ command, ...(options?.stdin === undefined ? {} : { stdin: options.stdin }) });
        return ok('{"path":"\\\\\\\\nas\\\\x","exists":true,"writable":true,"error":null,"freeBytes":1024,"identity":"CORP\\\\svc"}');
      },
    };
    const result = await runPowerShell(runner, storageProbe, { path: '\\\\nas\\x' }, { timeoutMs: 5000 });
    expect(result).toMatchObject({ writable: true, freeBytes: 1024, identity: 'CORP\\svc' });
    expect(seen[0]?.stdin).toBeUndefined();
    expect(decodeParamsBlob(decodeEncodedCommand(seen[0]?.command ?? ''))).toEqual({ path: '\\\\nas\\x' });

    await runPowerShell(runner, inventory, { productId: 'proget', serviceNames: ['INEDOPROGETSVC'], configPath: 'C:\\x.config' }).catch(() => undefined);
    const long = seen[1];
    expect(long?.stdin).toBeDefined();
    expect(decodeParamsBlob(invocationScript({ command: long?.command ?? '', stdin: long?.stdin ?? '' }))).toMatchObject({ productId: 'proget' });
  });
});
