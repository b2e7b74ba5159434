/**
 * The dashboard's actions on one server (issue 13): its state at the load balancer (`balancer.members`),
 * taking it out of rotation and back (`node.drain` / `node.resume`), adding one (`node.checkAdd`,
 * `node.planAdd`, `apply.start`) and removing one (`node.remove`). Its own small store: what these flows
 * hold never touches the draft until an apply succeeded (then the draft gains or loses the server).
 */
import { create } from 'zustand';
import type { BalancerAnswer, CallOutput } from '../../../electron/shared/contract';
import { call, errorText, newRunId, on } from '../api';
import { markApplied } from './after-apply';
import { fold } from './apply-actions';
import { SECRET, draftNodeId, emptyNode, type NodeDraft } from './draft-types';
import { startWatch } from './health-actions';
import { toProfile } from './profile-mapping';
import { IDLE_APPLY, type ApplyState, type CheckResult } from './run-types';
import { useWizard, wizard } from './wizard-store';

export type AddStage = 'edit' | 'check' | 'plan' | 'apply';

export interface AddCheck { runId: string; status: 'running' | 'done' | 'error'; results: CheckResult[]; error: string | null }

export interface AddPlan {
  status: 'idle' | 'loading' | 'ready' | 'error';
  answer: CallOutput<'node.planAdd'> | null;
  error: string | null;
}

export interface AddFlow {
  open: boolean;
  stage: AddStage;
  /** The server being added: outside the draft until its apply succeeded. */
  node: NodeDraft;
  /** Its password or passphrase, under the node's local secret keys. */
  secrets: Record<string, string>;
  check: AddCheck | null;
  leaveDataBehind: boolean;
  plan: AddPlan;
  apply: ApplyState;
}

export interface RemoveFlow {
  open: boolean;
  node: string | null;
  drainMinutes: number;
  apply: ApplyState;
}

export interface RotationResult {
  node: string;
  action: 'drain' | 'resume';
  status: 'running' | 'done' | 'error';
  answer: BalancerAnswer | null;
  error: string | null;
}

export interface NodeActionsState {
  balancer: { status: 'idle' | 'loading' | 'ready' | 'error'; answer: BalancerAnswer | null; error: string | null };
  rotation: RotationResult | null;
  add: AddFlow;
  remove: RemoveFlow;
}

const IDLE_PLAN: AddPlan = { status: 'idle', answer: null, error: null };

/** A new server is offered like the cluster's last one (OS, port, paths), as the Servers page does. */
function freshCandidate(): NodeDraft {
  const last = wizard().draft.nodes.at(-1);
  return last ? { ...emptyNode(last.os), port: last.port, configPath: last.configPath, serviceCommand: last.serviceCommand } : emptyNode();
}

const initial = (): NodeActionsState => ({
  balancer: { status: 'idle', answer: null, error: null },
  rotation: null,
  add: { open: false, stage: 'edit', node: emptyNode(), secrets: {}, check: null, leaveDataBehind: false, plan: IDLE_PLAN, apply: IDLE_APPLY },
  remove: { open: false, node: null, drainMinutes: 5, apply: IDLE_APPLY },
});

export const useNodeActions = create<NodeActionsState>()(() => initial());
const state = () => useNodeActions.getState();
const setAdd = (f: (a: AddFlow) => Partial<AddFlow>) => useNodeActions.setState((s) => ({ add: { ...s.add, ...f(s.add) } }));
const setRemove = (f: (r: RemoveFlow) => Partial<RemoveFlow>) => useNodeActions.setState((s) => ({ remove: { ...s.remove, ...f(s.remove) } }));

export function resetNodeActions(): void {
  useNodeActions.setState(initial());
}

/** What every call that reaches the servers carries: the cluster as it runs, the typed secrets, allowed files, accepted keys. */
function reach() {
  const s = wizard();
  const { profile, secrets } = toProfile(s.draft, s.secrets);
  return { profile, secrets, allowLocalSecrets: s.allowedLocal, acceptedHostKeys: s.acceptedHostKeys };
}

