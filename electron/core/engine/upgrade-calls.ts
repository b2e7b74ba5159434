/**
 * The engine's upgrade calls (issue 14). Placeholder while helper "upgrade-run" builds them: both calls
 * answer that upgrades are not available yet, so the contract can be typed end to end meanwhile.
 */
import type { Handlers } from './dispatcher';

export function upgradeCalls(): Pick<Handlers, 'upgrade.plan' | 'upgrade.start'> {
  const notYet = () => Promise.reject(new Error('upgrading a cluster is not available in this build yet'));
  return { 'upgrade.plan': notYet, 'upgrade.start': notYet };
}
