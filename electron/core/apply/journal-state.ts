/** What an unfinished journal says: per node, what was done to it and with which backup; and the notice. */
import type { BeginRecord, EndRecord, JournalRecord, StepRecord } from './journal';

export interface JournalNode {
  id: string;
  path: string;
  /** The first backup the journal names for the node: the file as it was before any apply (null: it did not exist). */
  backupPath: string | null;
  backupSha256: string | null;
  /** A write was started: the file may be new. */
  wrote: boolean;
  /** A restart was started: the service may run the new file. */
  restarted: boolean;
  /** Reported healthy after its last write. */
  healthyAfterWrite: boolean;
}

export interface JournalState {
  begin: BeginRecord | null;
  last: StepRecord | null;
  end: EndRecord | null;
  /** Nodes in the order apply first touched them. */
  nodes: JournalNode[];
  /** Settings the API was asked to set, in the order it was asked. */
  settings: string[];
  /**
   * Their values before any apply (null: none), where the journal has them: its first 'about' record
   * per setting decides (a later apply's would hold the value an earlier one set); a first record
   * without one (an older wizard, or the value could not be read) leaves the setting out.
   */
  settingsBefore: Record<string, string | null>;
}

export function journalState(records: JournalRecord[]): JournalState {
  const nodes = new Map<string, JournalNode>();
  const settings = new Set<string>();
  const settingsBefore: Record<string, string | null> = {};
  let begin: BeginRecord | null = null;
  let last: StepRecord | null = null;
  let end: EndRecord | null = null;
  for (const r of records) {
    if (r.type === 'begin') {
      begin ??= r;
      end = null;
      continue;
    }
    if (r.type === 'end') {
      end = r;
      continue;
    }
    last = r;
    if (r.step === 'settings' && r.status === 'about') {
      const name = r.setting ?? 'a setting';
      if (!settings.has(name) && r.setting !== undefined && r.previous !== undefined) settingsBefore[name] = r.previous;
      settings.add(name);
    }
    if (!r.nodeId || r.step === 'rollback' || r.step === 'settings' || r.path === undefined) continue;
    let n = nodes.get(r.nodeId);
    if (!n) {
      n = { id: r.nodeId, path: r.path, backupPath: r.backupPath ?? null, backupSha256: r.backupSha256 ?? null, wrote: false, restarted: false, healthyAfterWrite: false };
      nodes.set(r.nodeId, n);
    }
    if (r.step === 'write' && r.status === 'about') {
      n.wrote = true;
      n.healthyAfterWrite = false;
    }
    if (r.step === 'restart' && r.status === 'about') n.restarted = true;
    if (r.step === 'wait-healthy' && r.status === 'done') n.healthyAfterWrite = true;
  }
  return { begin, last, end, nodes: [...nodes.values()], settings: [...settings], settingsBefore };
}

/** The notice every command gives first: which step on which node, when. */
export function describeJournal(s: JournalState, file: string): string {
  const when = s.last?.at ?? s.begin?.at ?? 'an unknown time';
  const what = s.last ? `${s.last.step} ${s.last.status === 'about' ? 'had started' : s.last.status}${s.last.nodeId ? ` on ${s.last.nodeId}` : ''}` : 'before its first step';
  const head = s.end && !s.end.done
    ? `An apply to this cluster failed and its rollback did not finish (${s.end.status}); its last step: ${what}, at ${when}.`
    : `An apply to this cluster was cut short: its last step: ${what}, at ${when}.`;
  const touched = s.nodes.filter((n) => n.wrote).map((n) => `${n.id}${n.healthyAfterWrite ? ' (new file, healthy)' : n.restarted ? ' (new file, restart not confirmed)' : ' (file maybe new, not restarted)'}`);
  return [
    head,
    `  changed: ${touched.length ? touched.join(', ') : 'no configuration file yet'}${s.settings.length ? `; settings asked: ${s.settings.join(', ')}` : ''}`,
    `  journal: ${file}`,
    `  ha-wizard recover --profile <file> --rollback  restores every changed server from its backup and restarts it${s.settings.length ? ', and sets the settings back' : ''};`,
    '  ha-wizard recover --profile <file> --finish    makes a new plan, shows it, and applies it (with --yes).',
  ].join('\n');
}
