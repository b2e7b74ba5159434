/**
 * Recover --rollback, after the nodes: the product settings the cut-short apply asked to change, set
 * back to the values its journal wrote down before each set, and read back to confirm. They live in
 * the shared database, so any node's settings API will do: the first, then the others. A setting whose
 * old value the journal lacks (an older wizard's journal) is left to the admin, saying exactly what.
 */
import type { ClusterContext } from '../run/cluster-context';
import type { ApplyJournal } from './journal';
import type { ApplyEvent } from './apply-steps';
import type { JournalState } from './journal-state';
import { apiKeyPolicyOf, readSetting, setSetting } from './settings-api';
import { errorMessage, toError } from '../../shared/error-text';

export interface RecoverSetting {
  name: string;
  /** unknown: the journal does not say its value before. */
  result: 'set-back' | 'failed' | 'unknown';
  /** set-back: to what, through which node; otherwise what to do by hand (also a manual line). */
  detail: string;
}

const WHERE = "in the product's Administration > Advanced Settings";
/** A value before, in words. The API sets text only: a setting that had no value is set back to empty text. */
export const shownValue = (v: string | null) => (v === null ? 'empty (it had no value)' : JSON.stringify(v));
/** The setting's value before the apply, or undefined when the journal does not say. */
export const valueBefore = (s: JournalState, name: string): string | null | undefined => (Object.hasOwn(s.settingsBefore, name) ? s.settingsBefore[name] : undefined);

/** What is left by hand for a setting when no set-back was tried (a refused recovery). */
export function settingLeft(s: JournalState, name: string): string {
  const before = valueBefore(s, name);
  return `the settings API was asked to set ${name}${before === undefined ? '' : ` (it was ${shownValue(before)} before)`}: check its value ${WHERE} and set it back by hand`;
}

type Emit = ((e: ApplyEvent) => void | Promise<void>) | undefined;

export async function setSettingsBack(ctx: ClusterContext, state: JournalState, journal: ApplyJournal, onEvent: Emit): Promise<RecoverSetting[]> {
  const redact = (t: string) => ctx.secrets.redactor.redact(t);
  // Newest first, as the nodes are.
  const names = [...state.settings].reverse();
  const apiKey = names.some((n) => valueBefore(state, n) !== undefined) ? await resolveKey(ctx) : null;
  const out: RecoverSetting[] = [];
  for (const name of names) {
    const before = valueBefore(state, name);
    if (before === undefined) {
      out.push({ name, result: 'unknown', detail: `the settings API was asked to set ${name}, but the journal does not say its value before (an older wizard wrote it): check it ${WHERE} and set it back by hand` });
      continue;
    }
    // Journaled as a rollback step: the journal's 'settings' records say what apply asked to set.
    // The app shows it in the settings row, hence the event's step.
    const record = async (status: 'about' | 'done' | 'failed', detail: string) => {
      await journal.append({ type: 'step', at: new Date().toISOString(), step: 'rollback', status, nodeId: null, setting: name, ...(status === 'failed' ? { detail } : {}) });
      await onEvent?.({ type: 'apply-step', nodeId: null, step: 'settings', status: status === 'about' ? 'started' : status, detail });
    };
    await record('about', `${name}: back to ${shownValue(before)}`);
    try {
      if (apiKey instanceof Error) throw apiKey;
      const via = await setThroughAnyNode(ctx, apiKey ?? '', name, before ?? '');
      out.push({ name, result: 'set-back', detail: `back to ${shownValue(before)} (through ${via})` });
      await record('done', `${name}: back to ${shownValue(before)}`);
    } catch (e) {
      const why = redact(errorMessage(e));
      out.push({ name, result: 'failed', detail: `set ${name} back to ${shownValue(before)} by hand ${WHERE} (${why})` });
      await record('failed', `${name}: ${why}`);
    }
  }
  return out;
}

async function resolveKey(ctx: ClusterContext): Promise<string | Error> {
  if (!ctx.profile.apiKey) return new Error('the profile gives no API key for the settings API');
  return ctx.secrets.resolve(ctx.profile.apiKey, 'API key').catch(toError);
}

/** Sets and reads back through the first node that manages both; the error names every node's failure. */
async function setThroughAnyNode(ctx: ClusterContext, apiKey: string, name: string, value: string): Promise<string> {
  const timeout = ctx.settings.connectTimeoutMs;
  const policy = apiKeyPolicyOf(ctx.profile);
  const failures: string[] = [];
  for (const n of ctx.nodes) {
    try {
      await setSetting(n.webUrl, apiKey, name, value, timeout, policy);
      const now = await readSetting(n.webUrl, apiKey, name, timeout, policy);
      // A setting that had no value can only be set to empty text (the API takes text): either reads as set back.
      if ((now ?? '') !== value) throw new Error(`it reads back as ${JSON.stringify(now)}`);
      return n.id;
    } catch (e) {
      failures.push(`${n.id}: ${errorMessage(e)}`);
    }
  }
  throw new Error(failures.join('; '));
}
