/**
 * Test support (not used by the engine): a BalancerControl in memory. Every call lands in a journal
 * (apply's tests pass the fake cluster's, so the order across servers and balancer is one list);
 * faults make a call fail, or make the balancer ignore it (it then reads back unchanged).
 */
import type { BalancerControl, MemberState, MemberStatus } from '../balancer-control';
import type { LoadBalancerBackend } from '../../config/load-balancers/types';

/** resume-down: resumed, but its health checks keep it down (the balancer cannot reach /health). */
export type BalancerFault = 'drain-fails' | 'resume-fails' | 'resume-ignored' | 'drain-ignored' | 'members-fail' | 'resume-down';

export class FakeBalancer implements BalancerControl {
  readonly how = 'a fake balancer';
  readonly states = new Map<string, MemberState>();
  /** Sessions each member holds; a drained member's count falls by one on every read. */
  readonly sessions = new Map<string, number>();
  readonly faults = new Set<BalancerFault>();
  closed = false;

  constructor(members: string[], private readonly log: string[] = []) {
    for (const m of members) this.states.set(m, 'ready');
  }

  get journal(): string[] {
    return this.log;
  }

  async members(): Promise<MemberStatus[]> {
    if (this.faults.has('members-fail')) throw new Error('the runtime API does not answer');
    return [...this.states].map(([node, state]) => {
      const n = this.sessions.get(node) ?? 0;
      if (state === 'drain' && n > 0) this.sessions.set(node, n - 1);
      return { node, state, activeSessions: n, detail: state.toUpperCase() };
    });
  }

  async drain(node: string): Promise<void> {
    this.set(node, 'drain');
  }

  async resume(node: string): Promise<void> {
    this.set(node, 'ready');
  }

  async setMembers(backends: LoadBalancerBackend[]): Promise<{ backupPath: string | null }> {
    this.log.push(`balancer members ${backends.map((b) => b.name).join(',')}`);
    return { backupPath: null };
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private set(node: string, state: 'drain' | 'ready'): void {
    const verb = state === 'drain' ? 'drain' : 'resume';
    if (this.faults.has(`${verb}-fails`)) {
      this.log.push(`balancer ${verb} ${node} failed`);
      throw new Error(`${verb} refused by the balancer`);
    }
    if (!this.states.has(node)) throw new Error(`No such server: ${node}`);
    this.log.push(`balancer ${verb} ${node}`);
    if (!this.faults.has(`${verb}-ignored`)) this.states.set(node, state === 'ready' && this.faults.has('resume-down') ? 'down' : state);
  }
}
