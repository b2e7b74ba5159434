/** A BalancerControl in memory for unit tests: members with states and sessions, every call recorded. */
import type { BalancerControl, MemberStatus } from '../../balancer/balancer-control';
import type { LoadBalancerBackend } from '../../config/load-balancers/types';

export class FakeBalancer implements BalancerControl {
  readonly how = 'a fake balancer';
  readonly calls: string[] = [];
  members_: MemberStatus[];
  /** Sessions a drained member still has on each read of members(), counting down. */
  sessionsAfterDrain: number[] = [0];
  failOn: string | null = null;

  constructor(nodes: string[]) {
    this.members_ = nodes.map((node) => ({ node, state: 'ready', activeSessions: 3, detail: 'UP' }));
  }
  private fail(what: string) {
    if (this.failOn === what) throw new Error(`${what} refused by the fake`);
  }
  async members() {
    this.calls.push('members');
    for (const m of this.members_) if (m.state === 'drain') m.activeSessions = this.sessionsAfterDrain.length > 1 ? this.sessionsAfterDrain.shift()! : this.sessionsAfterDrain[0]!;
    return this.members_.map((m) => ({ ...m }));
  }
  async drain(node: string) {
    this.calls.push(`drain ${node}`);
    this.fail('drain');
    this.members_.find((m) => m.node === node)!.state = 'drain';
  }
  async resume(node: string) {
    this.calls.push(`resume ${node}`);
    this.members_.find((m) => m.node === node)!.state = 'ready';
  }
  async setMembers(backends: LoadBalancerBackend[]) {
    this.calls.push(`setMembers ${backends.map((b) => b.name).join(',')}`);
    this.fail('setMembers');
    this.members_ = backends.map((b) => this.members_.find((m) => m.node === b.name) ?? { node: b.name, state: 'ready', activeSessions: 0, detail: 'UP' });
    return { backupPath: null };
  }
  async close() {
    this.calls.push('close');
  }
}
