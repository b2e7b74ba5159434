/** A server's state at the load balancer, in the words the dashboard shows. */
import type { BalancerAnswer } from '../../../../electron/shared/contract';

export type BalancerMember = BalancerAnswer['members'][number];

export function memberLabel(m: BalancerMember): string {
  switch (m.state) {
    case 'ready': return 'In rotation';
    case 'drain': return m.activeSessions ? `Draining (${m.activeSessions} ${m.activeSessions === 1 ? 'request' : 'requests'})` : 'Out of rotation';
    case 'maint': return 'Out of rotation';
    case 'down': return 'Down at the balancer';
    case 'unknown': return 'Not known to the balancer';
  }
}

/** Whether the server's next rotation action is to take it out (else: put it back). */
export const inRotation = (m: BalancerMember | undefined) => !m || m.state === 'ready' || m.state === 'down' || m.state === 'unknown';

/** Manual steps as plain text, for the clipboard. */
export function manualText(steps: BalancerAnswer['manual']): string {
  return steps.map((m, i) => `${i + 1}. ${m.title}.\n${m.detail}${m.url ? `\n${m.url}` : ''}`).join('\n\n');
}
