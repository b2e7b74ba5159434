/**
 * A bounded stream of requests through a load balancer, for proving "no failed request" while the
 * wizard drains, restarts or changes members: who served each (the stand-in's x-lab-served-by) and
 * every failure with its time. Bounded in count and time; lab addresses only.
 */
export interface RequestRecord {
  at: number;
  status: number | null;
  servedBy: string | null;
  error: string | null;
}

export interface RequestLoop {
  /** Stops sending and resolves with every request made. */
  stop(): Promise<RequestRecord[]>;
  /** The requests made so far. */
  readonly records: RequestRecord[];
}

/** Sends `url` requests `concurrency` at a time, at most `maxRequests` and for at most `maxMs`, until stopped. */
/** Each worker waits `pauseMs` between requests: about 100 requests a second from two workers, not a flood. */
export function startRequestLoop(url: string, o: { concurrency?: number; maxRequests?: number; maxMs?: number; timeoutMs?: number; pauseMs?: number } = {}): RequestLoop {
  const { concurrency = 2, maxRequests = 3000, maxMs = 120_000, timeoutMs = 5000, pauseMs = 20 } = o;
  const records: RequestRecord[] = [];
  const started = Date.now();
  let stopping = false;
  const more = () => !stopping && records.length < maxRequests && Date.now() - started < maxMs;
  const worker = async () => {
    while (more()) {
      const at = Date.now();
      try {
        const r = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
        await r.arrayBuffer();
        // The stand-in listens on every address: IPv4 arrives as an IPv4-mapped IPv6 address.
        records.push({ at, status: r.status, servedBy: r.headers.get('x-lab-served-by')?.replace(/^::ffff:/, '') ?? null, error: null });
      } catch (e) {
        records.push({ at, status: null, servedBy: null, error: e instanceof Error ? e.message : String(e) });
      }
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  };
  const workers = Array.from({ length: concurrency }, worker);
  return {
    records,
    async stop() {
      stopping = true;
      await Promise.all(workers);
      return records;
    },
  };
}

/** Requests that did not get a 2xx answer. */
export const failedRequests = (records: RequestRecord[]) => records.filter((r) => r.status === null || r.status < 200 || r.status >= 300);

/** How many requests each node's address served, from `since` on. */
export function servedCounts(records: RequestRecord[], since = 0): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of records) if (r.at >= since && r.servedBy) counts[r.servedBy] = (counts[r.servedBy] ?? 0) + 1;
  return counts;
}
