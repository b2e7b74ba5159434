/**
 * The label of the button that runs a page's checks again, by the run's scope: a remedy's "run it
 * again" names the button the admin sees (rerun-buttons.test.ts holds each page to its label).
 */
import type { RunScope } from '../store/run-types';

export const RERUN_BUTTON: Record<RunScope, string> = {
  servers: 'Connect again',
  database: 'Test the database',
  storage: 'Test the storage',
  encryption: 'Check the decision again',
  'load-balancer': 'Test the load balancer',
  review: 'Re-run validation',
};
