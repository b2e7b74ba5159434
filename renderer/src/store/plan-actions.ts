/** Asking the engine for the plan (`plan.create`: reads the servers, changes nothing). */
import { call, errorText } from '../api';
import { toProfile } from './profile-mapping';
import type { Plan } from './run-types';
import { scopeInputKey } from './scope-input';
import { useWizard, wizard } from './wizard-store';

export async function createPlan(): Promise<void> {
  const s = wizard();
  const inputKey = scopeInputKey('review', s);
  const { profile, secrets } = toProfile(s.draft, s.secrets);
  useWizard.setState({ plan: { status: 'loading', plan: null, inputKey, error: null } });
  try {
    const plan = (await call('plan.create', { profile, secrets, allowLocalSecrets: s.allowedLocal, acceptedHostKeys: s.acceptedHostKeys })) as Plan;
    useWizard.setState({ plan: { status: 'ready', plan, inputKey, error: null } });
  } catch (e) {
    useWizard.setState({ plan: { status: 'error', plan: null, inputKey, error: errorText(e) } });
  }
}
