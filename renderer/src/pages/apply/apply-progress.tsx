/** Per-server progress while applying: backup, write, (out of rotation,) restart, healthy, (back in rotation,) and rollback when it happens. */
import { Badge, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Tooltip, makeStyles } from '@fluentui/react-components';
import { Circle16Regular } from '@fluentui/react-icons';
import { StatusBadge } from '../../components/status-badge';
import type { ApplyReport, ApplyStepName, StepProgress } from '../../store/run-types';

const useStyles = makeStyles({
  waiting: { display: 'inline-flex', alignItems: 'center', gap: '4px' },
  // Columns as wide as their content (Fluent's fixed layout gave seven equal columns and cut the outcome at 1024 px).
  table: { tableLayout: 'auto' },
});

type Column = { step: ApplyStepName; label: string; also?: ApplyStepName };
const COLUMNS: Column[] = [
  { step: 'backup', label: 'Backup' }, { step: 'write', label: 'Write' }, { step: 'restart', label: 'Restart' }, { step: 'wait-healthy', label: 'Healthy' },
];
/** Behind a balancer the wizard drives: out of rotation (drained, then idle) before the restart, back in after. */
const BALANCER_COLUMNS: Column[] = [
  { step: 'backup', label: 'Backup' }, { step: 'write', label: 'Write' }, { step: 'wait-drained', also: 'drain', label: 'Out of rotation' },
  { step: 'restart', label: 'Restart' }, { step: 'wait-healthy', label: 'Healthy' }, { step: 'resume', label: 'Back in rotation' },
];
const OUTCOME: Record<ApplyReport['nodes'][number]['result'], { label: string; color: 'success' | 'informative' | 'warning' | 'danger' }> = {
  changed: { label: 'Applied', color: 'success' }, unchanged: { label: 'No change needed', color: 'informative' }, untouched: { label: 'Not touched', color: 'informative' },
  restored: { label: 'Restored from backup', color: 'warning' }, 'rollback-failed': { label: 'Rollback failed', color: 'danger' },
};

function Cell({ p, skipped, ended }: { p: StepProgress | undefined; skipped?: boolean; ended: boolean }) {
  const s = useStyles();
  if (!p && skipped) return <span className={s.waiting}>Not needed</span>;
  // After the run nothing is waiting any more: a step never started was not reached.
  if (!p && ended) return <span className={s.waiting}>Not reached</span>;
  if (!p) return <span className={s.waiting}><Circle16Regular aria-hidden />Waiting</span>;
  const body = p.status === 'started' ? <Spinner size="extra-tiny" label="Running" /> : <StatusBadge status={p.status === 'done' ? 'pass' : 'fail'} label={p.status === 'done' ? 'Done' : 'Failed'} />;
  return p.detail ? <Tooltip content={p.detail} relationship="description">{<span tabIndex={0}>{body}</span>}</Tooltip> : body;
}

interface Props {
  nodes: { id: string; changed: boolean }[];
  steps: Record<string, Partial<Record<ApplyStepName, StepProgress>>>;
  report: ApplyReport | null;
  /** The run is over (a report, or an error without one). */
  ended: boolean;
}

export function ApplyProgress({ nodes, steps, report, ended }: Props) {
  const s = useStyles();
  const rollback = Object.values(steps).some((s) => s.rollback);
  const settings = steps['']?.settings;
  const columns = Object.values(steps).some((x) => x.drain) ? BALANCER_COLUMNS : COLUMNS;
  // The wait after a drain shows once it starts; until then (or when the drain itself failed) the drain.
  const progress = (id: string, c: Column) => steps[id]?.[c.step] ?? (c.also ? steps[id]?.[c.also] : undefined);
  return (
    <Table size="small" aria-label="Progress per server" className={s.table}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Server</TableHeaderCell>
          {columns.map((c) => <TableHeaderCell key={c.step}>{c.label}</TableHeaderCell>)}
          {rollback && <TableHeaderCell>Rollback</TableHeaderCell>}
          {report && <TableHeaderCell>Outcome</TableHeaderCell>}
        </TableRow>
      </TableHeader>
      <TableBody>
        {nodes.map((n) => {
          const outcome = report?.nodes.find((x) => x.id === n.id);
          return (
            <TableRow key={n.id} data-testid={`apply-node-${n.id}`}>
              <TableCell>{n.id}{!n.changed && ' (no change)'}</TableCell>
              {columns.map((c) => <TableCell key={c.step}><Cell p={progress(n.id, c)} skipped={!n.changed} ended={ended} /></TableCell>)}
              {rollback && <TableCell><Cell p={steps[n.id]?.rollback} skipped={!n.changed || !!report} ended={ended} /></TableCell>}
              {report && <TableCell>{outcome && <Badge appearance="tint" color={OUTCOME[outcome.result].color}>{OUTCOME[outcome.result].label}</Badge>}</TableCell>}
            </TableRow>
          );
        })}
        {settings && (
          <TableRow>
            <TableCell>Database settings</TableCell>
            <TableCell colSpan={columns.length + (rollback ? 1 : 0) + (report ? 1 : 0)}><Cell p={settings} ended={ended} /></TableCell>
          </TableRow>
        )}
      </TableBody>
    </Table>
  );
}
