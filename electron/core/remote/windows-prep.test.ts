/**
 * "Prepare a Windows server" (issue 11, item 17): every version's script, with a key and with the
 * placeholder, passes the real PowerShell grammar and matches its golden file; the public key goes in as
 * a single-quoted literal whose value is exactly the key, for hundreds of random strings (property).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../shared/testing/seeded-random';
import { PUBLIC_KEY_PLACEHOLDER, WINDOWS_SERVER_VERSIONS, psSingleQuoted, windowsPrepScript } from '../../shared/windows-prep';
import { grammarIssues, grammarNodeTypes } from './powershell-grammar';
import { randomValue } from './powershell-examples';

const goldenDir = join(__dirname, '__golden__', 'windows-prep');
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHx2Xr0YcZxkT0Hn1QKq5l3d5o7c2uHq3xC0J7M1m0dB admin@wizard-pc';

/** What PowerShell reads from a single-quoted literal: two quote characters in a row stand for the second. */
function readSingleQuoted(literal: string): string {
  const q = /['\u2018\u2019\u201a\u201b]/;
  if (!q.test(literal[0] ?? '')) throw new Error('not a single-quoted literal');
  let out = '';
  for (let i = 1; i < literal.length; i++) {
    const c = literal[i]!;
    if (!q.test(c)) {
      out += c;
      continue;
    }
    if (q.test(literal[i + 1] ?? '')) {
      out += literal[i + 1];
      i++;
      continue;
    }
    if (i !== literal.length - 1) throw new Error(`the literal ends early, at ${i}: ${JSON.stringify(literal)}`);
    return out;
  }
  throw new Error('unterminated literal');
}

describe('the Windows preparation script', () => {
  it.each(WINDOWS_SERVER_VERSIONS.flatMap((v) => [[v, 'key'], [v, 'placeholder']] as const))('Windows Server %s (%s): golden file, and the grammar finds nothing', async (version, kind) => {
    const script = windowsPrepScript({ version, publicKey: kind === 'key' ? KEY : null });
    const golden = join(goldenDir, `windows-server-${version}-${kind}.ps1`);
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, script);
    expect(script).toBe(readFileSync(golden, 'utf8'));
    expect(await grammarIssues(script)).toEqual([]);
  });

  it('installs OpenSSH on 2019 and 2022, only starts it on 2025; every version sets it automatic, opens TCP 22 and fixes the ACL', () => {
    for (const version of WINDOWS_SERVER_VERSIONS) {
      const script = windowsPrepScript({ version, publicKey: KEY });
      expect(script.includes('Add-WindowsCapability -Online -Name \'OpenSSH.Server~~~~0.0.1.0\''), version).toBe(version !== '2025');
      expect(script).toContain('Set-Service -Name sshd -StartupType Automatic');
      expect(script).toContain('Start-Service -Name sshd');
      expect(script).toContain('-Protocol TCP -Action Allow -LocalPort 22');
      expect(script).toContain("Join-Path $env:ProgramData 'ssh\\administrators_authorized_keys'");
      expect(script).toContain("icacls.exe $keysFile /inheritance:r /grant '*S-1-5-32-544:F' /grant '*S-1-5-18:F'");
      expect(script).toContain(`$publicKey = '${KEY}'`);
    }
    expect(windowsPrepScript({ version: '2022', publicKey: null })).toContain(`$publicKey = '${PUBLIC_KEY_PLACEHOLDER}'`);
  });

  it('a single-quoted literal holds any string exactly, and parses as one string (600 seeded random strings)', async () => {
    const random = seededRandom(0x9e3779b9);
    for (let i = 0; i < 600; i++) {
      // NUL cannot stand in a script at all (the grammar refuses it); the script builder strips control characters.
      const value = randomValue(random, 60).replaceAll('\u0000', '') + (i % 5 === 0 ? "'\u2019\u2018\u201a\u201b" : '');
      const literal = psSingleQuoted(value);
      expect(readSingleQuoted(literal), JSON.stringify(value)).toBe(value);
      const code = `$publicKey = ${literal}`;
      expect(await grammarIssues(code), JSON.stringify(value)).toEqual([]);
      expect((await grammarNodeTypes(code)).filter((t) => t === 'string_literal'), JSON.stringify(value)).toHaveLength(1);
    }
  });

  it('a hostile key stays data: the script parses and its key line is one literal of the key', async () => {
    const random = seededRandom(7);
    for (let i = 0; i < 150; i++) {
      const key = `ssh-ed25519 AAAA ${randomValue(random, 40)}`;
      const script = windowsPrepScript({ version: WINDOWS_SERVER_VERSIONS[i % 3]!, publicKey: key });
      expect(await grammarIssues(script), JSON.stringify(key)).toEqual([]);
      const line = script.split('\n').find((l) => l.startsWith('$publicKey = '))!;
      const value = readSingleQuoted(line.slice('$publicKey = '.length));
      expect(['\r', '\n', '\u0000'].some((c) => value.includes(c))).toBe(false);
      expect(key.replace(/[\r\n\u0085\u2028\u2029]+/g, ' ')).toContain(value.split(' ').slice(0, 2).join(' '));
    }
  });
});
