/**
 * "Add a server…" (issue 13): one server's details (the Servers page's own form), its checks
 * (`node.checkAdd`, unknown host keys through the same trust dialog), the plan for it alone
 * (`node.planAdd`: a refusal, the choice to leave its data behind, the licence note), then apply and its
 * outcome. The draft gains the server only after a successful apply (node-actions.ts).
 */
import {
  Body1, Button, Checkbox, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, MessageBar, MessageBarBody, MessageBarTitle, Spinner,
  Subtitle2, makeStyles, tokens,
} from '@fluentui/react-components';
import { useMemo } from 'react';
import { CheckList } from '../../components/check-list';
import { Summary } from '../../components/check-run-panel';
import { draftNodeId } from '../../store/draft-types';
import {
  applyCandidate, backToEdit, checkCandidate, closeAdd, planCandidate, setCandidateSecret, setLeaveDataBehind, trustCandidateKey, updateCandidate, useNodeActions,
} from '../../store/node-actions';
import { useWizard } from '../../store/wizard-store';
import { ApplyOutcome, WithSteps } from '../apply/apply-outcome';
import { ApplyProgress } from '../apply/apply-progress';
import { PlanView } from '../review/plan-view';
import { PlanWarnings } from '../review/plan-warnings';
import { HostKeyDialog, unknownHostKeys } from '../servers/host-key-dialog';
import { NodeEditor, type NodeSink } from '../servers/node-editor';
import { nodeProblems } from '../servers/node-schema';
import { OperationSteps } from './operation-steps';

const useStyles = makeStyles({
  surface: { width: 'min(64rem, 94vw)', maxWidth: 'min(64rem, 94vw)' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxHeight: 'calc(100vh - 12rem)', overflowY: 'auto', paddingRight: tokens.spacingHorizontalS,
    // A scrolling column must not squeeze its message bars into each other (they overlapped at 1024×700).
    '& > *': { flexShrink: 0 } },
});

const STAGE_TITLE = { edit: 'The server', check: 'Its checks', plan: 'The plan', apply: 'Adding it' } as const;
const BALANCER_STEPS = ['drain', 'wait-drained', 'stop', 'resume', 'balancer'] as const;

