/** Lab: every node takes SSH logins by password and by key, SFTP writes, storage is shared, and the SSH faults bite. */
import { describe, expect, inject, it } from 'vitest';
import { injectFault } from './faults';
import { faultScope } from './fault-scope';
import { getJson, sftpRead, sftpWrite, sshTo } from './test-helpers';

const lab = inject('lab');
const { cleanups: clearAfter } = faultScope();

describe('lab nodes over SSH', () => {
  it.each(['password', 'key'] as const)('every node accepts a %s login, pins its host key and takes an SFTP write', async (auth) => {
    for (const node of lab.nodes) {
      const ssh = await sshTo(node, auth);
      try {
        expect(ssh.presentedFingerprint).toBe(node.hostKeyFingerprint);
        const { stdout, code } = await ssh.exec('hostname; id -un');
        expect(code).toBe(0);
        expect(stdout.split('\n').slice(0, 2)).toEqual([node.hostname, node.user]);
        const sftp = await ssh.sftp();
        const file = `${node.configPath}.sftp-test`;
        await sftpWrite(sftp, file, `written by ${auth} on ${node.name}`);
        expect((await sftpRead(sftp, file)).toString()).toBe(`written by ${auth} on ${node.name}`);
        await new Promise<void>((res, rej) => sftp.unlink(file, (e) => (e ? rej(e) : res())));
      } finally {
        ssh.close();
      }
    }
  });

  it('each node has its own hostname and host key', () => {
    expect(new Set(lab.nodes.map((n) => n.hostname)).size).toBe(lab.nodes.length);
    expect(new Set(lab.nodes.map((n) => n.hostKeyFingerprint)).size).toBe(lab.nodes.length);
  });

  it('a file written on the shared path by node 1 is read by node 2, and not by a node whose path is local', async () => {
    const [n1, n2, n3] = lab.nodes;
    if (!n1 || !n2 || !n3) throw new Error('the lab tests need 3 nodes');
    await injectFault('local-storage', n3.name);
    clearAfter.push(() => injectFault('local-storage', n3.name, { clear: true }));
    const name = `${lab.storage.path}/sentinel-${Date.now()}`;
    const s1 = await sshTo(n1, 'key');
    const s2 = await sshTo(n2, 'key');
    const s3 = await sshTo(n3, 'key');
    try {
      await sftpWrite(await s1.sftp(), name, 'from node1');
      expect((await sftpRead(await s2.sftp(), name)).toString()).toBe('from node1');
      await expect(sftpRead(await s3.sftp(), name)).rejects.toThrow(/No such file/);
      expect((await s1.exec(`rm ${name}`)).code).toBe(0);
    } finally {
      for (const s of [s1, s2, s3]) s.close();
    }
  });
});

describe('SSH faults', () => {
  const node = lab.nodes[1]!;

  it('wrong-password: the node rejects the password but still takes the key, until cleared', async () => {
    await injectFault('wrong-password', node.name);
    clearAfter.push(() => injectFault('wrong-password', node.name, { clear: true }));
    await expect(sshTo(node, 'password')).rejects.toThrow(/authentication/i);
    (await sshTo(node, 'key')).close();
    // Other nodes are untouched.
    (await sshTo(lab.nodes[0]!, 'password')).close();
    await injectFault('wrong-password', node.name, { clear: true });
    (await sshTo(node, 'password')).close();
  });

  it('host-key: the node presents a new key, which a pinned client refuses', async () => {
    const before = node.hostKeyFingerprint;
    const message = await injectFault('host-key', node.name);
    clearAfter.push(() => injectFault('host-key', node.name, { clear: true }));
    const after = /SHA256:\S+/.exec(message)?.[0];
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    await expect(sshTo(node, 'key')).rejects.toThrow();
    const ssh = await sshTo({ ...node, hostKeyFingerprint: after! }, 'key');
    expect(ssh.presentedFingerprint).toBe(after);
    ssh.close();
    await injectFault('host-key', node.name, { clear: true });
    clearAfter.pop();
    (await sshTo(node, 'key')).close();
  });

  it('link-down: the node stops answering (connect times out) and comes back', async () => {
    await injectFault('link-down', node.name);
    clearAfter.push(() => injectFault('link-down', node.name, { clear: true }));
    const started = Date.now();
    await expect(sshTo(node, 'key', { readyTimeout: 1500, hostVerifier: () => true })).rejects.toThrow(/Timed out/i);
    expect(Date.now() - started).toBeLessThan(4000);
    await injectFault('link-down', node.name, { clear: true });
    const health = await getJson(`${node.url}/health`);
    expect(health.status).toBe(200);
  });

  it('disk-full: writing the config fails for lack of space, and the file is intact after clearing', async () => {
    const ssh = await sshTo(lab.nodes[2]!, 'key');
    try {
      const sftp = await ssh.sftp();
      const original = await sftpRead(sftp, lab.nodes[2]!.configPath);
      await injectFault('disk-full', lab.nodes[2]!.name);
      clearAfter.push(() => injectFault('disk-full', lab.nodes[2]!.name, { clear: true }));
      const write = await ssh.exec(`head -c 200000 /dev/zero > ${lab.nodes[2]!.configPath}.new`);
      expect(write.code).not.toBe(0);
      expect(write.stderr).toMatch(/No space left/);
      expect(await sftpRead(sftp, lab.nodes[2]!.configPath)).toEqual(original);
      await ssh.exec(`rm -f ${lab.nodes[2]!.configPath}.new`);
      await injectFault('disk-full', lab.nodes[2]!.name, { clear: true });
      clearAfter.pop();
      expect(await sftpRead(sftp, lab.nodes[2]!.configPath)).toEqual(original);
    } finally {
      ssh.close();
    }
  });
});
