/**
 * A Windows node whose PowerShell runs in Constrained Language Mode: found once, by the login check,
 * from the node's inventory (fetched anyway, so no extra command). Every later check needs the login,
 * so the admin sees one failure naming the cause instead of a failure in every check.
 */
import { PowerShellLanguageModeError } from '../remote/powershell-language-mode';
import type { ClusterContext } from '../run/cluster-context';

export async function restrictedLanguageMode(ctx: ClusterContext, id: string): Promise<PowerShellLanguageModeError | null> {
  if (ctx.node(id).profile.os !== 'windows') return null;
  // Any other failure of the inventory is reported by the check that needs it, not here.
  return ctx.facts(id).then(() => null, (e: unknown) => (e instanceof PowerShellLanguageModeError ? e : null));
}
