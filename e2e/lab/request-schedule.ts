/** A bounded request loop against a balancer: `count` requests spread over `spanMs`, each on its own connection. */
import http from 'node:http';

export interface LoopRecord {
  startedAt: number;
  status: number;
  /** The node's hostname (the stand-in's x-lab-node header), '' when the request failed. */
  node: string;
  error: string | null;
}

function once(url: string): Promise<Omit<LoopRecord, 'startedAt'>> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, node: String(res.headers['x-lab-node'] ?? ''), error: null }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out after 5 s')));
    req.on('error', (e) => resolve({ status: 0, node: '', error: e.message }));
  });
}

/** Starts the loop; the promise ends when every request has answered (or failed). */
export async function requestLoop(url: string, count: number, spanMs: number): Promise<LoopRecord[]> {
  const started: Promise<LoopRecord>[] = [];
  const t0 = Date.now();
  for (let i = 0; i < count; i++) {
    const due = t0 + (i * spanMs) / count;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const startedAt = Date.now();
    started.push(once(url).then((r) => ({ ...r, startedAt })));
  }
  return Promise.all(started);
}

/** Requests per node, and the failures, in the window [from, to) of start times. */
export function tally(records: LoopRecord[], from = 0, to = Infinity) {
  const inWindow = records.filter((r) => r.startedAt >= from && r.startedAt < to);
  const byNode: Record<string, number> = {};
  for (const r of inWindow) if (r.node) byNode[r.node] = (byNode[r.node] ?? 0) + 1;
  return { total: inWindow.length, failed: inWindow.filter((r) => r.status !== 200).map((r) => `${r.status} ${r.error ?? ''}`), byNode };
}
