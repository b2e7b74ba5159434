import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { installFakeEngine, renderPage, result } from '../testing/fake-engine';
import { useStepTest } from './use-step-test';
import { wizard } from './wizard-store';

afterEach(cleanup);

function Probe() {
  const t = useStepTest('storage');
  return (
    <div>
      <button type="button" onClick={() => void t.testThenNext()} disabled={t.primaryDisabled}>Next</button>
      <span>{t.advancing ? 'advancing' : 'idle'}</span>
      <span>{`failures:${t.failures.length}`}</span>
    </div>
  );
}

const atStorage = () => {
  wizard().goTo('storage');
  wizard().setDraft({ storagePath: '/srv/shared' });
};

describe('test, then Next (one hook for every page)', () => {
  it('runs the page\'s checks when there is no run, and moves on when none failed', async () => {
    const engine = installFakeEngine();
    engine.results = [result('storage.path-form', 'pass'), result('storage.writable', 'warn')];
    renderPage(<Probe />, atStorage);
    fireEvent.click(screen.getByText('Next'));
    await waitFor(() => expect(wizard().step).toBe('encryption'));
    expect(engine.checkRuns()).toHaveLength(1);
    expect(engine.checkRuns()[0]!.only).toContain('storage.path-form');
    expect(engine.checkRuns()[0]!.profile.storage.path).toBe('/srv/shared');
  });

  it('stays on the page after a failure, and Next is off until the form changes', async () => {
    const engine = installFakeEngine();
    engine.results = [result('storage.path-form', 'fail')];
    renderPage(<Probe />, atStorage);
    fireEvent.click(screen.getByText('Next'));
    await screen.findByText('failures:1');
    expect(wizard().step).toBe('storage');
    expect((screen.getByText('Next') as HTMLButtonElement).disabled).toBe(true);
    // A changed path makes the run stale: Next is on again and runs anew.
    engine.results = [result('storage.path-form', 'pass')];
    act(() => wizard().setDraft({ storagePath: '/srv/other' }));
    expect((screen.getByText('Next') as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(screen.getByText('Next'));
    await waitFor(() => expect(wizard().step).toBe('encryption'));
    expect(engine.checkRuns().map((r) => r.profile.storage.path)).toEqual(['/srv/shared', '/srv/other']);
  });

  it('does not run again when a finished run still matches the form', async () => {
    const engine = installFakeEngine();
    engine.results = [result('storage.path-form', 'pass')];
    renderPage(<Probe />, atStorage);
    fireEvent.click(screen.getByText('Next'));
    await waitFor(() => expect(wizard().step).toBe('encryption'));
    act(() => wizard().goTo('storage'));
    fireEvent.click(screen.getByText('Next'));
    await waitFor(() => expect(wizard().step).toBe('encryption'));
    expect(engine.checkRuns()).toHaveLength(1);
  });
});