/** The cluster plus the candidate: the candidate's profile entry and its secrets (under its node id's prompt keys). */
function candidateInput() {
  const s = wizard();
  const { node, secrets: own } = state().add;
  const both = toProfile({ ...s.draft, nodes: [...s.draft.nodes, node] }, { ...s.secrets, ...own });
  const cluster = toProfile(s.draft, s.secrets);
  return {
    profile: cluster.profile, node: both.profile.nodes.at(-1)!, secrets: both.secrets,
    allowLocalSecrets: s.allowedLocal, acceptedHostKeys: s.acceptedHostKeys,
  };
}

// --- the balancer ---

export async function loadMembers(): Promise<void> {
  useNodeActions.setState((s) => ({ balancer: { ...s.balancer, status: 'loading' } }));
  try {
    const answer = await call('balancer.members', reach());
    useNodeActions.setState({ balancer: { status: 'ready', answer, error: null } });
  } catch (e) {
    useNodeActions.setState({ balancer: { status: 'error', answer: null, error: errorText(e) } });
  }
}

/** Takes `node` out of rotation or puts it back; a balancer the wizard cannot drive answers with the steps to run there. */
export async function setRotation(node: string, action: 'drain' | 'resume'): Promise<void> {
  useNodeActions.setState({ rotation: { node, action, status: 'running', answer: null, error: null } });
  try {
    const answer = await call(action === 'drain' ? 'node.drain' : 'node.resume', { ...reach(), node });
    useNodeActions.setState(() => ({
      rotation: { node, action, status: 'done', answer, error: null },
      // What the balancer said after the change is its state now.
      ...(answer.driven ? { balancer: { status: 'ready', answer, error: null } } : {}),
    }));
  } catch (e) {
    useNodeActions.setState({ rotation: { node, action, status: 'error', answer: null, error: errorText(e) } });
  }
}

export function dismissRotation(): void {
  useNodeActions.setState({ rotation: null });
}

// --- adding a server ---

export function openAdd(): void {
  if (state().add.apply.status === 'running') return setAdd(() => ({ open: true }));
  setAdd(() => ({ ...initial().add, open: true, node: freshCandidate() }));
}

export function closeAdd(): void {
  // A running apply goes on; the dialog opens again on it.
  setAdd(() => ({ open: false }));
}

export function updateCandidate(patch: Partial<NodeDraft>): void {
  setAdd((a) => ({ node: { ...a.node, ...patch }, check: null, plan: IDLE_PLAN }));
}

export function setCandidateSecret(key: string, value: string): void {
  setAdd((a) => {
    const secrets = { ...a.secrets };
    if (value) secrets[key] = value;
    else delete secrets[key];
    return { secrets };
  });
}

export function backToEdit(): void {
  setAdd(() => ({ stage: 'edit' }));
}

/** Checks the candidate (its own checks and the cluster checks it affects); resolves when the run ended. */
export function checkCandidate(): Promise<void> {
  const runId = newRunId('addcheck');
  setAdd(() => ({ stage: 'check', check: { runId, status: 'running', results: [], error: null }, plan: IDLE_PLAN }));
  const patch = (f: (c: AddCheck) => Partial<AddCheck>) => setAdd((a) => (a.check?.runId === runId ? { check: { ...a.check, ...f(a.check) } } : {}));
  return new Promise((resolve) => {
    const offEvent = on('checks.event', (p) => {
      if (p.runId !== runId || p.event.type !== 'check-finished') return;
      const r = p.event.result;
      patch((c) => ({ results: [...c.results.filter((x) => !(x.id === r.id && x.target === r.target)), r] }));
    });
    const offDone = on('checks.done', (p) => {
      if (p.runId !== runId) return;
      end(p.ok ? { status: 'done', results: p.output.results } : { status: 'error', error: p.error });
    });
    function end(f: Partial<AddCheck>) {
      offEvent();
      offDone();
      patch(() => f);
      resolve();
    }
    call('node.checkAdd', { runId, ...candidateInput() }).catch((e: unknown) => end({ status: 'error', error: errorText(e) }));
  });
}

/** The admin trusted the candidate's host key (compared with the server's own): pinned on it, then checked again. */
export function trustCandidateKey(hostPort: string, fingerprint: string): Promise<void> {
  wizard().acceptHostKey(hostPort, fingerprint);
  setAdd((a) => ({ node: { ...a.node, hostKeyFingerprint: fingerprint } }));
  return checkCandidate();
}

/** The admin's answer to a refusal: plan again with (or without) leaving the server's own data behind. */
export function setLeaveDataBehind(leave: boolean): Promise<void> {
  setAdd(() => ({ leaveDataBehind: leave }));
  return planCandidate();
}

