/**
 * "Upgrade…" (issue 14): the whole cluster to a new product version, in four stages in one dialog:
 * the choices, the preflight (failures block going on), the plan to review (started deliberately), and the
 * run with its outcome. While it runs the dialog is an alert: Escape or "Hide…" asks first, and hiding it
 * leaves the run going (its state is in upgrade-flow.ts, not here). Focus moves to each stage's heading.
 */
import {
  Body1, Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, MessageBar, MessageBarBody, Spinner, Text, makeStyles, tokens,
} from '@fluentui/react-components';
import { useEffect, useRef } from 'react';
import { KeptDialog } from '../../components/kept-dialog';
import {
  checkAndPlan, closeUpgrade, goToStage, keepWatching, requestClose, startUpgrade, useUpgrade,
} from '../../store/upgrade-flow';
import { useProduct } from '../../store/use-product';
import { useWizard } from '../../store/wizard-store';
import { UpgradeChoose, versionVerdict } from './upgrade-choose';
import { UpgradeOutcome } from './upgrade-outcome';
import { upgradePath } from '../../../../electron/shared/upgrade-paths';
import { UpgradePreflight } from './upgrade-preflight';
import { UpgradeProgress } from './upgrade-progress';
import { UpgradeReview } from './upgrade-review';
import { STAGE_TITLE, currentVersion } from './upgrade-words';

const useStyles = makeStyles({
  surface: { width: 'min(64rem, 94vw)', maxWidth: 'min(64rem, 94vw)' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxHeight: 'calc(100vh - 12rem)', overflowY: 'auto', paddingRight: tokens.spacingHorizontalS,
    '& > *': { flexShrink: 0 } },
  heading: { outlineOffset: '2px' },
  // A button's label stays on one line (at 1024 px "Change the choices" broke in two).
  actions: { '& .fui-Button': { whiteSpace: 'nowrap' } },
});

export function UpgradeDialog() {
  const s = useStyles();
  const f = useUpgrade();
  const product = useProduct();
  const database = useWizard((st) => st.draft.database.kind);
  const snap = useWizard((st) => st.health.snapshot);
  // Once a plan is made, the version it was made from; before, what the dashboard sees now.
  const now = currentVersion(snap);
  const from = f.plan.answer?.plan?.from ?? now.version;
  const verdict = versionVerdict(from, f.to, upgradePath);
  const rollingPossible = !!verdict.path?.allowed && verdict.path.rolling;
  const running = f.run.status === 'running';
  const ended = f.run.status === 'done' || f.run.status === 'error';
  const plan = f.plan.answer?.plan ?? null;
  const failed = (f.plan.answer?.preflight ?? []).some((i) => i.status === 'fail');
  const canCheck = !!now.version && !verdict.error && !!verdict.path?.allowed && !!f.backupDir.trim() && (f.mode === 'coordinated' || rollingPossible);

  // Each new stage takes the focus to its heading, so a keyboard or screen-reader user starts reading there.
  // The end of a run is a view of its own: its outcome comes first, and the focus goes there too.
  const view = ended ? 'ended' : f.stage;
  const heading = useRef<HTMLHeadingElement>(null);
  const shown = useRef(view);
  useEffect(() => {
    if (f.open && shown.current !== view) heading.current?.focus();
    shown.current = view;
  }, [f.open, view]);

  return (
    <Dialog open={f.open} modalType={running ? 'alert' : 'modal'} onOpenChange={(_, d) => !d.open && requestClose()}>
      <DialogSurface className={s.surface} aria-describedby="upgrade-stage">
        <DialogBody>
          <DialogTitle>Upgrade the cluster</DialogTitle>
          <DialogContent className={s.content}>
            <Text as="h3" size={400} weight="semibold" id="upgrade-stage" tabIndex={-1} ref={heading} className={s.heading}>{ended ? 'How it ended' : STAGE_TITLE[f.stage]}</Text>
            {f.stage === 'choose' && now.problem && <MessageBar intent="error" layout="multiline" data-testid="upgrade-no-version"><MessageBarBody>{now.problem}</MessageBarBody></MessageBar>}
            {f.stage === 'choose' && <UpgradeChoose from={now.version} productName={product.name} database={database} verdict={verdict} />}
            {f.stage === 'preflight' && <UpgradePreflight />}
            {f.stage === 'review' && plan && <UpgradeReview plan={plan} productName={product.name} />}
            {f.stage === 'run' && ended && <UpgradeOutcome run={f.run} />}
            {f.stage === 'run' && running && <Spinner size="small" label={`Upgrading to ${plan?.to ?? f.to}… keep HA Wizard open until it ends.`} labelPosition="after" />}
            {f.stage === 'run' && plan && <UpgradeProgress plan={plan} run={f.run} />}
          </DialogContent>
          <DialogActions className={s.actions}>
            {f.stage === 'choose' && (
              <>
                <Button onClick={requestClose}>Cancel</Button>
                <Button appearance="primary" disabled={!canCheck} onClick={() => void checkAndPlan()}>Check the cluster</Button>
              </>
            )}
            {f.stage === 'preflight' && (
              <>
                <Button onClick={() => goToStage('choose')}>Change the choices</Button>
                <Button disabled={f.plan.status === 'loading'} onClick={() => void checkAndPlan()}>Check again</Button>
                <Button appearance="primary" disabled={f.plan.status !== 'ready' || failed || !plan || !f.plan.answer?.planId} onClick={() => goToStage('review')}>Review the plan</Button>
              </>
            )}
            {f.stage === 'review' && (
              <>
                <Button onClick={() => goToStage('preflight')}>Back</Button>
                <Button appearance="primary" disabled={!f.confirmed} onClick={() => void startUpgrade()}>Start the upgrade</Button>
              </>
            )}
            {f.stage === 'run' && (running
              ? <Button onClick={requestClose}>Hide…</Button>
              : <Button appearance="primary" onClick={closeUpgrade}>Back to the dashboard</Button>)}
          </DialogActions>
        </DialogBody>
        {/* Nested, as Fluent nests dialogs: the question sits over this one and hands the focus back. */}
        <KeptDialog value={f.askingToClose && running} modalType="alert">
          {() => (
            <DialogSurface aria-describedby="upgrade-hide-what">
              <DialogBody>
                <DialogTitle>Hide the upgrade while it runs?</DialogTitle>
                <DialogContent>
                  <Body1 id="upgrade-hide-what">
                    The upgrade goes on either way, and “Show the upgrade” on the dashboard brings this back. Keep HA Wizard open until the upgrade ends.
                  </Body1>
                </DialogContent>
                <DialogActions>
                  <Button appearance="primary" onClick={keepWatching}>Keep watching</Button>
                  <Button onClick={closeUpgrade}>Hide it</Button>
                </DialogActions>
              </DialogBody>
            </DialogSurface>
          )}
        </KeptDialog>
      </DialogSurface>
    </Dialog>
  );
}
