/**
 * An unfinished apply journal in the app's words (recover.status): what was cut short, on which step
 * and server, when, and what "Finish the apply" and "Roll back" would each do. For Windows admins:
 * servers, settings files, backups; no journal records, no flags.
 */
import type { JournalState } from '../apply/journal-state';
import type { RecoverStatus } from '../../shared/recover-status';
import type { ApplyStepName } from '../apply/apply-steps';
import { shownValue, valueBefore } from '../apply/recover-settings';

const STEP_WORDS: Record<ApplyStepName, string> = {
  backup: 'backing up the settings file', write: 'writing the new settings file', drain: 'taking the server out of the load balancer',
  'wait-drained': 'waiting for the server to finish its requests', restart: 'restarting the service', stop: 'stopping the service',
  'wait-healthy': 'waiting for the server to report healthy', resume: 'putting the server back into the load balancer',
  balancer: 'changing the load balancer', settings: 'changing a product setting', rollback: 'putting a server back as it was',
};

export function recoverStatusOf(s: JournalState): RecoverStatus {
  const at = s.last?.at ?? s.begin?.at ?? new Date(0).toISOString();
  const step = s.last ? `while ${STEP_WORDS[s.last.step]}${s.last.nodeId ? ` on ${s.last.nodeId}` : ''}` : 'before it changed anything';
  const rollbackFailed = !!s.end && !s.end.done;
  const headline = rollbackFailed
    ? `An apply to this cluster failed and putting the servers back did not finish. It stopped ${step}.`
    : `An apply to this cluster was cut short (the wizard was closed or lost its connection) ${step}.`;
  const written = s.nodes.filter((n) => n.wrote);
  const servers = s.nodes.map((n) => ({
    id: n.id, backupPath: n.backupPath, changed: n.wrote,
    state: !n.wrote ? 'not changed yet'
      : n.healthyAfterWrite ? 'has its new settings file, was restarted and is healthy'
        : n.restarted ? 'has its new settings file, but its restart was not confirmed'
          : 'may have its new settings file, and was not restarted',
  }));
  const half = written.filter((n) => !n.healthyAfterWrite).map((n) => n.id);
  const finish = [
    ...(half.length ? [`Restart ${half.join(', ')}, where the new settings file is in place, and wait until each reports healthy.`] : []),
    'Read the servers again and make a new plan from this profile; you see what it would change before anything is applied.',
    'Apply that plan server by server, as a normal apply does.',
  ];
  const rollback = written.length
    ? [...written].reverse().map((n) => `${n.id}: ${n.backupPath ? `put back its settings file from the backup ${n.backupPath} (checked to be the one the apply made)` : `remove ${n.path} (it did not exist before)`}${n.restarted ? ', restart the service and wait until it reports healthy' : ''}.`)
    : ['Nothing to put back: no settings file was changed yet. Roll back only closes the unfinished apply.'];
  for (const name of [...s.settings].reverse()) {
    const before = valueBefore(s, name);
    rollback.push(before === undefined
      ? `The product setting ${name} was asked to change, but its old value was not written down (an older version of the wizard): check it in the product's Administration > Advanced Settings and set it back by hand.`
      : `Set the product setting ${name} back to ${shownValue(before)}, its value before the apply, and check that it reads back so.`);
  }
  return { headline, at, rollbackFailed, servers, settings: s.settings, finish, rollback };
}
