/** How the apply ended, said plainly: applied, nothing to do, rolled back (which servers), rollback failed (what to do by hand), refused. */
import {
  Accordion, AccordionHeader, AccordionItem, AccordionPanel, Body1, MessageBar, MessageBarBody, MessageBarTitle, Subtitle2, makeStyles, tokens,
} from '@fluentui/react-components';
import { useId } from 'react';
import type { ApplyReport } from '../../store/run-types';
import { ManualSteps } from '../review/plan-view';

const useStyles = makeStyles({
  pre: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, margin: `${tokens.spacingVerticalXS} 0`, maxHeight: '16rem', overflow: 'auto' },
  outcome: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  list: { margin: `${tokens.spacingVerticalXS} 0`, paddingLeft: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
});
const list = (ids: string[]) => ids.join(', ') || 'none';
const SHORT = 160;
/** A reason that carries a service's raw output (it can run to many lines) is cut for the summary and shown in full, folded. */
const short = (t: string) => (t.length <= SHORT ? t : `${t.slice(0, t.lastIndexOf(' ', SHORT) > 80 ? t.lastIndexOf(' ', SHORT) : SHORT)}… (in full below)`);
/** The engine's reason as a sentence (it may come without a full stop). */
const sentence = (t: string | null, fallback: string) => { const x = (t ?? fallback).trim(); return /[.!?]$/.test(x) ? x : `${x}.`; };

/**
 * The outcome, then what is left to do by hand (a lock the run could not remove, a balancer step, the
 * product's own steps after an apply), as the CLI's "TO DO BY HAND". `manualSteps={false}`: the page
 * shows them itself.
 */
export function ApplyOutcome({ report, error, manualSteps = true }: { report: ApplyReport | null; error: string | null; manualSteps?: boolean }) {
  const bar = <OutcomeBar report={report} error={error} />;
  return manualSteps && report ? <WithSteps steps={report.manualSteps}>{bar}</WithSteps> : bar;
}

/** An outcome of the caller's own (a dialog's success), then the report's steps left by hand, if any. */
export function WithSteps({ steps, children }: { steps: ApplyReport['manualSteps']; children: React.ReactNode }) {
  const s = useStyles();
  const heading = useId();
  if (!steps.length) return <>{children}</>;
  return (
    <div className={s.outcome}>
      {children}
      <section aria-labelledby={heading}>
        <Subtitle2 as="h3" id={heading}>Now, by hand</Subtitle2>
        <ManualSteps steps={steps} />
      </section>
    </div>
  );
}

function OutcomeBar({ report, error }: { report: ApplyReport | null; error: string | null }) {
  const s = useStyles();
  if (!report) {
    return <MessageBar intent="error" layout="multiline" role="alert"><MessageBarBody><MessageBarTitle>Apply stopped</MessageBarTitle>{error ?? 'No report came back.'}</MessageBarBody></MessageBar>;
  }
  const ids = (r: ApplyReport['nodes'][number]['result']) => report.nodes.filter((n) => n.result === r).map((n) => n.id);
  switch (report.status) {
    case 'applied':
      return (
        <MessageBar intent="success" layout="multiline" role="status">
          <MessageBarBody><MessageBarTitle>Applied</MessageBarTitle>Configured {list(ids('changed'))}: each was backed up, written, restarted and reported healthy.</MessageBarBody>
        </MessageBar>
      );
    case 'nothing-to-do':
      return <MessageBar intent="success" role="status"><MessageBarBody><MessageBarTitle>Nothing to do</MessageBarTitle>Every server already had this configuration; nothing was changed.</MessageBarBody></MessageBar>;
    case 'refused':
      return <MessageBar intent="error" layout="multiline" role="alert"><MessageBarBody><MessageBarTitle>Apply refused: nothing was changed</MessageBarTitle>{sentence(report.reason, 'The engine refused the plan')}</MessageBarBody></MessageBar>;
    case 'rolled-back':
      return (
        <MessageBar intent="warning" layout="multiline" role="alert">
          <MessageBarBody>
            <MessageBarTitle>Rolled back</MessageBarTitle>
            {sentence(report.reason, 'A step failed')} Every server that was touched was restored from its backup: restored {list(ids('restored'))}. The cluster is as it was before.
          </MessageBarBody>
        </MessageBar>
      );
    case 'rollback-failed': {
      // What is left first, server by server, with the exact steps; why apply stopped after; the raw output folded.
      const left = report.nodes.filter((n) => n.manual);
      const settingsLeft = report.settings.filter((x) => x.status === 'restore-failed');
      const restored = ids('restored');
      const count = left.length + settingsLeft.length;
      return (
        <MessageBar intent="error" layout="multiline" role="alert" data-testid="apply-outcome">
          <MessageBarBody>
            <MessageBarTitle>The rollback did not finish: {count === 1 ? 'one thing is left for you to do' : `${count} things are left for you to do`}</MessageBarTitle>
            <ol className={s.list}>
              {left.map((n) => <li key={n.id}><Body1>{n.manual}</Body1></li>)}
              {settingsLeft.map((x) => <li key={x.name}><Body1>Setting {x.name}: {x.detail}</Body1></li>)}
            </ol>
            {restored.length > 0 && <Body1 block>Restored from their backups: {list(restored)}.</Body1>}
            <Body1 block>Why apply stopped: {sentence(short(report.reason ?? 'a step failed'), '')}</Body1>
            {(left.some((n) => n.log) || (report.reason?.length ?? 0) > SHORT) && (
              <Accordion collapsible multiple>
                {(report.reason?.length ?? 0) > SHORT && (
                  <AccordionItem value="reason">
                    <AccordionHeader size="small">Why apply stopped, in full</AccordionHeader>
                    <AccordionPanel><pre className={s.pre}>{report.reason}</pre></AccordionPanel>
                  </AccordionItem>
                )}
                {left.filter((n) => n.log).map((n) => (
                  <AccordionItem key={n.id} value={n.id}>
                    <AccordionHeader size="small">What {n.id} reported (the service's own output)</AccordionHeader>
                    <AccordionPanel><pre className={s.pre}>{n.log}</pre></AccordionPanel>
                  </AccordionItem>
                ))}
              </Accordion>
            )}
          </MessageBarBody>
        </MessageBar>
      );
    }
  }
}