export function AddServerDialog() {
  const s = useStyles();
  const add = useNodeActions((st) => st.add);
  const accepted = useWizard((st) => st.acceptedHostKeys);
  const nodes = useWizard((st) => st.draft.nodes);
  const ids = nodes.map(draftNodeId);
  const sink = useMemo<NodeSink>(() => ({
    get secrets() { return useNodeActions.getState().add.secrets; },
    update: updateCandidate,
    setSecret: setCandidateSecret,
    // The form's own Done (once its fields are valid) goes on to the checks, as the dialog's button does.
    done: () => void checkCandidate(),
  }), []);
  const id = draftNodeId(add.node) || 'the new server';
  const check = add.check;
  const results = check?.results ?? [];
  const keys = check?.status === 'done' ? unknownHostKeys(results).filter((k) => accepted[`${k.host}:${k.port}`] !== k.fingerprint) : [];
  const key = add.open && add.stage === 'check' ? keys[0] ?? null : null;
  const failed = results.some((r) => r.status === 'fail');
  const answer = add.plan.answer;
  const running = add.apply.status === 'running';
  const ended = add.apply.status === 'done' || add.apply.status === 'error';
  const succeeded = add.apply.report?.status === 'applied';

  const incomplete = nodeProblems(add.node, add.secrets);
  const duplicate = ids.includes(draftNodeId(add.node)) ? `The cluster already has a server called ${draftNodeId(add.node)}: give this one a different host or name (under Advanced).` : null;

  return (
    <Dialog open={add.open} modalType={running ? 'alert' : 'modal'} onOpenChange={(_, d) => !d.open && closeAdd()}>
        <DialogSurface className={s.surface} aria-describedby="add-server-stage">
          <DialogBody>
            <DialogTitle>Add a server to the cluster</DialogTitle>
            <DialogContent className={s.content}>
              <Subtitle2 as="h3" id="add-server-stage">{STAGE_TITLE[add.stage]}</Subtitle2>
              {add.stage === 'edit' && (
                <>
                  <Body1>The server must already run the same product and version as the cluster. The wizard checks it, shows what it would change, and changes nothing before you choose to add it.</Body1>
                  <NodeEditor key={add.node.key} node={add.node} attempt={0} problems={[]} sink={sink} />
                  {duplicate && <MessageBar intent="error"><MessageBarBody>{duplicate}</MessageBarBody></MessageBar>}
                </>
              )}
              {add.stage === 'check' && check && (
                <>
                  {check.status === 'running' && <Spinner size="small" label={`Checking ${id}… ${results.length} checks done`} labelPosition="after" />}
                  {check.status === 'error' && <MessageBar intent="error" layout="multiline"><MessageBarBody><MessageBarTitle>Could not check {id}</MessageBarTitle>{check.error}</MessageBarBody></MessageBar>}
                  {results.length > 0 && <Summary results={results} />}
                  {results.length > 0 && <CheckList results={results} />}
                  {check.status === 'done' && failed && <MessageBar intent="warning"><MessageBarBody>Fix what failed on {id} (or change its details), then check again.</MessageBarBody></MessageBar>}
                </>
              )}
              {add.stage === 'plan' && (
                <>
                  {add.plan.status === 'loading' && <Spinner size="small" label={`Reading the cluster and ${id}…`} labelPosition="after" />}
                  {add.plan.status === 'error' && <MessageBar intent="error" layout="multiline"><MessageBarBody><MessageBarTitle>No plan</MessageBarTitle>{add.plan.error}</MessageBarBody></MessageBar>}
                  {answer?.licenceNote && (
                    <MessageBar intent="warning" layout="multiline" data-testid="add-licence-note"><MessageBarBody><MessageBarTitle>Licence.</MessageBarTitle>{answer.licenceNote}</MessageBarBody></MessageBar>
                  )}
                  {answer?.refused && (
                    <MessageBar intent="error" layout="multiline" data-testid="add-refused"><MessageBarBody><MessageBarTitle>{id} cannot be added as it is.</MessageBarTitle>{answer.refused}</MessageBarBody></MessageBar>
                  )}
                  {(answer?.refused || add.leaveDataBehind) && (
                    <>
                      <Checkbox checked={add.leaveDataBehind} onChange={(_, d) => void setLeaveDataBehind(!!d.checked)} label="Leave its data behind" />
                      <Body1>
                        {id} then uses the cluster’s database, key and storage. What it holds in its own database and storage stays where it is, but the cluster
                        will not show it, and whatever it encrypted with its own key cannot be read by the cluster. Only choose this when nothing on {id} is needed.
                      </Body1>
                    </>
                  )}
                  {answer?.plan && <PlanWarnings warnings={answer.plan.warnings} />}
                  {answer?.plan && <PlanView plan={answer.plan} />}
                </>
              )}
              {add.stage === 'apply' && (
                <>
                  {answer?.plan && <ApplyProgress nodes={answer.plan.nodes.map((n) => ({ id: n.id, changed: n.changed }))} steps={add.apply.steps} report={add.apply.report} ended={ended} />}
                  <OperationSteps apply={{ ...add.apply, steps: onlySteps(add.apply.steps, BALANCER_STEPS) }} label="The load balancer" />
                  {running && <Spinner size="small" label={`Adding ${id}…`} labelPosition="after" />}
                  {ended && (succeeded
                    ? <WithSteps steps={add.apply.report?.manualSteps ?? []}><MessageBar intent="success" layout="multiline" role="status" data-testid="add-outcome"><MessageBarBody><MessageBarTitle>{id} is part of the cluster.</MessageBarTitle>It was configured, restarted and reported healthy; the dashboard now watches it too.</MessageBarBody></MessageBar></WithSteps>
                    : <ApplyOutcome report={add.apply.report} error={add.apply.error} />)}
                </>
              )}
            </DialogContent>
            <DialogActions>
              {add.stage === 'edit' && (
                <>
                  <Button onClick={closeAdd}>Cancel</Button>
                  <Button appearance="primary" disabled={incomplete || !!duplicate} onClick={() => void checkCandidate()}>Check this server</Button>
                </>
              )}
              {add.stage === 'check' && (
                <>
                  <Button onClick={backToEdit}>Change its details</Button>
                  <Button disabled={check?.status === 'running'} onClick={() => void checkCandidate()}>Check again</Button>
                  <Button appearance="primary" disabled={check?.status !== 'done' || failed} onClick={() => void planCandidate()}>Show the plan</Button>
                </>
              )}
              {add.stage === 'plan' && (
                <>
                  <Button onClick={backToEdit}>Change its details</Button>
                  <Button disabled={add.plan.status === 'loading'} onClick={() => void planCandidate()}>Plan again</Button>
                  <Button appearance="primary" disabled={!answer?.planId || !!answer.refused} onClick={() => void applyCandidate()}>Add {id}</Button>
                </>
              )}
              {add.stage === 'apply' && <Button appearance="primary" disabled={running} onClick={closeAdd}>Back to the dashboard</Button>}
            </DialogActions>
          </DialogBody>
          {/* Nested, as Fluent nests dialogs: the trust question sits over this one and hands focus back. */}
      <HostKeyDialog pending={key} onAccept={() => key && void trustCandidateKey(`${key.host}:${key.port}`, key.fingerprint)} onCancel={backToEdit} />
        </DialogSurface>
      </Dialog>
  );
}

function onlySteps<T>(steps: Record<string, Partial<Record<string, T>>>, names: readonly string[]) {
  return Object.fromEntries(Object.entries(steps).map(([n, st]) => [n, Object.fromEntries(Object.entries(st).filter(([k]) => names.includes(k)))]));
}
