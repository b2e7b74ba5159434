/** Asking the engine for the plan (`plan.create`: reads the servers, changes nothing; the engine keeps it by id). */
import { call, errorText } from '../api';
import { toProfile } from './profile-mapping';
import { scopeInputKey } from './scope-input';
import { useWizard, wizard } from './wizard-store';

export async function createPlan(): Promise<void> {
  const s = wizard();
  const inputKey = scopeInputKey('review', s);
  const { profile, secrets } = toProfile(s.draft, s.secrets);
  const previous = s.plan.planId;
  useWizard.setState({ plan: { status: 'loading', planId: null, plan: null, inputKey, error: null } });
  // The engine need not keep a plan this page no longer shows.
  if (previous) void call('run.dismiss', { id: previous }).catch(() => undefined);
  try {
    const { planId, plan } = await call('plan.create', { profile, secrets, allowLocalSecrets: s.allowedLocal, acceptedHostKeys: s.acceptedHostKeys });
    useWizard.setState({ plan: { status: 'ready', planId, plan, inputKey, error: null } });
  } catch (e) {
    useWizard.setState({ plan: { status: 'error', planId: null, plan: null, inputKey, error: errorText(e) } });
  }
}
