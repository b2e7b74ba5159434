/**
 * "Remove from the cluster…" (issue 13): says what happens to the server, in order, lets the admin set how
 * long to wait for it to drain, refuses the last healthy server, then follows `node.remove`'s steps to
 * the outcome. The draft loses the server only after it is out (node-actions.ts).
 */
import {
  Body1, Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Spinner,
  makeStyles, tokens,
} from '@fluentui/react-components';
import { closeRemove, removeNode, setDrainMinutes, useNodeActions } from '../../store/node-actions';
import { useProduct } from '../../store/use-product';
import { useWizard } from '../../store/wizard-store';
import { ApplyOutcome, WithSteps } from '../apply/apply-outcome';
import { OperationSteps } from './operation-steps';

const useStyles = makeStyles({
  surface: { width: 'min(44rem, 94vw)', maxWidth: 'min(44rem, 94vw)' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  minutes: { maxWidth: '14rem' },
});

const MAX_MINUTES = 60;

export function RemoveServerDialog() {
  const s = useStyles();
  const product = useProduct();
  const { open, node, drainMinutes, apply } = useNodeActions((st) => st.remove);
  const id = node ?? '';
  // The last healthy server is never removed: the cluster would serve nothing.
  const othersHealthy = useWizard((st) => st.health.snapshot?.nodes.filter((n) => n.id !== id && n.state === 'healthy').length ?? null);
  const last = othersHealthy === 0;
  const running = apply.status === 'running';
  const ended = apply.status === 'done' || apply.status === 'error';
  const removed = apply.report?.status === 'applied';
  const badMinutes = !(drainMinutes >= 0 && drainMinutes <= MAX_MINUTES);
  const started = apply.status !== 'idle';
  return (
    <Dialog open={open} modalType={running ? 'alert' : 'modal'} onOpenChange={(_, d) => !d.open && closeRemove()}>
      <DialogSurface className={s.surface} aria-describedby="remove-server-what">
        <DialogBody>
          <DialogTitle>Remove {id} from the cluster?</DialogTitle>
          <DialogContent className={s.content}>
            <Body1 id="remove-server-what">The other servers keep serving throughout. In order:</Body1>
            <ol className={s.list}>
              <li><Body1>The load balancer stops sending {id} new requests.</Body1></li>
              <li><Body1>The wizard waits until {id} serves nothing, up to {badMinutes ? '…' : drainMinutes} {drainMinutes === 1 ? 'minute' : 'minutes'}.</Body1></li>
              <li><Body1>The {product.name} service on {id} is stopped.</Body1></li>
              <li><Body1>{id} is taken out of the load balancer’s configuration.</Body1></li>
              <li><Body1>Its configuration file stays on it as a backup; nothing is deleted.</Body1></li>
            </ol>
            {!started && (
              <Field className={s.minutes} label="Wait for it to drain at most (minutes)" validationState={badMinutes ? 'error' : 'none'}
                validationMessage={badMinutes ? `A number from 0 to ${MAX_MINUTES}` : undefined}>
                <Input type="number" min={0} max={MAX_MINUTES} value={Number.isNaN(drainMinutes) ? '' : String(drainMinutes)} onChange={(_, d) => setDrainMinutes(d.value === '' ? NaN : Number(d.value))} />
              </Field>
            )}
            {last && !started && (
              <MessageBar intent="error" layout="multiline" data-testid="remove-last-refused">
                <MessageBarBody><MessageBarTitle>{id} is the last healthy server</MessageBarTitle>Removing it would leave the cluster with no server that works. Bring another server back to health first.</MessageBarBody>
              </MessageBar>
            )}
            {started && <OperationSteps apply={apply} label={`Removing ${id}`} />}
            {running && <Spinner size="small" label={`Removing ${id}…`} labelPosition="after" />}
            {ended && (removed
              ? <WithSteps steps={apply.report?.manualSteps ?? []}><MessageBar intent="success" layout="multiline" role="status" data-testid="remove-outcome"><MessageBarBody><MessageBarTitle>{id} is no longer part of the cluster.</MessageBarTitle>Its service is stopped and the load balancer no longer knows it. Its configuration is kept on it as a backup.</MessageBarBody></MessageBar></WithSteps>
              : <ApplyOutcome report={apply.report} error={apply.error} />)}
          </DialogContent>
          <DialogActions>
            {!started && <Button onClick={closeRemove}>Cancel</Button>}
            {!started && <Button appearance="primary" disabled={last || badMinutes || !node} onClick={() => void removeNode()}>Remove {id}</Button>}
            {started && <Button appearance="primary" disabled={running} onClick={closeRemove}>Back to the dashboard</Button>}
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
