/** storage.service-account's verdict: the account's effective rights on the folder, groups included. */
import { fail, listNames, pass, warn } from './check';
import { type AclForAccount, MODIFY, effectiveAccess, rightsNames } from './effective-access';
import type { CheckOutcome } from '../../shared/check-types';

export function serviceAccountVerdict(account: string, path: string, acl: AclForAccount): CheckOutcome {
  const access = effectiveAccess(acl);
  const through = (who: string[]) => listNames(who.map((w) => (w.toLowerCase() === account.toLowerCase() ? 'its own entry' : w)));
  const data = { allowed: rightsNames(access.allowed), denied: rightsNames(access.denied), grantedBy: access.grantedBy, deniedBy: access.deniedBy, groupsComplete: acl.groupsComplete };
  if ((access.allowed & MODIFY) === MODIFY) {
    return pass(`${account} has ${rightsNames(access.allowed).join(', ')} on the folder (through ${through(access.grantedBy)})`, data);
  }
  const missing = rightsNames(MODIFY & ~access.allowed).join(', ');
  const grant = `Grant ${account} (or a group it belongs to) Modify rights on ${path}.`;
  if (access.denied & MODIFY) {
    return fail(`${account} lacks ${missing} on the folder: denied through ${through(access.deniedBy)}`, `Remove the deny entry for ${listNames(access.deniedBy)}, or take ${account} out of that group. ${grant}`, data);
  }
  const has = access.allowed ? `${rightsNames(access.allowed).join(', ')} (through ${through(access.grantedBy)})` : 'no rights';
  if (!acl.groupsComplete) {
    // Only the well-known groups were known: a domain group may still grant the rights.
    return warn(`${account} has ${has} on the folder through itself and the well-known groups; its domain groups could not be read here, so rights through them are unknown`,
      `Confirm on the server that ${account} may modify ${path} (Properties > Security > Advanced > Effective Access), or ${grant.charAt(0).toLowerCase()}${grant.slice(1)}`, data);
  }
  return fail(`${account} has ${has} on the folder; it lacks ${missing}`, grant, data);
}
