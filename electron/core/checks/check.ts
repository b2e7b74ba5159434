/** The check type of this engine and small constructors for outcomes. */
import type { ClusterContext } from '../run/cluster-context';
import type { CheckId } from '../../shared/check-catalog';
import type { CheckDefinition, CheckOutcome } from '../../shared/check-types';
import type { JsonValue } from '../../shared/check-run-schema';
import type { Remedy } from '../../shared/remedy';

/** A check of this engine: its id (and what it needs) only from the catalogue, which also gives its area and scope. */
export type Check = Omit<CheckDefinition<ClusterContext>, 'id' | 'needs'> & { id: CheckId; needs?: CheckId[] };

export const pass = (detail: string, data?: Record<string, JsonValue>): CheckOutcome => ({ status: 'pass', detail, ...(data ? { data } : {}) });
export const warn = (detail: string, remedy: Remedy, data?: Record<string, JsonValue>): CheckOutcome => ({ status: 'warn', detail, remedy, ...(data ? { data } : {}) });
export const fail = (detail: string, remedy: Remedy, data?: Record<string, JsonValue>): CheckOutcome => ({ status: 'fail', detail, remedy, ...(data ? { data } : {}) });

/** "node1, node2 and node3" */
export function listNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v >= 10 || i === 0 ? 0 : 1)} ${units[i]}`;
}
