/**
 * The database-held settings (storage path, Web.BaseUrl) in a plan: through the settings API when the
 * profile has a key the admin lets the wizard use, else by hand. A settings API that cannot be read
 * now (typically every node fails to log in to its database because its password was just rotated,
 * so the API answers 500) never stops the plan: apply sets them after the nodes are healthy again.
 */
import type { ClusterContext } from '../run/cluster-context';
import { PRODUCTS } from '../../shared/products';
import type { PlanSetting } from '../../shared/plan-schema';
import { apiKeyPolicyOf, apiKeyRefusal, listSettings, SettingsApiError } from './settings-api';

export async function planSettings(ctx: ClusterContext): Promise<PlanSetting[]> {
  const product = PRODUCTS[ctx.profile.product];
  const wanted: { name: string; value: string }[] = [];
  if (product.storageSetting) wanted.push({ name: product.storageSetting, value: ctx.profile.storage.path });
  if (ctx.profile.loadBalancer.url) wanted.push({ name: 'Web.BaseUrl', value: ctx.profile.loadBalancer.url });
  const byHand = `${product.name}: Administration > Advanced Settings`;
  if (!wanted.length) return [];
  const manual = (where: string) => wanted.map((w) => ({ ...w, current: null, how: 'manual' as const, where }));
  if (!ctx.profile.apiKey || !product.hasSettingsApi) return manual(byHand);
  const node = ctx.nodes[0]!;
  const policy = apiKeyPolicyOf(ctx.profile);
  const refusal = apiKeyRefusal(node.webUrl, policy);
  if (refusal) return manual(`${byHand} (the API key was not used: ${refusal})`);
  const apiKey = await ctx.secrets.resolve(ctx.profile.apiKey, 'API key');
  let current: Map<string, string | null>;
  try {
    current = new Map((await listSettings(node.webUrl, apiKey, ctx.settings.connectTimeoutMs, policy)).map((s) => [s.name, s.value]));
  } catch (e) {
    if (!(e instanceof SettingsApiError)) throw e;
    const why = ctx.secrets.redactor.redact(e.message);
    return wanted.map((w) => ({ ...w, current: null, how: 'api' as const, where: `the settings API of ${node.id}, after the nodes are healthy again (it cannot be read now: ${why})` }));
  }
  return wanted.map((w) => {
    const now = current.get(w.name) ?? null;
    return { ...w, current: now, how: now === w.value ? ('unchanged' as const) : ('api' as const), where: `the settings API of ${node.id}` };
  });
}
