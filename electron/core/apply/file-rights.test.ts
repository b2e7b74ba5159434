/**
 * File rights survive apply and rollback on Windows (issue 9, item 22). No Windows here: the node is a
 * small model of an NTFS folder behind the real dialect (every PowerShell command is decoded and answered
 * by what the library script does there), with the two rules that matter: a file created in the folder
 * gets the folder's inherited entries only, and a rename keeps the moved file's own rules. The scripts
 * themselves are proven by their golden files and the real grammar (powershell-grammar.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { windowsNodeOps } from '../nodes/node-ops';
import { decodeParamsBlob, invocationScript, scriptCodeWithoutParams } from '../remote/powershell-dialect';
import { buildExample, EXAMPLES } from '../remote/powershell-examples';
import { seededRandom } from '../../shared/testing/seeded-random';
import type { SshSession } from '../remote/ssh-session';
import { keepFileRights, parseDacl, rightsDifference } from './file-rights';
import { replaceVerified, writeVerified } from './remote-file';
import { rollback, type Touched } from './rollback';
import type { ClusterContext } from '../run/cluster-context';
import type { NodeOutcome } from './apply-steps';

const CONFIG = 'C:\\ProgramData\\Inedo\\SharedConfig\\ProGet.config';
const FOLDER_INHERITED = '(A;ID;FA;;;SY)(A;ID;FA;;;BA)(A;ID;0x1200a9;;;BU)';
/** ProGet 2024.30+: the service account's explicit Modify on the file. */
const SERVICE_MODIFY = '(A;;0x1301bf;;;S-1-5-21-1-2-3-1105)';
const ORIGINAL = `D:AI${SERVICE_MODIFY}${FOLDER_INHERITED}`;

const codeOf = (name: 'fileSecurity' | 'setFileSecurity') => scriptCodeWithoutParams(buildExample(name, EXAMPLES[name]));

/** An NTFS folder as far as apply sees it, through SFTP and the PowerShell library. */
function ntfsNode(files: Record<string, { bytes: string; sddl: string }>, options: { brokenSetAcl?: boolean } = {}) {
  const fs = new Map(Object.entries(files).map(([p, f]) => [p, { bytes: Buffer.from(f.bytes), sddl: f.sddl }]));
  const log: string[] = [];
  // Temp files carry a random part (never guessable); the log names them without it.
  const short = (p: string) => p.replace(`${CONFIG}`, 'config').replace(/-[0-9a-f]{12}$/, '');
  const write = (path: string, bytes: Buffer) => {
    log.push(`write ${short(path)}`);
    const existing = fs.get(path);
    fs.set(path, { bytes: Buffer.from(bytes), sddl: existing?.sddl ?? `D:AI${FOLDER_INHERITED}` });
  };
  const session = {
    closed: false,
    async writeFile(path: string, bytes: Buffer) { write(path, bytes); },
    /** SFTP's exclusive create: never over an existing file. */
    async createFile(path: string, bytes: Buffer) {
      if (fs.has(path)) throw new Error(`${path} exists`);
      write(path, bytes);
    },
    async readFile(path: string) {
      const f = fs.get(path);
      if (!f) throw new Error('No such file');
      return Buffer.from(f.bytes);
    },
    async rename(from: string, to: string) {
      log.push(`rename ${short(from)} -> ${short(to)}`);
      fs.set(to, fs.get(from)!);
      fs.delete(from);
    },
    async exists(path: string) { return fs.has(path); },
    async unlink(path: string) { fs.delete(path); },
    async exec(command: string, opts: { stdin?: string } = {}) {
      const text = invocationScript({ command, ...(opts.stdin === undefined ? {} : { stdin: opts.stdin }) });
      const params = decodeParamsBlob(text) as { path: string; sddl?: string };
      const code = scriptCodeWithoutParams(text);
      const file = fs.get(params.path);
      if (!file) return { code: 1, stdout: JSON.stringify({ error: `Could not find file '${params.path}'.`, errorType: 'System.IO.FileNotFoundException' }), stderr: '' };
      if (code === codeOf('fileSecurity')) {
        log.push(`get-acl ${short(params.path)}`);
      } else if (code === codeOf('setFileSecurity')) {
        log.push(`set-acl ${short(params.path)}`);
        const want = parseDacl(params.sddl!);
        // Windows keeps the explicit entries given and recomputes inherited ones from the folder.
        const explicit = options.brokenSetAcl ? [] : want.explicit;
        file.sddl = `D:${want.protected ? 'PAI' : 'AI'}${explicit.map((a) => `(${a})`).join('')}${want.protected ? '' : FOLDER_INHERITED}`;
      } else {
        throw new Error('unexpected script');
      }
      return { code: 0, stdout: JSON.stringify({ path: params.path, sddl: file.sddl }), stderr: '' };
    },
  } as unknown as SshSession;
  const ops = windowsNodeOps(session, { configPath: CONFIG, serviceCommand: null, serviceNames: ['INEDOPROGETSVC'], productId: 'proget' });
  return { session, ops, fs, log };
}

