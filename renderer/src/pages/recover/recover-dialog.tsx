/**
 * "An apply was cut short": when the opened profile's cluster has an unfinished apply (recover.status),
 * an alert dialog says what happened and offers Finish the apply (a new plan, shown, then applied),
 * Roll back (every changed server from its backup), or Not now (the bar on Dashboard and Apply keeps
 * the question). Progress and the outcome stay in the dialog. Mounted once, in app.tsx.
 */
import {
  Body1, Button, Caption1, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, MessageBar, MessageBarBody, Spinner, Subtitle2, makeStyles, tokens,
} from '@fluentui/react-components';
import { useEffect } from 'react';
import { engine } from '../../api';
import { KeptDialog } from '../../components/kept-dialog';
import { useWizard } from '../../store/wizard-store';
import { checkRecover, closeRecover, planFinish, putOff, startRecover, useRecover, type RecoverState } from '../../store/recover-store';
import type { RecoverStatus } from '../../../../electron/shared/recover-status';
import { ApplyOutcome } from '../apply/apply-outcome';
import { PlanView } from '../review/plan-view';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  actions: { whiteSpace: 'nowrap' },
  log: { margin: 0, maxHeight: '12rem', overflow: 'auto', fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, whiteSpace: 'pre-wrap' },
});

/** Asks the engine each time a profile is opened, restored or saved (its baseline changes). */
function useRecoverWatch(): void {
  const baseline = useWizard((s) => s.baseline);
  const nodes = useWizard((s) => s.draft.nodes.length);
  useEffect(() => {
    if (engine() && nodes > 0) void checkRecover();
  }, [baseline, nodes]);
}

export function RecoverDialog() {
  useRecoverWatch();
  const r = useRecover();
  return (
    <KeptDialog value={r.open && r.status ? r : null} modalType="alert">
      {(v) => <RecoverSurface r={v} status={v.status!} />}
    </KeptDialog>
  );
}

function RecoverSurface({ r, status }: { r: RecoverState; status: RecoverStatus }) {
  const s = useStyles();
  const changing = r.plan?.plan.nodes.filter((n) => n.changed) ?? [];
  // Refused for a lock left by a wizard that is gone (one killed mid-apply leaves its own): the admin may break it.
  const staleLock = r.stage === 'done' && r.report?.status === 'refused' && !!r.report.staleLock;
  const breakAnd = staleLock ? r.action : null;
  return (
    <DialogSurface aria-describedby="recover-what">
      <DialogBody>
        <DialogTitle>{status.rollbackFailed ? 'An apply did not finish putting the servers back' : 'An apply to this cluster was cut short'}</DialogTitle>
        <DialogContent className={s.content}>
          <Body1 id="recover-what">{status.headline} <Caption1>({new Date(status.at).toLocaleString()})</Caption1></Body1>
          <ul className={s.list} aria-label="The servers">
            {status.servers.map((n) => <li key={n.id}><Body1>{n.id} {n.state}.</Body1></li>)}
          </ul>
          {r.error && <MessageBar intent="error" layout="multiline"><MessageBarBody>{r.error}</MessageBarBody></MessageBar>}
          {r.stage === 'ask' && (
            <>
              <Subtitle2 as="h3">Finish the apply</Subtitle2>
              <ul className={s.list}>{status.finish.map((t) => <li key={t}><Body1>{t}</Body1></li>)}</ul>
              <Subtitle2 as="h3">Roll back</Subtitle2>
              <ul className={s.list}>{status.rollback.map((t) => <li key={t}><Body1>{t}</Body1></li>)}</ul>
              <Body1>Until you choose, the wizard does not start another apply to this cluster.</Body1>
            </>
          )}
          {r.stage === 'planning' && <Spinner size="small" label="Reading the servers and making the new plan…" />}
          {r.stage === 'plan' && r.plan && (
            <>
              <Subtitle2 as="h3">The new plan</Subtitle2>
              <Body1>
                {r.plan.plan.noChange ? 'Every server already has its new configuration: finishing only restarts the servers named above and closes the apply.'
                  : `Finishing changes ${changing.map((n) => n.id).join(', ')}, one at a time: each is backed up, written, restarted, and must report healthy before the next.`}
              </Body1>
              <PlanView plan={r.plan.plan} />
            </>
          )}
          {(r.stage === 'running' || r.stage === 'done') && (
            <>
              {r.stage === 'running' && <Spinner size="small" label={r.action === 'rollback' ? 'Putting the servers back…' : 'Finishing the apply…'} />}
              {/* Its "Now, by hand", as the CLI's "TO DO BY HAND": a lock broken, a lock or a setting left, the product's own steps after Finish. */}
              {r.stage === 'done' && <ApplyOutcome report={r.report} error={r.error} />}
              {staleLock && <Body1>The lock looks stale: the wizard that took it seems to be gone. Break it only if no other wizard is changing this cluster now.</Body1>}
              {r.lines.length > 0 && <div className={s.log} role="log" aria-label="Progress">{r.lines.join('\n')}</div>}
            </>
          )}
        </DialogContent>
        <DialogActions fluid className={s.actions}>
          {r.stage === 'ask' && (
            <>
              <Button onClick={putOff}>Not now</Button>
              <Button onClick={() => void startRecover('rollback')}>Roll back</Button>
              <Button appearance="primary" onClick={() => void planFinish()}>Finish the apply</Button>
            </>
          )}
          {r.stage === 'plan' && (
            <>
              <Button onClick={putOff}>Not now</Button>
              <Button appearance="primary" onClick={() => void startRecover('finish')}>Apply this plan</Button>
            </>
          )}
          {r.stage === 'done' && (
            <>
              {breakAnd && (
                <Button onClick={() => void startRecover(breakAnd, { breakLock: true })}>{breakAnd === 'rollback' ? 'Break the lock and roll back' : 'Break the lock and finish'}</Button>
              )}
              <Button appearance="primary" onClick={() => void closeRecover()}>Close</Button>
            </>
          )}
        </DialogActions>
      </DialogBody>
    </DialogSurface>
  );
}
