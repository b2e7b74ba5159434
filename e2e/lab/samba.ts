/** A Samba share on the lab's "nas" host, with its own user and password. */
import fs from 'node:fs';
import path from 'node:path';
import { HOSTS, LAB_GROUP, LAB_ROOT, SAMBA_USER } from './lab-config';
import { inNetns, isAlive, run, spawnDetached, waitFor } from './run';

const SMB_DIR = path.join(LAB_ROOT, 'samba');
export const SAMBA_SHARE_NAME = 'packages';
export const SAMBA_SHARE_DIR = path.join(LAB_ROOT, 'samba-share');

export async function startSamba(password: string): Promise<number> {
  for (const d of ['private', 'lock', 'state', 'cache', 'pid', 'log', 'ncalrpc']) fs.mkdirSync(path.join(SMB_DIR, d), { recursive: true });
  fs.mkdirSync(SAMBA_SHARE_DIR, { recursive: true });
  await run(['chown', `${SAMBA_USER}:${LAB_GROUP}`, SAMBA_SHARE_DIR]);
  const conf = path.join(SMB_DIR, 'smb.conf');
  fs.writeFileSync(conf, [
    '[global]',
    '  workgroup = HALAB',
    '  netbios name = HALAB-NAS',
    '  server role = standalone server',
    '  security = user',
    '  map to guest = never',
    `  interfaces = ${HOSTS.nas.address}/24`,
    '  bind interfaces only = yes',
    '  smb ports = 445',
    '  disable netbios = yes',
    '  load printers = no',
    '  printcap name = /dev/null',
    '  disable spoolss = yes',
    ...['private', 'lock', 'state', 'cache', 'pid', 'ncalrpc'].map((d) => `  ${d === 'ncalrpc' ? 'ncalrpc dir' : `${d} directory`} = ${path.join(SMB_DIR, d)}`),
    `  log file = ${path.join(SMB_DIR, 'log', 'log.%m')}`,
    '',
    `[${SAMBA_SHARE_NAME}]`,
    `  path = ${SAMBA_SHARE_DIR}`,
    '  read only = no',
    `  valid users = ${SAMBA_USER}`,
    `  force user = ${SAMBA_USER}`,
    `  force group = ${LAB_GROUP}`,
    '',
  ].join('\n'));
  // smbpasswd reads the new password twice from stdin (-s), never from argv.
  await run(['smbpasswd', '-c', conf, '-s', '-a', SAMBA_USER], { input: `${password}\n${password}\n` });
  const log = path.join(SMB_DIR, 'log', 'smbd.out');
  const pid = spawnDetached(inNetns(HOSTS.nas.ns, ['smbd', '--foreground', '--no-process-group', `--configfile=${conf}`]), log);
  await waitFor('smbd', async () => {
    if (!isAlive(pid)) throw new Error(fs.readFileSync(log, 'utf8').slice(-500));
    const { stdout } = await run(inNetns(HOSTS.nas.ns, ['ss', '-ltn']), { allowFail: true });
    return stdout.includes(`${HOSTS.nas.address}:445`) ? true : undefined;
  }, 30_000);
  return pid;
}

export function sambaUnc(): string {
  return `\\\\${HOSTS.nas.address}\\${SAMBA_SHARE_NAME}`;
}
