/**
 * The one store: the profile being built (per page slices of `draft`), secrets typed this session
 * (memory only: never persisted; session-persist.ts keeps the rest across a reload), accepted host keys, and what the
 * engine answered. Pages write into it on every change, so Back and Next never lose input.
 */
import { create } from 'zustand';
import type { CallOutput } from '../../../electron/shared/contract';
import type { LocalSecretRef, LocalSecretUse } from '../../../electron/shared/local-secrets';
import { emptyDraft, emptyNode, type DatabaseDraft, type Draft, type NodeDraft } from './draft-types';
import { hashOf } from './input-hash';
import { localUsesOf, withoutLocalRefs } from './local-secrets';
import {
  IDLE_APPLY, IDLE_HEALTH, IDLE_PLAN, type ApplyState, type CheckRunState, type HealthState, type NodeInventory, type PlanState, type RunScope,
} from './run-types';
import { STEPS, stepIndex, type StepId } from './steps';

export interface WizardState {
  draft: Draft;
  secrets: Record<string, string>;
  /** host:port -> fingerprint the admin accepted in this session. */
  acceptedHostKeys: Record<string, string>;
  runs: Partial<Record<RunScope, CheckRunState>>;
  /** Latest inventory per node id, from whichever run read it last. */
  inventory: Record<string, NodeInventory>;
  plan: PlanState;
  apply: ApplyState;
  health: HealthState;
  step: StepId;
  /** The furthest page reached; the step list lets the admin jump back to any page up to it. */
  furthest: number;
  appInfo: CallOutput<'app.info'> | null;
  /** Which node card has its editor open. */
  editingNode: string | null;
  /** The opened profile's file/env secrets, while the wizard asks whether to read them. */
  localConsent: LocalSecretUse[] | null;
  /** The file/env references the admin allowed for this opened profile (sent with every call). */
  allowedLocal: LocalSecretRef[];
  /** When an apply that may have changed the servers last ended (after-apply.ts: runs before it are stale). */
  appliedAt: string | null;
  /** The draft's fingerprint when it was last opened, saved or started afresh: another means unsaved work. */
  baseline: string;
}

export interface WizardActions {
  setDraft(patch: Partial<Draft>): void;
  setDatabase(patch: Partial<DatabaseDraft>): void;
  addNode(): string;
  updateNode(key: string, patch: Partial<NodeDraft>): void;
  removeNode(key: string): void;
  setEditingNode(key: string | null): void;
  setSecret(key: string, value: string): void;
  acceptHostKey(hostPort: string, fingerprint: string): void;
  loadProfile(draft: Draft, secrets: Record<string, string>): void;
  /** The admin's answer to `localConsent`. */
  answerLocalSecrets(allow: boolean): void;
  goTo(step: StepId): void;
  next(): void;
  back(): void;
  reset(): void;
  /** The draft as it is now was saved (the baseline for "unsaved work"). */
  markSaved(): void;
}

const initial = (): WizardState => ({
  draft: emptyDraft(), secrets: {}, acceptedHostKeys: {}, runs: {}, inventory: {}, plan: IDLE_PLAN, apply: IDLE_APPLY, health: IDLE_HEALTH,
  step: 'welcome', furthest: 0, appInfo: null, editingNode: null, localConsent: null, allowedLocal: [], appliedAt: null, baseline: hashOf(emptyDraft()),
});

/** Whether the draft holds work not saved or opened as it is. */
export const hasUnsavedWork = (s: Pick<WizardState, 'draft' | 'baseline'>) => hashOf(s.draft) !== s.baseline;

export const useWizard = create<WizardState & WizardActions>()((set, get) => ({
  ...initial(),
  setDraft: (patch) => set((s) => ({ draft: { ...s.draft, ...patch } })),
  setDatabase: (patch) => set((s) => ({ draft: { ...s.draft, database: { ...s.draft.database, ...patch } } })),
  addNode: () => {
    const nodes = get().draft.nodes;
    // A new server usually looks like the last one: same OS, port and paths. Its sign-in is offered, not copied (reuse-login.tsx).
    const last = nodes.at(-1);
    const node: NodeDraft = last
      ? { ...emptyNode(last.os), os: last.os, port: last.port, configPath: last.configPath, serviceCommand: last.serviceCommand }
      : emptyNode();
    set((s) => ({ draft: { ...s.draft, nodes: [...s.draft.nodes, node] }, editingNode: node.key }));
    return node.key;
  },
  updateNode: (key, patch) => set((s) => ({ draft: { ...s.draft, nodes: s.draft.nodes.map((n) => (n.key === key ? { ...n, ...patch } : n)) } })),
  removeNode: (key) => set((s) => {
    const secrets = Object.fromEntries(Object.entries(s.secrets).filter(([k]) => !k.endsWith(`:${key}`)));
    return { draft: { ...s.draft, nodes: s.draft.nodes.filter((n) => n.key !== key) }, secrets, editingNode: s.editingNode === key ? null : s.editingNode };
  }),
  setEditingNode: (key) => set({ editingNode: key }),
  setSecret: (key, value) => set((s) => {
    const secrets = { ...s.secrets };
    if (value) secrets[key] = value;
    else delete secrets[key];
    return { secrets };
  }),
  acceptHostKey: (hostPort, fingerprint) => set((s) => ({ acceptedHostKeys: { ...s.acceptedHostKeys, [hostPort]: fingerprint } })),
  loadProfile: (draft, secrets) => set({
    ...initial(), appInfo: get().appInfo, draft, secrets, baseline: hashOf(draft),
    // Nothing from this computer is read for an opened profile before the admin says yes.
    localConsent: localUsesOf(draft, secrets).length ? localUsesOf(draft, secrets) : null,
    // An opened profile is complete: the admin may jump to any page (Apply still needs a passing Review),
    // including the dashboard of a cluster that already runs. Its steps show "not checked yet" until tested.
    step: 'servers', furthest: stepIndex('dashboard'),
  }),
  answerLocalSecrets: (allow) => set((s) => (allow
    ? { allowedLocal: (s.localConsent ?? []).map((u) => u.ref), localConsent: null }
    : { draft: withoutLocalRefs(s.draft), allowedLocal: [], localConsent: null })),
  goTo: (step) => set((s) => ({ step, furthest: Math.max(s.furthest, stepIndex(step)) })),
  next: () => {
    const i = Math.min(stepIndex(get().step) + 1, STEPS.length - 1);
    get().goTo(STEPS[i]!.id);
  },
  back: () => set((s) => ({ step: STEPS[Math.max(stepIndex(s.step) - 1, 0)]!.id })),
  reset: () => set({ ...initial(), appInfo: get().appInfo }),
  markSaved: () => set((s) => ({ baseline: hashOf(s.draft) })),
}));

/** The store's state outside React (actions, event handlers). */
export const wizard = () => useWizard.getState();
