import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { profilePathFromArgv, readProfileFile } from './profile-file';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hawizard-'));
const profile = {
  version: 1, product: 'proget', nodes: [{ host: 'a', user: 'u', os: 'windows', auth: { kind: 'agent' } }],
  database: { kind: 'sqlserver', connectionString: 'Server=s;Database=ProGet;User ID=p', password: { env: 'DB_PW' } },
  storage: { path: '\\\\nas\\p' }, loadBalancer: { type: 'haproxy' },
};

describe('opening a .hawizard file', () => {
  it('finds the file on the command line Windows passes', () => {
    expect(profilePathFromArgv(['C:\\Program Files\\HA Wizard\\HA Wizard.exe', 'C:\\Users\\a\\Prod feeds.hawizard'])).toBe('C:\\Users\\a\\Prod feeds.hawizard');
    expect(profilePathFromArgv(['HA Wizard.exe', '--allow-file-access', 'x.json'])).toBeNull();
  });
  it('reads a profile, named after its file', async () => {
    const file = path.join(dir, 'Prod feeds.hawizard');
    fs.writeFileSync(file, `\uFEFF${JSON.stringify(profile)}`);
    expect(await readProfileFile(file)).toMatchObject({ ok: true, name: 'Prod feeds', profile: { product: 'proget' } });
  });
  it('refuses an invalid, a missing and an oversized file, saying why', async () => {
    const bad = path.join(dir, 'bad.hawizard');
    fs.writeFileSync(bad, JSON.stringify({ ...profile, nodes: [] }));
    expect(await readProfileFile(bad)).toMatchObject({ ok: false, message: expect.stringMatching(/not a valid profile: nodes/) });
    expect(await readProfileFile(path.join(dir, 'none.hawizard'))).toMatchObject({ ok: false, message: expect.stringMatching(/cannot open/) });
    const big = path.join(dir, 'big.hawizard');
    fs.writeFileSync(big, Buffer.alloc(1024 * 1024 + 1, 32));
    expect(await readProfileFile(big)).toMatchObject({ ok: false, message: expect.stringMatching(/too large/) });
  });
});
