/**
 * Test support for page tests: a fake `window.wizard` that records every call and answers check runs
 * with the results a test chooses (streamed as the engine streams them), plus a render helper that
 * starts each test from an empty store inside Fluent's provider. The pages and the store are the real ones.
 */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { render, screen } from '@testing-library/react';
import type { NodeInventory } from '../../../electron/shared/check-run-schema';
import type { CheckResult } from '../../../electron/shared/check-types';
import type { CallErrorInfo, CallInput, CallName, CallOutput, EventName, EventPayload, WizardApi } from '../../../electron/shared/contract';
import { useWizard } from '../store/wizard-store';

// happy-dom's Animation rejects its `finished` promise, which nobody awaits, when an animation is
// cancelled (a dialog still closing as a test ends): an unhandled error. Without the Web Animations
// API Fluent runs its motions as plain callbacks, as it does in any DOM that lacks it.
Object.defineProperty(Element.prototype, 'animate', { value: undefined, configurable: true, writable: true });

type Handlers = { [C in CallName]?: (input: CallInput<C>) => CallOutput<C> | Promise<CallOutput<C>> };

export interface FakeEngine {
  calls: { name: CallName; input: unknown }[];
  /** The inputs of every `checks.run`, in order. */
  checkRuns: () => CallInput<'checks.run'>[];
  /** What the next check runs report: a list, or a function of the run's input. */
  results: CheckResult[] | ((input: CallInput<'checks.run'>) => CheckResult[]);
  /** What the next check runs report each server is (keys, versions). */
  inventory: NodeInventory[];
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  /** Calls the engine answers with an error (as its dispatcher would), by name. */
  failCall: { [C in CallName]?: CallErrorInfo };
}

export function installFakeEngine(handlers: Handlers = {}): FakeEngine {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const engine: FakeEngine = {
    calls: [],
    checkRuns: () => engine.calls.filter((c) => c.name === 'checks.run').map((c) => c.input as CallInput<'checks.run'>),
    results: [],
    inventory: [],
    emit: (name, payload) => listeners.get(name)?.forEach((l) => l(payload)),
    failCall: {},
  };
  const api: WizardApi = {
    async call(name, input) {
      engine.calls.push({ name, input });
      const failure = engine.failCall[name];
      if (failure) return { ok: false, error: failure } as never;
      const own = handlers[name] as ((i: unknown) => unknown) | undefined;
      // Every call answers a CallResult, as the engine's dispatcher does.
      if (own) return { ok: true, value: await own(input) } as never;
      if (name === 'checks.run') {
        const run = input as CallInput<'checks.run'>;
        const results = typeof engine.results === 'function' ? engine.results(run) : engine.results;
        // After the call resolves, as the engine does: each result, then the run's end.
        setTimeout(() => {
          for (const result of results) engine.emit('checks.event', { runId: run.runId, event: { type: 'check-finished', result } });
          const summary = { pass: 0, warn: 0, fail: 0, skip: 0 };
          for (const r of results) summary[r.status]++;
          const at = new Date(0).toISOString();
          engine.emit('checks.done', { runId: run.runId, ok: true, output: { results, summary, startedAt: at, finishedAt: at, handshakes: {}, inventory: engine.inventory } });
        }, 0);
        return { ok: true, value: { started: true } } as never;
      }
      if (name === 'profile.list') return { ok: true, value: [] } as never;
      // Helper "reports": an empty reports folder unless a test answers.
      if (name === 'reports.list') return { ok: true, value: { folder: null, kept: 100, runs: [] } } as never;
      // The dashboard asks for an upgrade to come back to (upgrade-reattach.ts): none unless a test answers.
      if (name === 'run.list') return { ok: true, value: [] } as never;
      throw new Error(`the fake engine has no answer for ${name}`);
    },
    on(name, listener) {
      const set = listeners.get(name) ?? new Set();
      set.add(listener as (p: unknown) => void);
      listeners.set(name, set);
      return () => set.delete(listener as (p: unknown) => void);
    },
  } as WizardApi;
  (window as { wizard?: WizardApi }).wizard = api;
  return engine;
}

/** A check result as the engine reports it. */
export function result(id: string, status: CheckResult['status'], patch: Partial<CheckResult> = {}): CheckResult {
  return { id, title: id, area: 'servers', target: 'cluster', status, detail: `${id} ${status}`, remedy: status === 'fail' ? 'fix it' : null, durationMs: 1, ...patch };
}

/** Renders a page from a fresh store (the test sets the draft it needs first, through `prepare`). */
export function renderPage(ui: React.ReactElement, prepare?: () => void) {
  useWizard.getState().reset();
  prepare?.();
  return render(<FluentProvider theme={webLightTheme}>{ui}</FluentProvider>);
}

/** The text input a label names (a Fluent Field also labels its wrapper, and a radio may share the word). */
export function inputByLabel(label: RegExp): HTMLInputElement {
  const input = screen.getAllByLabelText(label)
    .find((e): e is HTMLInputElement => (e.tagName === 'INPUT' && !['radio', 'checkbox'].includes((e as HTMLInputElement).type)) || e.tagName === 'TEXTAREA');
  if (!input) throw new Error(`no input labelled ${label}`);
  return input;
}
