/** The wizard's pages in order; the step list and Back/Next read this. */
export const STEPS = [
  { id: 'welcome', title: 'Welcome' },
  { id: 'servers', title: 'Servers' },
  { id: 'database', title: 'Database' },
  { id: 'storage', title: 'Shared storage' },
  { id: 'encryption', title: 'Encryption key' },
  { id: 'load-balancer', title: 'Load balancer' },
  { id: 'review', title: 'Review' },
  { id: 'apply', title: 'Apply' },
  { id: 'dashboard', title: 'Dashboard' },
] as const;

export type StepId = (typeof STEPS)[number]['id'];

export function stepIndex(id: StepId): number {
  return STEPS.findIndex((s) => s.id === id);
}
