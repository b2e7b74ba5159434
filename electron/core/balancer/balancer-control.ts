/**
 * What the wizard can do at a load balancer it is allowed to drive (issue 13): read each member's
 * state, take one server out of rotation and back, and rewrite the member list. One interface for
 * every way in (HAProxy's runtime API, an SSH login on the HAProxy or nginx host), so grow, shrink,
 * drain and apply's per-node restarts never care which balancer sits in front.
 *
 * Without access in the profile there is no control (`openBalancerControl` gives null) and every
 * balancer step is a generated manual step, as before.
 */
import type { LoadBalancerBackend } from '../config/load-balancers/types';

/** ready: takes new requests; drain: finishes what it has, takes none new; maint: out; down: failing its health check. */
export type MemberState = 'ready' | 'drain' | 'maint' | 'down' | 'unknown';

export interface MemberStatus {
  /** The profile's node id (the backend's name in the generated config). */
  node: string;
  state: MemberState;
  /** Requests or connections the member is serving now; null where the balancer cannot tell. */
  activeSessions: number | null;
  /** What the balancer said, in words (secrets never appear here). */
  detail: string;
}

export interface BalancerControl {
  /** How the wizard reaches the balancer, in words: "HAProxy runtime API at 10.9.0.5:9999". */
  readonly how: string;
  /** Every member the balancer knows, read back from the balancer itself. */
  members(): Promise<MemberStatus[]>;
  /** Takes one member out of rotation for new requests; the others are not touched. */
  drain(node: string): Promise<void>;
  /** Puts one member back into rotation. */
  resume(node: string): Promise<void>;
  /**
   * Makes the balancer's member list exactly `backends` (its config rewritten and reloaded without
   * dropping requests); the config as it was is kept as a backup, whose path is returned.
   */
  setMembers(backends: LoadBalancerBackend[]): Promise<{ backupPath: string | null }>;
  close(): Promise<void>;
}