export async function planCandidate(): Promise<void> {
  setAdd(() => ({ stage: 'plan', plan: { status: 'loading', answer: null, error: null } }));
  const leaveDataBehind = state().add.leaveDataBehind;
  try {
    const answer = await call('node.planAdd', { ...candidateInput(), leaveDataBehind });
    setAdd(() => ({ plan: { status: 'ready', answer, error: null } }));
  } catch (e) {
    setAdd(() => ({ plan: { status: 'error', answer: null, error: errorText(e) } }));
  }
}

/** Follows one apply run's events into `apply` of the flow `patch` writes to; `onDone` after its end. */
function follow(runId: string, patch: (f: (a: ApplyState) => Partial<ApplyState>) => void, onDone: (ok: boolean) => void) {
  const offEvent = on('apply.event', (p) => {
    if (p.runId === runId) patch((a) => fold(a, p.event));
  });
  const offDone = on('apply.done', (p) => {
    if (p.runId !== runId) return;
    stop();
    patch(() => (p.ok ? { status: 'done', report: p.report, error: null } : { status: 'error', report: null, error: p.error }));
    markApplied(p.ok ? p.report : null);
    onDone(p.ok && p.report.status === 'applied');
  });
  function stop() {
    offEvent();
    offDone();
  }
  return stop;
}

export async function applyCandidate(): Promise<void> {
  const planId = state().add.plan.answer?.planId;
  if (!planId || state().add.apply.status === 'running') return;
  const runId = newRunId('addnode');
  setAdd(() => ({ stage: 'apply', apply: { ...IDLE_APPLY, status: 'running', runId } }));
  const patch = (f: (a: ApplyState) => Partial<ApplyState>) => setAdd((a) => (a.apply.runId === runId ? { apply: { ...a.apply, ...f(a.apply) } } : {}));
  const stop = follow(runId, patch, (ok) => {
    if (ok) adopt();
  });
  const { secrets, allowLocalSecrets } = candidateInput();
  try {
    await call('apply.start', { runId, planId, secrets, allowLocalSecrets, healthTimeoutSeconds: 120 });
  } catch (e) {
    stop();
    patch(() => ({ status: 'error', error: errorText(e) }));
  }
}

/** After a successful apply the draft gains the server (and its typed secrets), and the dashboard watches it too. */
function adopt(): void {
  const { node, secrets } = state().add;
  const st = wizard();
  useWizard.setState((s) => ({ draft: { ...s.draft, nodes: [...s.draft.nodes, node] } }));
  for (const key of [SECRET.ssh(node.key), SECRET.passphrase(node.key)]) if (secrets[key]) st.setSecret(key, secrets[key]);
  void startWatch(5);
  void loadMembers();
}

// --- removing a server ---

export function openRemove(node: string): void {
  if (state().remove.apply.status === 'running') return setRemove(() => ({ open: true }));
  setRemove(() => ({ open: true, node, drainMinutes: 5, apply: IDLE_APPLY }));
}

export function closeRemove(): void {
  setRemove(() => ({ open: false }));
}

export function setDrainMinutes(minutes: number): void {
  setRemove(() => ({ drainMinutes: minutes }));
}

export async function removeNode(): Promise<void> {
  const { node, drainMinutes, apply } = state().remove;
  if (!node || apply.status === 'running') return;
  const runId = newRunId('removenode');
  setRemove(() => ({ apply: { ...IDLE_APPLY, status: 'running', runId } }));
  const patch = (f: (a: ApplyState) => Partial<ApplyState>) => setRemove((r) => (r.apply.runId === runId ? { apply: { ...r.apply, ...f(r.apply) } } : {}));
  const stop = follow(runId, patch, (ok) => {
    if (!ok) return;
    // The draft loses the server (and its secrets) only now that it is out.
    const gone = wizard().draft.nodes.find((n) => draftNodeId(n) === node);
    if (gone) wizard().removeNode(gone.key);
    void startWatch(5);
    void loadMembers();
  });
  try {
    await call('node.remove', { ...reach(), runId, node, drainTimeoutSeconds: Math.round(drainMinutes * 60) });
  } catch (e) {
    stop();
    patch(() => ({ status: 'error', error: errorText(e) }));
  }
}
