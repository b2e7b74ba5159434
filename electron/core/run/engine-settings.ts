/** How one engine run connects and how long it waits: given by the host (app, CLI, harness) per run. */
export interface EngineSettings {
  /** Connecting anywhere (SSH, TCP, database, HTTP) gives up after this. */
  connectTimeoutMs: number;
  /** A single check gives up after this. */
  checkTimeoutMs: number;
  knownHostsPath: string;
  /** Fingerprints the admin accepted for this run, by host or host:port. */
  acceptedHostKeys?: Record<string, string>;
}

export const DEFAULT_SETTINGS = { connectTimeoutMs: 5000, checkTimeoutMs: 20_000 } as const;
