/**
 * The wizard survives a reload: what the admin entered (the draft, the page, the host keys accepted,
 * the local secrets allowed) and which runs it was following are kept in sessionStorage (this window
 * only, gone when it closes). Secrets are NEVER kept, by structure: `secrets` is not written at all, a
 * password typed into the connection string is cut out of it, and a profile's encrypted references are
 * dropped; the plan is not kept either (the engine keeps it: `plan.get`). What had a value is listed by key only (`retype`), so the wizard can say what to type again.
 */
import { passwordSpans } from '../../../electron/shared/connection-string/connection-string-tokens';
import type { SecretRef } from '../../../electron/shared/profile';
import { SECRET, emptyBalancerAccess, type BalancerAccessDraft, type Draft, type NodeDraft } from './draft-types';
import type { CheckRunState, RunScope } from './run-types';
import { STEPS, type StepId } from './steps';
import type { WizardState } from './wizard-store';

export const SESSION_KEY = 'ha-wizard.session.v1';

/** A check run as kept across a reload: enough to ask the engine for it again (`run.get`). */
export type RunRef = Pick<CheckRunState, 'runId' | 'inputKey' | 'expected' | 'startedAt'>;

export interface SavedSession {
  v: 1;
  draft: Draft;
  step: StepId;
  furthest: number;
  acceptedHostKeys: Record<string, string>;
  allowedLocal: WizardState['allowedLocal'];
  /** Secret keys that had a value (never the value): the admin types these again. */
  retype: string[];
  runs: Partial<Record<RunScope, RunRef>>;
  applyRunId: string | null;
  plan: { planId: string; inputKey: string } | null;
  baseline: string;
}

/**
 * The connection string without any password: cut from the first password key to the end. While the
 * admin types `;Password=…` the grammar may read only part of what they mean as the value (an unquoted
 * `;` ends it), so everything from that key on is dropped, not just the value as read; the keys before
 * it are kept as typed. (A complete password is lifted into the Password field as it is typed, so a
 * kept draft rarely had one.)
 */
export function withoutPassword(text: string): { text: string; had: boolean } {
  const first = passwordSpans(text)[0];
  if (!first) return { text, had: false };
  // The segment holding the key starts after the last `;` before its value.
  const segmentStart = text.lastIndexOf(';', first[0] - 1) + 1;
  return { text: text.slice(0, segmentStart).replace(/;+\s*$/, ''), had: true };
}

/** An encrypted reference is a form of the secret: not kept (it is typed again); env, file and prompt names are kept. */
const keptRef = (r: SecretRef | undefined): SecretRef | undefined => (r && !('encrypted' in r) ? r : undefined);

function strippedNode(n: NodeDraft, retype: Set<string>): NodeDraft {
  const { passwordRef, passphraseRef, ...rest } = n;
  if (passwordRef && !keptRef(passwordRef)) retype.add(SECRET.ssh(n.key));
  if (passphraseRef && !keptRef(passphraseRef)) retype.add(SECRET.passphrase(n.key));
  const pw = keptRef(passwordRef);
  const pp = keptRef(passphraseRef);
  return { ...rest, ...(pw ? { passwordRef: pw } : {}), ...(pp ? { passphraseRef: pp } : {}) };
}

/** The balancer's SSH sign-in, kept like a node's: no encrypted reference. */
function strippedAccess(a: BalancerAccessDraft, retype: Set<string>): BalancerAccessDraft {
  const { passwordRef, passphraseRef, ...rest } = a;
  if (passwordRef && !keptRef(passwordRef)) retype.add(SECRET.balancerSsh);
  if (passphraseRef && !keptRef(passphraseRef)) retype.add(SECRET.balancerPassphrase);
  const pw = keptRef(passwordRef);
  const pp = keptRef(passphraseRef);
  return { ...rest, ...(pw ? { passwordRef: pw } : {}), ...(pp ? { passphraseRef: pp } : {}) };
}