describe('Windows file rights through apply', () => {
  it('the problem, in the model: a temp file renamed over the config keeps only the folder\'s rules', async () => {
    const node = ntfsNode({ [CONFIG]: { bytes: 'old', sddl: ORIGINAL } });
    await replaceVerified(node.session, CONFIG, Buffer.from('new'), undefined, '.ha-wizard-new', 'mismatch');
    expect(parseDacl(node.fs.get(CONFIG)!.sddl).explicit).toEqual([]);
    expect(rightsDifference(ORIGINAL, node.fs.get(CONFIG)!.sddl)).toMatch(/lacks \(A;;0X1301BF;;;S-1-5-21-1-2-3-1105\)/);
  });

  it('the new file gets the original\'s rules before the rename, and they are checked after it', async () => {
    const node = ntfsNode({ [CONFIG]: { bytes: 'old', sddl: ORIGINAL } });
    const rights = await keepFileRights(node.ops, CONFIG);
    await replaceVerified(node.session, CONFIG, Buffer.from('new'), undefined, '.ha-wizard-new', 'mismatch', rights);
    expect(node.fs.get(CONFIG)!.bytes.toString()).toBe('new');
    expect(rightsDifference(ORIGINAL, node.fs.get(CONFIG)!.sddl)).toBeNull();
    expect(node.fs.get(CONFIG)!.sddl).toContain(SERVICE_MODIFY.toUpperCase());
    expect(node.log).toEqual(['get-acl config', 'write config.ha-wizard-new', 'set-acl config.ha-wizard-new', 'rename config.ha-wizard-new -> config', 'get-acl config']);
  });

  it('the backup gets the original\'s rules too', async () => {
    const node = ntfsNode({ [CONFIG]: { bytes: 'old', sddl: ORIGINAL } });
    const rights = await keepFileRights(node.ops, CONFIG);
    await writeVerified(node.session, `${CONFIG}.bak`, Buffer.from('old'), undefined, 'mismatch', rights);
    expect(rightsDifference(ORIGINAL, node.fs.get(`${CONFIG}.bak`)!.sddl)).toBeNull();
  });

  it('a file that does not inherit (protected DACL) stays protected with its own entries', async () => {
    const protectedSddl = `D:PAI(A;;FA;;;SY)(A;;FA;;;BA)${SERVICE_MODIFY}`;
    const node = ntfsNode({ [CONFIG]: { bytes: 'old', sddl: protectedSddl } });
    await replaceVerified(node.session, CONFIG, Buffer.from('new'), undefined, '.ha-wizard-new', 'mismatch', await keepFileRights(node.ops, CONFIG));
    expect(parseDacl(node.fs.get(CONFIG)!.sddl)).toEqual(parseDacl(protectedSddl));
  });

  it('rules that do not take fail the write before the rename: the original stays in place', async () => {
    const node = ntfsNode({ [CONFIG]: { bytes: 'old', sddl: ORIGINAL } }, { brokenSetAcl: true });
    const rights = await keepFileRights(node.ops, CONFIG);
    await expect(replaceVerified(node.session, CONFIG, Buffer.from('new'), undefined, '.ha-wizard-new', 'mismatch', rights))
      .rejects.toThrow(/access rules of .*ha-wizard-new-[0-9a-f]{12} differ from the original's: lacks/);
    expect(node.fs.get(CONFIG)!.bytes.toString()).toBe('old');
    // The temp file is not left behind.
    expect([...node.fs.keys()].filter((p) => p.includes('ha-wizard-new'))).toEqual([]);
    expect(node.log).not.toContain('rename config.ha-wizard-new -> config');
  });

  it('rollback restores the original bytes with the original rules', async () => {
    const node = ntfsNode({ [CONFIG]: { bytes: 'old', sddl: ORIGINAL } });
    const rights = await keepFileRights(node.ops, CONFIG);
    await replaceVerified(node.session, CONFIG, Buffer.from('new'), undefined, '.ha-wizard-new', 'mismatch', rights);
    // Something (an admin, the product's installer) reset the file's rules meanwhile.
    node.fs.get(CONFIG)!.sddl = `D:AI${FOLDER_INHERITED}`;
    const ctx = {
      node: () => ({ id: 'node1', profile: { host: 'web1' }, webUrl: 'http://web1:8624' }),
      ops: async () => node.ops,
      secrets: { redactor: { redact: (t: string) => t } },
      profile: {}, nodes: [], settings: { connectTimeoutMs: 1000 },
    } as unknown as ClusterContext;
    const touched: Touched[] = [{ id: 'node1', path: CONFIG, original: Buffer.from('old'), restarted: false, mode: undefined, rights }];
    const outcomes: NodeOutcome[] = [{ id: 'node1', result: 'changed', backupPath: null, steps: [], manual: null }];
    expect(await rollback(ctx, touched, outcomes, [], 1000, async () => {})).toBe(true);
    expect(node.fs.get(CONFIG)!.bytes.toString()).toBe('old');
    expect(rightsDifference(ORIGINAL, node.fs.get(CONFIG)!.sddl)).toBeNull();
    expect(node.log.slice(-3)).toEqual(['set-acl config.ha-wizard-restore', 'rename config.ha-wizard-restore -> config', 'get-acl config']);
  });

  it('Linux nodes keep their mode instead: no PowerShell is run', async () => {
    expect(await keepFileRights({ os: 'linux' } as never, '/etc/proget.env')).toBeUndefined();
  });
});

describe('comparing access rules', () => {
  it('property: order and inherited entries do not matter; protection and every explicit entry do (300 random DACLs)', () => {
    const random = seededRandom(22);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
    const sids = ['SY', 'BA', 'BU', 'AU', 'S-1-5-21-1-2-3-1105', 'S-1-5-21-1-2-3-2001', 'S-1-5-20'];
    const ace = (inherited: boolean) => `(${pick(['A', 'D'])};${pick(['', 'OICI', 'CI', 'NP'])}${inherited ? 'ID' : ''};${pick(['FA', '0x1301bf', '0x1200a9', 'FR', 'FW'])};;;${pick(sids)})`;
    const shuffle = (xs: string[]) => xs.map((x) => ({ x, k: random() })).sort((a, b) => a.k - b.k).map((e) => e.x);
    for (let i = 0; i < 300; i++) {
      const explicit = [...new Set(Array.from({ length: 1 + Math.floor(random() * 4) }, () => ace(false)))];
      const inherited = Array.from({ length: Math.floor(random() * 4) }, () => ace(true));
      const flags = random() < 0.3 ? 'PAI' : 'AI';
      const sddl = `D:${flags}${[...explicit, ...inherited].join('')}`;
      expect(rightsDifference(sddl, `D:${flags}${shuffle([...explicit, ...inherited]).join('')}`)).toBeNull();
      expect(rightsDifference(sddl, `D:${flags}${explicit.join('')}${ace(true)}`)).toBeNull();
      expect(rightsDifference(sddl, `D:${flags === 'PAI' ? 'AI' : 'PAI'}${explicit.join('')}${inherited.join('')}`)).not.toBeNull();
      const dropped = explicit.slice(1);
      expect(rightsDifference(sddl, `D:${flags}${dropped.join('')}${inherited.join('')}`)).toMatch(/^lacks /);
      const added = `(A;;FA;;;S-1-5-21-9-9-9-${i})`;
      expect(rightsDifference(sddl, `D:${flags}${explicit.join('')}${added}${inherited.join('')}`)).toMatch(/has extra/);
    }
  });

  it('refuses what is not a DACL in SDDL form', () => {
    expect(() => parseDacl('O:BAG:SY')).toThrow(/not a DACL/);
  });
});
