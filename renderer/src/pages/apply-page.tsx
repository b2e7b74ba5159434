/**
 * Apply: confirm, then per-server progress from `apply.event` (backup, write, restart, healthy), a
 * live log, and the outcome from `apply.done`. After success: switch on high availability in the
 * product (the wizard links there; it never writes that switch).
 */
import {
  Body1, Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, MessageBar, MessageBarBody, Subtitle1, makeStyles, tokens,
} from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { PRODUCTS } from '../../../electron/shared/products';
import { PageFrame } from '../components/page-frame';
import { resetApply, startApply } from '../store/apply-actions';
import { useWizard } from '../store/wizard-store';
import { ApplyOutcome } from './apply/apply-outcome';
import { ApplyProgress } from './apply/apply-progress';
import { ApplyReports } from './apply/apply-reports';
import { ManualSteps } from './review/plan-view';
import { RecoverBar } from './recover/recover-bar';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  log: {
    margin: 0, padding: tokens.spacingHorizontalM, height: '14rem', overflow: 'auto', fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200,
    backgroundColor: tokens.colorNeutralBackground3, border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium,
    whiteSpace: 'pre-wrap', overflowWrap: 'anywhere',
  },
  warn: { color: tokens.colorPaletteDarkOrangeForeground1 },
  error: { color: tokens.colorPaletteRedForeground1 },
  steps: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
});

export default function ApplyPage() {
  const s = useStyles();
  const plan = useWizard((st) => st.plan.plan);
  const product = useWizard((st) => PRODUCTS[st.draft.product]);
  const apply = useWizard((st) => st.apply);
  const goTo = useWizard((st) => st.goTo);
  const [confirming, setConfirming] = useState(false);
  const logRef = useRef<HTMLDivElement>(null);

  // The log follows the newest line.
  useEffect(() => {
    logRef.current?.scrollTo({ top: logRef.current.scrollHeight });
  }, [apply.log.length]);

  if (!plan) {
    return (
      <PageFrame title="Apply" onSubmit={() => goTo('review')} primaryLabel="Back to review">
        <MessageBar intent="warning"><MessageBarBody>There is no reviewed plan yet: go back to Review first.</MessageBarBody></MessageBar>
      </PageFrame>
    );
  }
  const changing = plan.nodes.filter((n) => n.changed);
  const report = apply.report;
  const ok = report?.status === 'applied' || report?.status === 'nothing-to-do';
  const finished = apply.status === 'done' || apply.status === 'error';
  const primary = apply.status === 'running' ? 'Applying…' : ok ? 'Next: dashboard' : finished ? 'Back to review' : 'Apply changes…';
  const onPrimary = () => {
    if (ok) goTo('dashboard');
    else if (finished) {
      resetApply();
      goTo('review');
    } else setConfirming(true);
  };

  return (
    <PageFrame
      title="Apply"
      intro={`The wizard changes one server at a time: it backs up the ${product.name} configuration, writes the new one, restarts the service and waits until the server reports healthy before the next. If any step fails, every server it touched is restored from its backup.`}
      onSubmit={onPrimary}
      primaryLabel={primary}
      primaryDisabled={apply.status === 'running'}
      backDisabled={apply.status === 'running'}
    >
      <RecoverBar />
      {apply.status === 'idle' && (
        <section className={s.section}>
          <Body1>
            {plan.noChange ? 'Every server already has this configuration: applying changes nothing.'
              : `This changes ${changing.length} ${changing.length === 1 ? 'server' : 'servers'} (${changing.map((n) => n.id).join(', ')}), one at a time.`}
          </Body1>
        </section>
      )}
      {apply.status !== 'idle' && (
        <section className={s.section} aria-labelledby="progress">
          <Subtitle1 as="h2" id="progress">Progress</Subtitle1>
          {/* The outcome first (what is left, where, the steps); the table and the raw log below it. */}
          {finished && <ApplyOutcome report={report} error={apply.error} manualSteps={!ok} />}
          <ApplyProgress nodes={plan.nodes} steps={apply.steps} report={report} ended={finished} />
        </section>
      )}
      {ok && report && report.manualSteps.length > 0 && (
        <section className={s.section} aria-labelledby="manual">
          <Subtitle1 as="h2" id="manual">Now, by hand</Subtitle1>
          <Body1>The wizard does not switch high availability on itself: do it in {product.name}, then watch the dashboard.</Body1>
          <ManualSteps steps={report.manualSteps} />
        </section>
      )}
      {apply.status === 'done' && apply.report && apply.runId && <ApplyReports runId={apply.runId} />}
      {apply.log.length > 0 && (
        <section className={s.section} aria-labelledby="log">
          <Subtitle1 as="h2" id="log">Log</Subtitle1>
          <div ref={logRef} className={s.log} role="log" aria-live="polite" aria-labelledby="log" tabIndex={0}>
            {apply.log.map((l, i) => (
              <div key={i} className={l.level === 'error' ? s.error : l.level === 'warn' ? s.warn : undefined}>
                {new Date(l.at).toLocaleTimeString()} {l.level === 'info' ? '' : `[${l.level}] `}{l.message}
              </div>
            ))}
          </div>
        </section>
      )}
      {/* axe's aria-hidden-focus flags the dialog's focus-trap placeholders (<i data-tabster-dummy tabindex=0
          aria-hidden>): left as they are on purpose. Tabster hands focus on the instant one gets it, so no
          one lands there, and without them Tab would leave the modal; Fluent calls it by design
          (fluentui#27517, tabster#288) and Accessibility Insights excludes exactly these nodes. */}
      {/* An alert dialog: a click on its backdrop does not close it. The second click of a double-click on
          "Apply changes…" lands on that backdrop, and closed the confirmation the first click had just opened. */}
      <Dialog modalType="alert" open={confirming} onOpenChange={(_, d) => setConfirming(d.open)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>Apply the changes?</DialogTitle>
            <DialogContent>
              <Body1 block>
                {plan.noChange ? 'Nothing needs to change; applying only confirms that.'
                  : `This changes ${changing.length} ${changing.length === 1 ? 'server' : 'servers'}, one at a time: each is backed up, its configuration written, its ${product.name} service restarted, and it must report healthy before the next. Users of a restarting server are sent to the others by the load balancer.`}
              </Body1>
              <ol className={s.steps}>{changing.map((n) => <li key={n.id}><Body1>{n.id} ({n.host})</Body1></li>)}</ol>
            </DialogContent>
            <DialogActions>
              <Button onClick={() => setConfirming(false)}>Cancel</Button>
              <Button appearance="primary" onClick={() => { setConfirming(false); startApply(); }}>Apply</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </PageFrame>
  );
}
