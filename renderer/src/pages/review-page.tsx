/**
 * Review: every check on every server (`checks.run` without `only`), live, grouped by area; then the
 * plan (`plan.create`). Exports the plan and the report. Next (Apply) is blocked while anything fails.
 */
import { Button, MessageBar, MessageBarBody, MessageBarTitle, Radio, RadioGroup, Spinner, Subtitle1, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowClockwise20Regular, DocumentArrowDown20Regular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import type { CallInput } from '../../../electron/shared/contract';
import { call, errorText } from '../api';
import { CheckChoice, checksOfChoice } from '../components/check-choice';
import { CheckRunPanel } from '../components/check-run-panel';
import { PastReports } from '../components/past-reports';
import type { CheckArea } from '../../../electron/shared/check-types';
import { PageFrame } from '../components/page-frame';
import { runChecks } from '../store/check-actions';
import { useRun } from '../store/hooks';
import { createPlan } from '../store/plan-actions';
import { toProfile } from '../store/profile-mapping';
import { scopeInputKey } from '../store/scope-input';
import { useWizard, wizard } from '../store/wizard-store';
import { PlanView } from './review/plan-view';
import { PlanWarnings } from './review/plan-warnings';
import { ValidationProblems } from './review/validation-problems';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  toolbar: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

type Problems = { path: string; message: string }[];
/** What "Problems only" keeps: failures and warnings. */
const isProblem = (r: { status: string }) => r.status === 'fail' || r.status === 'warn';

/** Validates the profile, then runs everything; the plan follows when nothing failed. */
async function validateAndRun(setProblems: (p: Problems | null) => void, only?: string[]): Promise<void> {
  const { profile } = toProfile(wizard().draft, wizard().secrets);
  const v = await call('profile.validate', { profile });
  if (!v.ok) return setProblems(v.problems);
  setProblems(null);
  await runChecks('review', only);
  const r = wizard().runs.review;
  // A plan needs every check: a run of the admin's selection only shows those results.
  if (!only && r?.status === 'done' && !r.results.some((x) => x.status === 'fail')) await createPlan();
}

export default function ReviewPage() {
  const s = useStyles();
  const { run, running, stale, failures } = useRun('review');
  const planState = useWizard((st) => st.plan);
  const planFresh = useWizard((st) => st.plan.inputKey === scopeInputKey('review', st));
  const [problems, setProblems] = useState<Problems | null>(null);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [show, setShow] = useState<'problems' | 'all'>('all');

  const [areas, setAreas] = useState<CheckArea[] | null>(null);
  const rerun = () => validateAndRun(setProblems, checksOfChoice(areas)).catch((e: unknown) => setNote({ ok: false, text: errorText(e) }));

  // On arrival: run unless the last run still matches the profile (StrictMode mounts twice: guard).
  useEffect(() => {
    const st = wizard();
    const r = st.runs.review;
    const fresh = r && r.inputKey === scopeInputKey('review', st) && r.status !== 'error';
    if (!fresh) void rerun();
    else if (r.status === 'done' && !r.results.some((x) => x.status === 'fail') && st.plan.inputKey !== r.inputKey && st.plan.status !== 'loading') void createPlan();
  }, []);

  // The engine kept the run's report and the plan by id: it renders them (as the CLI does) and saves them.
  const save = async (what: CallInput<'report.save'>) => {
    try {
      const r = await call('report.save', what);
      setNote(r.saved ? { ok: true, text: `Saved ${r.path ?? 'the file'}.` } : null);
    } catch (e) {
      setNote({ ok: false, text: `Could not save: ${errorText(e)}` });
    }
  };

  const plan = planFresh ? planState.plan : null;
  const planId = planFresh ? planState.planId : null;
  const done = run?.status === 'done' && !stale;
  const blocked = problems ? 'Complete the profile first.'
    : failures.length ? `${failures.length} ${failures.length === 1 ? 'check fails' : 'checks fail'}: fix ${failures.length === 1 ? 'it' : 'them'}, then re-run validation.`
      : stale ? 'Something changed since the last validation: re-run it.'
        : run?.only ? 'Only the checks you selected ran: run all checks to make the plan.' : undefined;
  return (
    <PageFrame
      title="Review"
      intro="Every prerequisite, checked on the real servers, and exactly what the wizard will change. Nothing has been written yet."
      onSubmit={() => wizard().next()}
      primaryLabel="Next: apply"
      primaryDisabled={!!blocked || running || !done || !plan}
      blockedReason={blocked}
    >
      {problems && <ValidationProblems problems={problems} />}
      {plan && <PlanWarnings warnings={plan.warnings} />}
      <section className={s.section} aria-labelledby="validation">
        <Subtitle1 as="h2" id="validation">Validation</Subtitle1>
        <CheckChoice areas={areas} onChange={setAreas} disabled={running} />
        <div className={s.toolbar}>
          <Button icon={running ? <Spinner size="tiny" /> : <ArrowClockwise20Regular />} disabled={running || areas?.length === 0} onClick={() => void rerun()}>Re-run validation</Button>
          <Button icon={<DocumentArrowDown20Regular />} disabled={!done || !run} onClick={() => run && void save({ of: 'checks', runId: run.runId, format: 'html' })}>Export report (HTML)</Button>
          <Button icon={<DocumentArrowDown20Regular />} disabled={!done || !run} onClick={() => run && void save({ of: 'checks', runId: run.runId, format: 'json' })}>Export results (JSON)</Button>
        </div>
        {note && <MessageBar intent={note.ok ? 'success' : 'error'}><MessageBarBody>{note.text}</MessageBarBody></MessageBar>}
        <RadioGroup layout="horizontal" value={show} onChange={(_, d) => setShow(d.value === 'problems' ? 'problems' : 'all')} aria-label="Which check results to show">
          <Radio value="all" label="All results" />
          <Radio value="problems" label="Problems only" />
        </RadioGroup>
        {show === 'problems' && done && run && !run.results.some(isProblem) && <MessageBar intent="success"><MessageBarBody>No problems: no check failed or warned.</MessageBarBody></MessageBar>}
        <CheckRunPanel scope="review" byArea {...(show === 'problems' ? { filter: isProblem } : {})} />
        <PastReports refreshKey={run?.finishedAt ?? null} />
      </section>
      <section className={s.section} aria-labelledby="plan">
        <Subtitle1 as="h2" id="plan">Plan</Subtitle1>
        {!plan && planState.status !== 'loading' && <MessageBarLike done={done} failing={failures.length > 0} />}
        {planState.status === 'loading' && <Spinner size="small" label="Reading the servers to make the plan…" labelPosition="after" />}
        {planState.status === 'error' && planFresh && (
          <MessageBar intent="error" layout="multiline"><MessageBarBody><MessageBarTitle>The plan could not be made</MessageBarTitle>{planState.error}</MessageBarBody></MessageBar>
        )}
        {plan && (
          <>
            <div className={s.toolbar}>
              <Button icon={<DocumentArrowDown20Regular />} disabled={!planId} onClick={() => planId && void save({ of: 'plan', planId })}>Export plan (JSON)</Button>
            </div>
            <PlanView plan={plan} />
          </>
        )}
      </section>
    </PageFrame>
  );
}

function MessageBarLike({ done, failing }: { done: boolean; failing: boolean }) {
  if (!done) return <MessageBar intent="info"><MessageBarBody>The plan is made once validation has finished without failures.</MessageBarBody></MessageBar>;
  if (failing) return <MessageBar intent="warning"><MessageBarBody>No plan while a check fails: fix the failures above, then re-run validation.</MessageBarBody></MessageBar>;
  return null;
}
