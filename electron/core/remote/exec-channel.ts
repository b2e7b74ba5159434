/**
 * Running one command on its own SSH channel: stdout/stderr collected as bytes, stdin written and
 * always closed, an optional timeout that abandons the channel. Plus the slots that cap how many
 * channels a session opens at once (OpenSSH's MaxSessions is 10 per connection).
 */
import { type Client, type ClientChannel } from 'ssh2';
import { ExecTimeoutError, SessionClosedError } from './remote-errors';

export interface ExecOptions {
  /** Written to the command's stdin, which is then closed. stdin is closed at once when absent. */
  stdin?: string | Buffer;
  timeoutMs?: number;
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
    client.exec(command, (error: Error | undefined, stream: ClientChannel) => {
      if (error) return finish(new SessionClosedError(host, port, isClosed() ? undefined : `cannot start a command: ${error.message}`));
      if (options.timeoutMs !== undefined) {
        const timeoutMs = options.timeoutMs;
        timer = setTimeout(() => {
          finish(new ExecTimeoutError(host, port, timeoutMs));
          try {
            stream.signal('KILL'); // honoured by OpenSSH 7.9+; the channel is closed either way
          } catch {
            // the channel may already be gone
          }
          stream.close();
        }, timeoutMs);
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
