/**
 * Test access: asks the balancer for its servers (`balancer.members`) with the draft as it stands and
 * shows each one's state in words, or the error. An unknown SSH host key opens the trust dialog the
 * Servers page uses; accepted, it is pinned in the access and the test runs again.
 */
import {
  Button, MessageBar, MessageBarBody, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens,
} from '@fluentui/react-components';
import { PlugConnected20Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { BalancerAnswer } from '../../../../electron/shared/contract';
import { hostPort } from '../../../../electron/shared/host-name';
import { call, errorText } from '../../api';
import { toProfile } from '../../store/profile-mapping';
import { wizard } from '../../store/wizard-store';
import { HostKeyDialog, type UnknownHostKey } from '../servers/host-key-dialog';
import { unknownKeyIn } from './access-form';

const STATE_WORDS: Record<BalancerAnswer['members'][number]['state'], string> = {
  ready: 'In rotation', drain: 'Draining', maint: 'Out of rotation (maintenance)', down: 'Down (failing its health check)', unknown: 'Not known to the balancer',
};

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, alignItems: 'start' },
});

type Outcome = { status: 'idle' } | { status: 'running' } | { status: 'ok'; answer: BalancerAnswer } | { status: 'error'; message: string };

export function AccessTest() {
  const s = useStyles();
  const [outcome, setOutcome] = useState<Outcome>({ status: 'idle' });
  const [hostKey, setHostKey] = useState<UnknownHostKey | null>(null);

  const test = async () => {
    setOutcome({ status: 'running' });
    const st = wizard();
    const { profile, secrets } = toProfile(st.draft, st.secrets);
    try {
      const answer = await call('balancer.members', { profile, secrets, allowLocalSecrets: st.allowedLocal, acceptedHostKeys: st.acceptedHostKeys });
      setOutcome({ status: 'ok', answer });
    } catch (e) {
      const message = errorText(e);
      const key = unknownKeyIn(message);
      if (key) setHostKey({ nodeId: 'the load balancer’s host', ...key });
      // The raw host key message repeats what the trust dialog shows: say what to do instead.
      setOutcome({ status: 'error', message: key ? `this computer does not trust the host key of ${key.host} yet: compare it and accept it, then the test runs again.` : message });
    }
  };

  const settle = (accept: boolean) => {
    const k = hostKey;
    setHostKey(null);
    if (!k || !accept) return;
    const st = wizard();
    st.acceptHostKey(hostPort(k.host, k.port), k.fingerprint);
    // Pinned in the profile too, so drain, add/remove and apply trust the same key.
    st.setDraft({ balancerAccess: { ...st.draft.balancerAccess, hostKeyFingerprint: k.fingerprint } });
    void test();
  };

  const answer = outcome.status === 'ok' ? outcome.answer : null;
  return (
    <div className={s.root}>
      <Button icon={outcome.status === 'running' ? <Spinner size="tiny" /> : <PlugConnected20Regular />} disabled={outcome.status === 'running'} onClick={() => void test()}>
        Test access
      </Button>
      {outcome.status === 'error' && (
        <MessageBar intent="error" layout="multiline"><MessageBarBody>The wizard could not reach the balancer: {outcome.message}</MessageBarBody></MessageBar>
      )}
      {answer && !answer.driven && (
        <MessageBar intent="warning" layout="multiline"><MessageBarBody>The wizard cannot drive this balancer with these settings ({answer.how}); it will write the steps for you.</MessageBarBody></MessageBar>
      )}
      {answer?.driven && (
        <>
          <MessageBar intent="success"><MessageBarBody>The balancer answered ({answer.how}).</MessageBarBody></MessageBar>
          <Table size="small" aria-label="Servers at the balancer">
            <TableHeader><TableRow><TableHeaderCell>Server</TableHeaderCell><TableHeaderCell>At the balancer</TableHeaderCell><TableHeaderCell>Open sessions</TableHeaderCell></TableRow></TableHeader>
            <TableBody>
              {answer.members.map((m) => (
                <TableRow key={m.node}>
                  <TableCell>{m.node}</TableCell>
                  <TableCell>{STATE_WORDS[m.state]}{m.detail ? ` (${m.detail})` : ''}</TableCell>
                  <TableCell>{m.activeSessions ?? '—'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
      <HostKeyDialog pending={hostKey} onAccept={() => settle(true)} onCancel={() => settle(false)} />
    </div>
  );
}
