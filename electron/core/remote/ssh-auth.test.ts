import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { utils } from 'ssh2';
import { AuthError, ConnectTimeoutError, HostKeyError, SftpError, sftpFailureOf } from './remote-errors';
import { buildAuthMethod, resolveAgentPath, WINDOWS_OPENSSH_AGENT_PIPE } from './ssh-auth';
import { toSftpPath } from './sftp-files';

const target = { host: 'node1', port: 22, username: 'admin' };

describe('resolveAgentPath', () => {
  it('uses SSH_AUTH_SOCK on Linux and macOS', () => {
    expect(resolveAgentPath(undefined, 'linux', { SSH_AUTH_SOCK: '/tmp/agent.1' })).toBe('/tmp/agent.1');
    expect(resolveAgentPath(undefined, 'darwin', {})).toBeUndefined();
  });

  it("uses the OpenSSH agent's pipe on Windows, and Pageant only when named", () => {
    expect(resolveAgentPath(undefined, 'win32', { SSH_AUTH_SOCK: '/ignored' })).toBe(WINDOWS_OPENSSH_AGENT_PIPE);
    expect(WINDOWS_OPENSSH_AGENT_PIPE).toBe('\\\\.\\pipe\\openssh-ssh-agent');
    expect(resolveAgentPath('pageant', 'win32', {})).toBe('pageant');
    expect(resolveAgentPath('pageant', 'linux', {})).toBeUndefined();
    expect(resolveAgentPath('/run/my.sock', 'linux', {})).toBe('/run/my.sock');
  });
});

describe('buildAuthMethod', () => {
  it('fails with AuthError when no agent is available', () => {
    const saved = process.env.SSH_AUTH_SOCK;
    delete process.env.SSH_AUTH_SOCK;
    try {
      if (process.platform !== 'win32') {
        expect(() => buildAuthMethod(target, { kind: 'agent' }, utils)).toThrow(AuthError);
        expect(() => buildAuthMethod(target, { kind: 'agent' }, utils)).toThrow(/no SSH agent/);
      }
    } finally {
      if (saved !== undefined) process.env.SSH_AUTH_SOCK = saved;
    }
  });

  it('rejects an unreadable key as invalid-key', () => {
    expect(() => buildAuthMethod(target, { kind: 'key', privateKey: '-----BEGIN NONSENSE-----' }, utils)).toThrow(
      expect.objectContaining({ reason: 'invalid-key' }),
    );
  });
});

describe('remote errors hold no secrets and render clearly', () => {
  it('serializes to plain data', () => {
    const error = new HostKeyError('changed', 'node1', 22, 'SHA256:new', 'ssh-ed25519', 'SHA256:old');
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ name: 'HostKeyError', kind: 'changed', presented: 'SHA256:new', expected: 'SHA256:old' });
    expect(String(error)).toContain('CHANGED');
    const timeout = new ConnectTimeoutError('node1', 2222, 1500);
    expect(timeout.message).toContain('node1:2222');
    expect(timeout.message).toContain('1500 ms');
    expect(inspect(new AuthError('node1', 22, 'admin', 'password', 'rejected'))).toContain('server rejected the credentials');
  });

  it('maps SFTP status codes', () => {
    expect(sftpFailureOf({ code: 2 })).toBe('not-found');
    expect(sftpFailureOf({ code: 3 })).toBe('permission-denied');
    expect(sftpFailureOf(new Error('x'))).toBe('failure');
    expect(new SftpError('n', 22, 'read', '/x', 'not-found', 'No such file').message).toContain('/x');
  });
});

describe('toSftpPath', () => {
  it('turns Windows paths into the form Windows OpenSSH expects', () => {
    expect(toSftpPath('C:\\ProgramData\\Inedo\\SharedConfig\\ProGet.config', 'windows')).toBe('/C:/ProgramData/Inedo/SharedConfig/ProGet.config');
    expect(toSftpPath('/C:/already', 'windows')).toBe('/C:/already');
    expect(toSftpPath('d:/x', 'windows')).toBe('/d:/x');
    expect(toSftpPath('C:\\odd\\but\\linux', 'linux')).toBe('C:\\odd\\but\\linux');
  });
});
