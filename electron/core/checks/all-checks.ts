/** Every check, in the order results are shown. */
import type { Check } from './check';
import { withFieldAtFault } from './field-at-fault';
import { databaseChecks } from './database-checks';
import { encryptionChecks } from './encryption-checks';
import { loadBalancerChecks, networkChecks } from './network-checks';
import { serverChecks } from './server-checks';
import { serverIdentityChecks } from './server-identity-checks';
import { storageChecks } from './storage-checks';

export const ALL_CHECKS: Check[] = [...serverChecks.map(withFieldAtFault), ...serverIdentityChecks, ...databaseChecks, ...storageChecks, ...encryptionChecks, ...networkChecks, ...loadBalancerChecks];