/** The draft as it may be kept: same fields, no secret and no encrypted form of one. */
export function keepableDraft(draft: Draft, retype: Set<string>): Draft {
  const cs = withoutPassword(draft.database.connectionString);
  if (cs.had) retype.add(SECRET.db);
  const { passwordRef: dbRef, ...database } = draft.database;
  if (dbRef && !keptRef(dbRef)) retype.add(SECRET.db);
  const { apiKeyRef, encryption: { keyRef, ...encryption }, balancerAccess, ...rest } = draft;
  if (apiKeyRef && !keptRef(apiKeyRef)) retype.add(SECRET.apiKey);
  if (keyRef && !keptRef(keyRef)) retype.add(SECRET.encryptionKey);
  const api = keptRef(apiKeyRef);
  const key = keptRef(keyRef);
  const dbKept = keptRef(dbRef);
  return {
    ...rest,
    ...(api ? { apiKeyRef: api } : {}),
    encryption: { ...encryption, ...(key ? { keyRef: key } : {}) },
    database: { ...database, connectionString: cs.text, ...(dbKept ? { passwordRef: dbKept } : {}) },
    nodes: draft.nodes.map((n) => strippedNode(n, retype)),
    // A session kept before this field existed has none.
    balancerAccess: strippedAccess(balancerAccess ?? emptyBalancerAccess(), retype),
  };
}

export function sessionOf(s: WizardState, baseline: string): SavedSession {
  const retype = new Set(Object.keys(s.secrets).filter((k) => s.secrets[k]));
  const draft = keepableDraft(s.draft, retype);
  const runs: Partial<Record<RunScope, RunRef>> = {};
  for (const [scope, r] of Object.entries(s.runs) as [RunScope, CheckRunState][]) {
    runs[scope] = { runId: r.runId, inputKey: r.inputKey, expected: r.expected, startedAt: r.startedAt };
  }
  return {
    v: 1, draft, step: s.step, furthest: s.furthest, acceptedHostKeys: s.acceptedHostKeys, allowedLocal: s.allowedLocal,
    retype: [...retype].sort(), runs, applyRunId: s.apply.runId,
    plan: s.plan.status === 'ready' && s.plan.planId ? { planId: s.plan.planId, inputKey: s.plan.inputKey } : null,
    baseline,
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** What was kept, or null (nothing kept, another version, or unreadable: the wizard starts fresh). */
export function readSession(storage: Storage): SavedSession | null {
  try {
    const raw = storage.getItem(SESSION_KEY);
    if (!raw) return null;
    const parsed: unknown = JSON.parse(raw);
    if (!isRecord(parsed) || parsed.v !== 1 || !isRecord(parsed.draft) || !STEPS.some((st) => st.id === parsed.step)) return null;
    // Our own write, read back from this window's own storage: its shape is the one sessionOf wrote.
    return parsed as unknown as SavedSession;
  } catch {
    return null;
  }
}

export function writeSession(storage: Storage, session: SavedSession): void {
  try {
    storage.setItem(SESSION_KEY, JSON.stringify(session));
  } catch {
    // A full or refused storage only loses the reload convenience, never the work in this window.
  }
}

/** Words for a secret key, for "type these again". */
export function secretLabel(key: string, draft: Draft): string {
  const node = (k: string) => {
    const n = draft.nodes.find((x) => x.key === k);
    return n?.host.trim() || n?.id.trim() || 'a server';
  };
  if (key.startsWith('ssh-passphrase:')) return `the key passphrase for ${node(key.slice('ssh-passphrase:'.length))}`;
  if (key.startsWith('ssh:')) return `the password for ${node(key.slice('ssh:'.length))}`;
  if (key === SECRET.db) return 'the database password';
  if (key === SECRET.apiKey) return 'the API key';
  if (key === SECRET.encryptionKey) return 'the encryption key';
  if (key === SECRET.balancerSsh) return 'the password for the load balancer’s host';
  if (key === SECRET.balancerPassphrase) return 'the key passphrase for the load balancer’s host';
  return 'a password';
}
