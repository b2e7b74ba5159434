/**
 * When a server counts as gone down or come back. No false alarms: a state must hold for
 * CONFIRM_ROUNDS consecutive poll rounds before it is believed, so one slow answer or one dropped packet
 * is never an event. This only records and tells; nothing here (or anywhere) restarts a server.
 */
import type { NodeHealth, NodeState } from '../../../shared/health-snapshot';

/** Consecutive rounds a new state must hold before a transition is recorded. */
export const CONFIRM_ROUNDS = 2;

export type Side = 'up' | 'down';

/** What the keeper remembers per server between rounds (kept on disk too, so a restart does not repeat an alarm). */
export interface NodeTrack {
  /** The side last believed, null before the first CONFIRM_ROUNDS rounds ever. */
  confirmed: Side | null;
  /** The state that was believed then, and since when (ISO time). */
  state: NodeState | null;
  since: string | null;
  /** A different side seen lately, and in how many rounds in a row. */
  pending: Side | null;
  count: number;
}

export const NEW_TRACK: NodeTrack = { confirmed: null, state: null, since: null, pending: null, count: 0 };

export interface Transition {
  node: string;
  from: NodeState | null;
  to: NodeState;
  side: Side;
  /** Why, in words: the reason the round gave. */
  why: string;
}

export const STATE_WORDS: Record<NodeState | 'unknown', string> = {
  healthy: 'healthy',
  unhealthy: 'unhealthy',
  'service-stopped': 'service stopped',
  'not-answering': 'not answering',
  unreachable: 'unreachable',
  unknown: 'unknown',
};

const REASON: Record<NodeState, string> = {
  healthy: '/health answers healthy',
  unhealthy: '/health answers, but does not say healthy',
  'service-stopped': 'its service is stopped',
  'not-answering': 'it gives no answer (a dead link or a hung server)',
  unreachable: 'it cannot be reached',
};

const sideOf = (s: NodeState): Side => (s === 'healthy' ? 'up' : 'down');

/** The reason for a state in one sentence, with the round's own detail (already masked by the monitor). */
export function reasonOf(n: Pick<NodeHealth, 'state' | 'error'>): string {
  const detail = n.state !== 'healthy' && n.error ? `: ${n.error}` : '';
  const text = `${REASON[n.state]}${detail}`;
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

/** One round for one server: the new track, and the transition when a new side has now held long enough. */
export function observe(track: NodeTrack, n: Pick<NodeHealth, 'id' | 'state' | 'error'>, at: string): { track: NodeTrack; transition: Transition | null } {
  const side = sideOf(n.state);
  if (side === track.confirmed) return { track: { ...track, state: track.state ?? n.state, pending: null, count: 0 }, transition: null };
  const count = track.pending === side ? track.count + 1 : 1;
  if (count < CONFIRM_ROUNDS) return { track: { ...track, pending: side, count }, transition: null };
  const next: NodeTrack = { confirmed: side, state: n.state, since: at, pending: null, count: 0 };
  // The first belief ever: a server found down is worth saying, one found up is not news.
  if (track.confirmed === null && side === 'up') return { track: next, transition: null };
  return { track: next, transition: { node: n.id, from: track.state, to: n.state, side, why: reasonOf(n) } };
}
