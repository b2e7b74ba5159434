/**
 * One SSH session per node per run, shared by every check and step on that node. Concurrent callers
 * for a node share one in-flight connect; a failed connect is remembered for the run, so twenty
 * checks on an unreachable node cost one timeout, not twenty. Create one pool per run.
 */
import { type RemoteError } from './remote-errors';
import { type ExecOptions, type ExecResult, openSession, type SessionOptions, type SshSession } from './ssh-session';

export type NodeConnection = Omit<SessionOptions, 'onHandshake' | 'onTcpConnect'>;

export interface SessionPoolOptions {
  /** How to reach a node (may be async: secrets can come from safeStorage or a prompt). */
  resolve: (nodeId: string) => NodeConnection | Promise<NodeConnection>;
  /** Replaceable for tests; defaults to openSession. */
  open?: (options: SessionOptions) => Promise<SshSession>;
}

export class PoolClosedError extends Error {
  override readonly name = 'PoolClosedError';
  constructor() {
    super('The session pool of this run is closed');
  }
}

interface Entry {
  promise: Promise<SshSession>;
  session?: SshSession;
  failure?: Error;
}

export class SessionPool {
  readonly #resolve: SessionPoolOptions['resolve'];
  readonly #open: (options: SessionOptions) => Promise<SshSession>;
  readonly #entries = new Map<string, Entry>();
  readonly #handshakes = new Map<string, number>();
  readonly #tcpOpen = new Set<string>();
  #closed = false;

  constructor(options: SessionPoolOptions) {
    this.#resolve = options.resolve;
    this.#open = options.open ?? openSession;
  }

  /**
   * The node's session: the live one, the connect in flight, or the remembered failure. A session
   * that dropped (network, server restart) is replaced by a new connection on the next call.
   */
  get(nodeId: string): Promise<SshSession> {
    if (this.#closed) return Promise.reject(new PoolClosedError());
    const existing = this.#entries.get(nodeId);
    if (existing && !(existing.session?.closed ?? false)) return existing.promise;

    const entry: Entry = { promise: this.#connect(nodeId) };
    this.#entries.set(nodeId, entry);
    entry.promise.then(
      (session) => {
        entry.session = session;
        if (this.#closed) void session.close();
      },
      (error: unknown) => {
        entry.failure = error instanceof Error ? error : new Error(String(error));
      },
    );
    return entry.promise;
  }

  async #connect(nodeId: string): Promise<SshSession> {
    const connection = await this.#resolve(nodeId);
    return this.#open({
      ...connection,
      onHandshake: (initial) => {
        if (initial) this.#handshakes.set(nodeId, (this.#handshakes.get(nodeId) ?? 0) + 1);
      },
      onTcpConnect: () => this.#tcpOpen.add(nodeId),
    });
  }

  /** Whether a TCP connection to the node has opened in this run (its SSH login may still be under way). */
  tcpOpened(nodeId: string): boolean {
    return this.#tcpOpen.has(nodeId);
  }

  /** Runs a command on a node through its shared session. */
  async exec(nodeId: string, command: string, options?: ExecOptions): Promise<ExecResult> {
    return (await this.get(nodeId)).exec(command, options);
  }

  /** Whether this run has asked for the node's session at all (a connect started, whatever its outcome). */
  started(nodeId: string): boolean {
    return this.#entries.has(nodeId);
  }

  /** SSH connections (initial key exchanges) made to a node during this run. */
  handshakes(nodeId: string): number {
    return this.#handshakes.get(nodeId) ?? 0;
  }

  /** The remembered connect failure of a node, if its connect failed. */
  failure(nodeId: string): Error | undefined {
    return this.#entries.get(nodeId)?.failure;
  }

  /** Whether a node's failure is a RemoteError of a given class (e.g. HostKeyError), for reporting. */
  failedWith<T extends RemoteError>(nodeId: string, type: abstract new (...args: never[]) => T): T | undefined {
    const failure = this.failure(nodeId);
    return failure instanceof type ? failure : undefined;
  }

  /**
   * Drops what the pool knows about a node (closing its session), so the next get() connects again:
   * for example after the admin accepted its host key.
   */
  async forget(nodeId: string): Promise<void> {
    const entry = this.#entries.get(nodeId);
    this.#entries.delete(nodeId);
    const session = await entry?.promise.catch(() => undefined);
    await session?.close();
  }

  /**
   * Closes every session, waiting for connects in flight; later get() calls fail. `waitForConnects:
   * false` (a cancelled run) closes the live sessions only: a connect still in flight is closed by
   * get()'s handler the moment it succeeds, and a dead link's simply fails.
   */
  async closeAll(o: { waitForConnects?: boolean } = {}): Promise<void> {
    this.#closed = true;
    const entries = [...this.#entries.values()].filter((e) => o.waitForConnects !== false || e.session);
    await Promise.all(
      entries.map(async (entry) => {
        const session = await entry.promise.catch(() => undefined);
        await session?.close();
      }),
    );
  }

  toString(): string {
    return `SessionPool(${this.#entries.size} nodes${this.#closed ? ', closed' : ''})`;
  }
}
