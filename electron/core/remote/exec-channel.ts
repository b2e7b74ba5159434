/**
 * Running one command on its own SSH channel: stdout/stderr collected as bytes, stdin written and
 * always closed, an optional timeout or abort signal that abandons the channel. Plus the slots that cap how many
 * channels a session opens at once (OpenSSH's MaxSessions is 10 per connection).
 */
import { type Client, type ClientChannel } from 'ssh2';
import { ExecAbortedError, ExecTimeoutError, SessionClosedError } from './remote-errors';

export interface ExecOptions {
  /** Written to the command's stdin, which is then closed. stdin is closed at once when absent. */
  stdin?: string | Buffer;
  timeoutMs?: number;
  /**
   * Abandons the command when aborted, as the timeout does: the remote process is sent KILL and the channel
   * closed; the call rejects with the signal's reason (an Error) or ExecAbortedError.
   */
  signal?: AbortSignal;
}

export interface ExecResult {
  /** Exit status; null when the command was ended by a signal or the server sent none. */
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  stdoutBuffer: Buffer;
  stderrBuffer: Buffer;
}

/** A small FIFO semaphore for exec channels. */
export class ChannelSlots {
  private waiting: (() => void)[] = [];
  private inUse = 0;
  constructor(private readonly size: number) {}

  async acquire(): Promise<void> {
    if (this.inUse < this.size) {
      this.inUse++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inUse--;
  }
}

/** Runs `command` on a new channel of `client`. Errors name host and port, never the command. */
export function execOnChannel(
  client: Client,
  target: { host: string; port: number },
  command: string,
  options: ExecOptions,
  isClosed: () => boolean,
): Promise<ExecResult> {
  const { host, port } = target;
  return new Promise<ExecResult>((resolve, reject) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let code: number | null = null;
    let signal: string | null = null;
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) return reject(error);
      const stdoutBuffer = Buffer.concat(stdout);
      const stderrBuffer = Buffer.concat(stderr);
      resolve({ code, signal, stdout: stdoutBuffer.toString('utf8'), stderr: stderrBuffer.toString('utf8'), stdoutBuffer, stderrBuffer });
    };
    const abort = options.signal;
    // abort() without a reason gives a DOMException named AbortError: ours says where instead.
    const aborted = () => (abort?.reason instanceof Error && abort.reason.name !== 'AbortError' ? abort.reason : new ExecAbortedError(host, port));
    if (abort?.aborted) return finish(aborted());
    client.exec(command, (error: Error | undefined, stream: ClientChannel) => {
      if (error) return finish(new SessionClosedError(host, port, isClosed() ? undefined : `cannot start a command: ${error.message}`));
      const abandon = (why: Error) => {
        finish(why);
        killRemote(stream);
        stream.close();
      };
      if (options.timeoutMs !== undefined) {
        const timeoutMs = options.timeoutMs;
        timer = setTimeout(() => abandon(new ExecTimeoutError(host, port, timeoutMs)), timeoutMs);
      }
      if (abort) {
        // Aborted while the channel opened: abandoned at once.
        if (abort.aborted) return abandon(aborted());
        const onAbort = () => abandon(aborted());
        abort.addEventListener('abort', onAbort, { once: true });
        stream.on('close', () => abort.removeEventListener('abort', onAbort));
      }
      stream.on('data', (chunk: Buffer) => stdout.push(chunk));
      stream.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      stream.on('exit', (exitCode: number | null, exitSignal?: string) => {
        code = typeof exitCode === 'number' ? exitCode : null;
        signal = exitSignal ?? null;
      });
      stream.on('close', () =>
        finish(isClosed() && code === null ? new SessionClosedError(host, port, 'the connection closed while a command ran') : undefined),
      );
      // Always close stdin: powershell.exe (and others) wait for EOF on stdin before exiting.
      stream.end(options.stdin ?? undefined);
    });
  });
}

/** The parts of ssh2's channel that send a signal after stdin was closed (ssh2 1.x internals). */
interface ChannelInternals {
  outgoing?: { id: number; state: string };
  _client?: { _protocol?: { signal(id: number, name: string): void } };
}

/**
 * Sends KILL to the remote process group (OpenSSH 7.9+ honours it; the channel is closed either way).
 * ssh2's signal() sends nothing once the stream is no longer writable, and exec always closes stdin, so
 * it never reached the server: a timed-out command ran on. The channel's protocol sends it until the
 * channel is closed.
 */
function killRemote(stream: ClientChannel): void {
  const c = stream as unknown as ChannelInternals;
  try {
    const state = c.outgoing?.state;
    // 'eof': stdin closed, which every exec does; the channel still takes requests until it is closed.
    if ((state === 'open' || state === 'eof') && c._client?._protocol) c._client._protocol.signal(c.outgoing!.id, 'KILL');
  } catch {
    // the channel may already be gone
  }
}
