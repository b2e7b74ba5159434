/**
 * A server tile's actions (issue 13): its state at the load balancer, take it out of rotation or put it
 * back, remove it from the cluster, and what its last drain or resume answered.
 */
import { Badge, Button, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowEnter20Regular, ArrowExit20Regular, Delete20Regular } from '@fluentui/react-icons';
import { openRemove, setRotation, useNodeActions } from '../../store/node-actions';
import { useUpgradeRunning } from '../../store/upgrade-flow';
import { inRotation, memberLabel } from './balancer-words';
import { RotationNote } from './dashboard-actions';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, paddingTop: tokens.spacingVerticalS },
  line: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap' },
});

const TONE = { ready: 'success', drain: 'warning', maint: 'warning', down: 'danger', unknown: 'informative' } as const;

export function NodeRotation({ id }: { id: string }) {
  const s = useStyles();
  const member = useNodeActions((st) => st.balancer.answer?.members.find((m) => m.node === id));
  const busy = useNodeActions((st) => st.rotation?.status === 'running' && st.rotation.node === id);
  const removing = useNodeActions((st) => st.remove.apply.status === 'running');
  // The upgrade drains, stops and resumes servers itself (the note above the tiles says so).
  const upgrading = useUpgradeRunning();
  const rotation = useNodeActions((st) => (st.rotation?.node === id ? st.rotation : null));
  const out = !inRotation(member);
  const toggle = busy ? 'Asking the balancer…' : out ? 'Put back in rotation' : 'Take out of rotation';
  // Each name starts with the words shown, then says which server (axe: label-content-name-mismatch).
  const named = (text: string) => `${text} (${id})`;
  return (
    <div className={s.root} data-testid={`node-actions-${id}`}>
      <div className={s.line}>
        <Caption1>Load balancer:</Caption1>
        {member ? <Badge appearance="tint" color={TONE[member.state]} data-testid={`balancer-state-${id}`}>{memberLabel(member)}</Badge> : <Caption1>not read</Caption1>}
      </div>
      <div className={s.buttons}>
        <Button size="small" disabled={busy || upgrading} icon={out ? <ArrowEnter20Regular /> : <ArrowExit20Regular />}
          onClick={() => void setRotation(id, out ? 'resume' : 'drain')} aria-label={named(toggle)}>
          {toggle}
        </Button>
        <Button size="small" appearance="subtle" disabled={removing || upgrading} icon={<Delete20Regular />} onClick={() => openRemove(id)} aria-label={named('Remove from the cluster…')}>
          Remove from the cluster…
        </Button>
      </div>
      {rotation && <RotationNote r={rotation} />}
    </div>
  );
}
