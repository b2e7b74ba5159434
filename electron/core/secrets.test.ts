import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MASK, Redactor, SecretResolver, envFileSecretSource } from './secrets';

describe('secrets', () => {
  it('resolves env and file references and masks every value it resolved', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sec-')), 'pw');
    fs.writeFileSync(file, 'from-a-file\n', { mode: 0o600 });
    const r = new SecretResolver(envFileSecretSource({ env: { DB_PW: 's3cret-value' } }));
    expect(await r.resolve({ env: 'DB_PW' }, 'database password')).toBe('s3cret-value');
    expect(await r.resolve({ file }, 'ssh password')).toBe('from-a-file');
    expect(r.redactor.redact('login failed for s3cret-value and from-a-file')).toBe(`login failed for ${MASK} and ${MASK}`);
  });

  it('says which reference is missing, never a value', async () => {
    const r = new SecretResolver(envFileSecretSource({ env: {} }));
    await expect(r.resolve({ env: 'NOPE' }, 'database password')).rejects.toThrow('database password: environment variable NOPE is not set');
    await expect(r.resolve({ prompt: 'SQL password' }, 'database password')).rejects.toThrow(/no terminal/);
    await expect(r.resolve({ encrypted: 'AAAA' }, 'x')).rejects.toThrow(/desktop app/);
  });

  it('masks the longer of two overlapping secrets whole', () => {
    const red = new Redactor();
    red.add('abcd');
    red.add('abcdefgh');
    red.add('ab');
    expect(red.redact('xx abcdefgh yy abcd ab')).toBe(`xx ${MASK} yy ${MASK} ab`);
  });
});
