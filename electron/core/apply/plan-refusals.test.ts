/** The one list of checks whose failure blocks a plan names real checks, and covers the cluster's shape. */
import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../checks/all-checks';
import { selectChecks } from '../checks/runner';
import { PLAN_BLOCKING_CHECKS } from './plan-refusals';

describe('PLAN_BLOCKING_CHECKS', () => {
  it('names only checks that exist, covering versions, duplicates and logins', () => {
    const ids = new Set(ALL_CHECKS.map((c) => c.id));
    expect(PLAN_BLOCKING_CHECKS.filter((id) => !ids.has(id))).toEqual([]);
    expect(PLAN_BLOCKING_CHECKS).toEqual(expect.arrayContaining(['server.login', 'servers.same-version', 'servers.hostnames-distinct']));
  });

  it('runs, with what they need, only server checks: nothing about database, storage or balancer blocks a plan', () => {
    const { run } = selectChecks(ALL_CHECKS, [...PLAN_BLOCKING_CHECKS]);
    expect(run.every((c) => c.area === 'servers')).toBe(true);
    expect(run.map((c) => c.id)).toEqual(expect.arrayContaining(['server.reachable', 'server.host-key', 'server.login', 'server.version']));
  });
});
