/**
 * The balancer's members for the drift check, read from the balancer itself through the one control
 * interface (balancer-control.ts). Without access in the profile the members are not compared: said
 * as a note, not an error. A member drained or in maintenance is still a member (not removal).
 */
import type { BalancerControl } from '../balancer/balancer-control';
import type { ClusterProfile } from '../../shared/profile';
import type { MembersReader } from './check-drift';

export const NO_ACCESS_NOTE = 'The load balancer\'s members were not compared: the profile gives the wizard no access to the balancer.';

/** Reads the members through `open` (null: no control for this profile). */
export function membersThrough(open: (profile: ClusterProfile) => Promise<BalancerControl | null>): MembersReader {
  return async (profile) => {
    if (!profile.loadBalancer.access) return { members: null, note: NO_ACCESS_NOTE };
    const control = await open(profile);
    if (!control) return { members: null, note: NO_ACCESS_NOTE };
    try {
      const members = await control.members();
      return { members: members.map((m) => m.node), note: null };
    } finally {
      await control.close();
    }
  };
}
