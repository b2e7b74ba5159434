/**
 * The plan as the admin must see it before Apply: per server the configuration diff (secrets masked)
 * and the steps in order; then the settings, the encryption key decision and the manual steps.
 */
import {
  Badge, Body1, Caption1, Link, MessageBar, MessageBarBody, Subtitle2, Tab, TabList, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow,
  makeStyles, tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { call } from '../../api';
import { DiffView } from '../../components/diff-view';
import type { Plan } from '../../store/run-types';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  node: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, paddingTop: tokens.spacingVerticalS },
  steps: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere', wordBreak: 'break-all' },
});

const HOW = { api: 'Set through the API', manual: 'Manual step', unchanged: 'Already set' } as const;

export function ManualSteps({ steps }: { steps: Plan['manualSteps'] }) {
  const s = useStyles();
  return (
    <ol className={s.steps}>
      {steps.map((m) => (
        <li key={`${m.title}:${m.detail}`}>
          <Body1><strong>{m.title}.</strong> {m.detail}</Body1>{' '}
          {m.url && <Link href={m.url} onClick={(e) => { e.preventDefault(); void call('shell.openExternal', { url: m.url! }); }}>Open {m.url}</Link>}
        </li>
      ))}
    </ol>
  );
}

export function PlanView({ plan }: { plan: Plan }) {
  const s = useStyles();
  // Servers that change first: they are what the admin must read.
  const nodes = [...plan.nodes].sort((a, b) => Number(b.changed) - Number(a.changed));
  const [tab, setTab] = useState(nodes[0]?.id ?? '');
  const node = nodes.find((n) => n.id === tab) ?? nodes[0];
  return (
    <div className={s.root}>
      {plan.noChange && <MessageBar intent="success"><MessageBarBody>Nothing to change: every server already has this configuration.</MessageBarBody></MessageBar>}
      {/* The TabList's arrow-key placeholders (data-tabster-dummy) trip axe's aria-hidden-focus by design: see apply-page.tsx. */}
      <TabList selectedValue={tab} onTabSelect={(_, d) => setTab(String(d.value))} aria-label="Servers in the plan">
        {nodes.map((n) => <Tab key={n.id} value={n.id}>{n.id} {n.changed ? '(changes)' : '(no change)'}</Tab>)}
      </TabList>
      {node && (
        <div className={s.node} role="tabpanel" aria-label={`Plan for ${node.id}`} data-testid={`plan-node-${node.id}`}>
          <Caption1>{node.host} · {node.os === 'windows' ? 'Windows' : 'Linux'} · <span className={s.mono}>{node.configPath}</span>{' '}
            {node.changed ? <Badge color="warning" appearance="tint">will change</Badge> : <Badge color="success" appearance="tint">unchanged</Badge>}
          </Caption1>
          {node.changed && node.diff && <DiffView diff={node.diff} label={`Changes to ${node.configPath} on ${node.id}`} />}
          {node.secretChangesOnly && <Body1>Only masked values change (a password or key): the diff shows which lines, never the values.</Body1>}
          <Subtitle2 as="h3">Steps on {node.id}, in order</Subtitle2>
          {node.steps.length ? <ol className={s.steps}>{node.steps.map((st, i) => <li key={i}><Body1>{st.description}</Body1></li>)}</ol> : <Body1>Nothing to do on this server: its configuration already matches.</Body1>}
        </div>
      )}
      <Subtitle2 as="h3">Encryption key</Subtitle2>
      <Body1>
        {plan.encryptionKey.decision === 'keep' ? <>Keep <span className={s.mono}>{plan.encryptionKey.fingerprint}</span></> : 'Generate a new key when applying'}: {plan.encryptionKey.reason}.
      </Body1>
      {plan.settings.length > 0 && (
        <>
          <Subtitle2 as="h3">Settings held in the database</Subtitle2>
          <Table size="small" aria-label="Settings">
            <TableHeader><TableRow><TableHeaderCell>Setting</TableHeaderCell><TableHeaderCell>New value</TableHeaderCell><TableHeaderCell>Now</TableHeaderCell><TableHeaderCell>How</TableHeaderCell></TableRow></TableHeader>
            <TableBody>
              {plan.settings.map((st) => (
                <TableRow key={st.name}>
                  <TableCell className={s.mono}>{st.name}</TableCell>
                  <TableCell className={s.mono}>{st.value}</TableCell>
                  <TableCell className={s.mono}>{st.current ?? '—'}</TableCell>
                  <TableCell>{HOW[st.how]}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
      {plan.manualSteps.length > 0 && (
        <>
          <Subtitle2 as="h3">Afterwards, by hand</Subtitle2>
          <ManualSteps steps={plan.manualSteps} />
        </>
      )}
    </div>
  );
}
