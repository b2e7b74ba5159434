/**
 * Nagle off on the engine's SSH connections (issue 10): with Nagle on, each small SSH packet written
 * while an earlier one is unacknowledged waits for the peer's delayed ACK (~40 ms on Linux), so a
 * sequence of short commands stalls. Checked structurally on the real socket to a real sshd.
 */
import { describe, expect, it } from 'vitest';
import { recordSockets } from '../testing/socket-recorder';
import { keyedSshdForFile } from './keyed-sshd-for-tests';
import { canRunSshd } from './sshd-test-fixture';

describe.skipIf(!canRunSshd)('SSH sessions turn Nagle off', () => {
  const test = keyedSshdForFile('hawizard-nodelay-');

  it('the socket to sshd has setNoDelay(true), and commands still run over it', async () => {
    const { port } = test.sshd();
    const recorder = recordSockets();
    try {
      const session = await test.openAt(port);
      try {
        for (let i = 0; i < 3; i++) expect((await session.exec(`echo ${i}`)).stdout).toBe(`${i}\n`);
      } finally {
        await session.close();
      }
      const toSshd = recorder.toPort(port);
      expect(toSshd).toHaveLength(1);
      expect(toSshd[0]?.noDelay()).toBe(true);
    } finally {
      recorder.stop();
    }
  });
});
