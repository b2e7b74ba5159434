/** The database-held settings step: set through the API, then read back to confirm. */
import type { ClusterContext } from '../run/cluster-context';
import type { Plan } from '../../shared/plan-schema';
import type { ApplyEvent, ApplyReport } from './apply-steps';
import { apiKeyPolicyOf, readSetting, setSetting } from './settings-api';
import { errorMessage, toError } from '../../shared/error-text';

export type SettingOutcome = ApplyReport['settings'][number] & { previous?: string | null };

export async function applySettings(ctx: ClusterContext, plan: Plan, emit: (e: ApplyEvent, journal?: { setting: string; previous?: string | null }) => Promise<void>): Promise<SettingOutcome[]> {
  const todo = plan.settings.filter((s) => s.how === 'api');
  if (!todo.length || !plan.profile.apiKey) return [];
  const apiKey = await ctx.secrets.resolve(plan.profile.apiKey, 'API key');
  const url = ctx.nodes[0]!.webUrl;
  const timeout = ctx.settings.connectTimeoutMs;
  const policy = apiKeyPolicyOf(plan.profile);
  const out: SettingOutcome[] = [];
  for (const s of todo) {
    // Read before the 'about' record, which carries it: a wizard killed after the set leaves a journal
    // that says which value recover --rollback sets back. Still write-ahead: the set comes after.
    const previous = await readSetting(url, apiKey, s.name, timeout, policy).catch(toError);
    const known = previous instanceof Error ? {} : { previous };
    await emit({ type: 'apply-step', nodeId: null, step: 'settings', status: 'started', detail: `${s.name} = ${s.value}` }, { setting: s.name, ...known });
    try {
      if (previous instanceof Error) throw previous;
      await setSetting(url, apiKey, s.name, s.value, timeout, policy);
      const now = await readSetting(url, apiKey, s.name, timeout, policy);
      if (now !== s.value) throw new Error(`it reads back as ${JSON.stringify(now)}`);
      out.push({ name: s.name, status: 'set', detail: s.value, previous });
      await emit({ type: 'apply-step', nodeId: null, step: 'settings', status: 'done', detail: `${s.name} = ${s.value}` });
    } catch (e) {
      const detail = ctx.secrets.redactor.redact(errorMessage(e));
      out.push({ name: s.name, status: 'failed', detail });
      await emit({ type: 'apply-step', nodeId: null, step: 'settings', status: 'failed', detail: `${s.name}: ${detail}` });
      break;
    }
  }
  return out;
}
