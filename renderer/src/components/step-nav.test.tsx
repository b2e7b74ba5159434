/**
 * The step list says what is true: a mark means "checked and passed", not "filled in". Every state
 * (not checked, checking, passed, passed with warnings, failed, changed since the last check, not
 * reached) has its own icon and its own words; a failed Database check never shows a green tick;
 * an opened profile ticks nothing until it is checked.
 */
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SECRET, emptyNode } from '../store/draft-types';
import type { CheckRunState, RunScope } from '../store/run-types';
import { scopeInputKey } from '../store/scope-input';
import { useWizard, wizard } from '../store/wizard-store';
import { installFakeEngine, renderPage, result } from '../testing/fake-engine';
import { StepNav } from './step-nav';

afterEach(cleanup);

/** A step's button by its accessible name: "2. Servers, checked and passed" (the words after the comma). */
const stepButton = (title: string) => screen.getByRole('button', { name: new RegExp(`^\\d\\. ${title}\\s*(,|$)`) });

/** A finished run of `scope` over the form as it is now (so it is current, not stale). */
function finishedRun(scope: RunScope, statuses: ('pass' | 'warn' | 'fail')[], patch: Partial<CheckRunState> = {}): void {
  const s = wizard();
  const run: CheckRunState = {
    runId: `${scope.replace(/[^a-z]/g, '')}-1`, status: 'done', inputKey: scopeInputKey(scope, s), started: statuses.length,
    results: statuses.map((st, i) => result(`${scope}.c${i}`, st)), expected: statuses.length, inventory: [], error: null,
    startedAt: '2026-11-30T10:00:00Z', finishedAt: '2026-11-30T10:00:01Z', ...patch,
  };
  useWizard.setState((st) => ({ runs: { ...st.runs, [scope]: run } }));
}

function filledIn(): void {
  const n = { ...emptyNode('windows'), host: 'node1', user: 'admin' };
  wizard().setDraft({ nodes: [n], storagePath: '\\\\nas\\proget' });
  wizard().setSecret(SECRET.ssh(n.key), 'pw');
  wizard().setDatabase({ kind: 'sqlserver', connectionString: 'Server=db;Database=proget;User Id=proget' });
  wizard().setSecret(SECRET.db, 'dbpw');
}

describe('step list marks', () => {
  it('every state has its own icon and words, read out as part of the step', () => {
    installFakeEngine();
    renderPage(<StepNav />, () => {
      filledIn();
      useWizard.setState({ furthest: 7, step: 'review' });
      finishedRun('servers', ['pass', 'pass']);
      finishedRun('database', ['pass', 'fail']);
      finishedRun('storage', ['pass', 'warn']);
      finishedRun('encryption', ['pass']);
      // Load balancer: checked, then its input changed.
      finishedRun('load-balancer', ['pass'], { inputKey: 'before-the-change' });
      useWizard.setState((st) => ({ runs: { ...st.runs, review: { ...st.runs.servers!, runId: 'review-1', status: 'running', results: [] } } }));
    });
    const expected: [string, string, string][] = [
      ['Welcome', 'none', ''],
      ['Servers', 'passed', 'checked and passed'],
      ['Database', 'failed', 'check failed'],
      ['Shared storage', 'warnings', 'passed with warnings'],
      ['Encryption key', 'passed', 'checked and passed'],
      ['Load balancer', 'stale', 'changed since the last check'],
      ['Review', 'running', 'checking now'],
      ['Apply', 'untested', 'not applied yet'],
      ['Dashboard', 'unreached', 'not reached yet'],
    ];
    const icons = new Map<string, string>();
    for (const [title, status, words] of expected) {
      const b = stepButton(title);
      if (words) expect(b.textContent, title).toContain(words);
      expect(b.getAttribute('data-status'), title).toBe(status);
      // Not colour alone: each state draws its own icon.
      const svg = b.querySelector('svg')?.outerHTML.replace(/class="[^"]*"/g, '') ?? '';
      expect(svg, title).not.toBe('');
      if (icons.has(status)) expect(icons.get(status)).toBe(svg);
      else icons.set(status, svg);
    }
    expect(new Set(icons.values()).size).toBe(icons.size);
    expect(stepButton('Review').getAttribute('aria-current')).toBe('step');
  });

  it('a filled-in page is "not checked yet" until its checks pass; a failed Database check is never a green tick', () => {
    installFakeEngine();
    renderPage(<StepNav />, () => {
      filledIn();
      useWizard.setState({ furthest: 6, step: 'load-balancer' });
      finishedRun('database', ['fail'], { status: 'error', results: [], error: 'cannot connect' });
    });
    // The old list called both "completed" (a green tick) because their fields were filled in.
    expect(stepButton('Database').textContent).not.toMatch(/completed|passed/);
    expect(stepButton('Database').textContent).toContain('check failed');
    expect(stepButton('Servers').textContent).toContain('not checked yet');
    expect(stepButton('Servers').getAttribute('data-status')).toBe('untested');
    expect(stepButton('Database').getAttribute('data-status')).toBe('failed');
  });

  it('opening a saved profile ticks no step: every page is "not checked yet" until it is tested', () => {
    installFakeEngine();
    renderPage(<StepNav />, () => {
      const n = { ...emptyNode('windows'), host: 'node1', user: 'admin' };
      wizard().loadProfile({ ...wizard().draft, nodes: [n], storagePath: '\\\\nas\\proget', database: { kind: 'sqlserver', connectionString: 'Server=db;Database=p;User Id=u' } }, { [SECRET.ssh(n.key)]: 'pw', db: 'dbpw' });
    });
    for (const title of ['Servers', 'Database', 'Shared storage', 'Encryption key', 'Load balancer', 'Review']) {
      expect(stepButton(title).textContent, title).not.toMatch(/completed|passed/);
      expect(stepButton(title).getAttribute('data-status'), title).toBe('untested');
    }
    expect(screen.queryAllByText(/checked and passed/)).toHaveLength(0);
    // Still reachable: an opened profile may jump to any page.
    expect(stepButton('Database').hasAttribute('disabled')).toBe(false);
  });
});
