/**
 * A new server usually signs in like the one before it. The wizard offers that instead of copying it
 * unasked: the admin sees whose sign-in it is and clicks. A password is copied only by its own button.
 */
import { Button, MessageBar, MessageBarActions, MessageBarBody } from '@fluentui/react-components';
import { SECRET, draftNodeId, type NodeDraft } from '../../store/draft-types';
import { useWizard } from '../../store/wizard-store';

export interface ReusedLogin {
  user: string;
  authKind: NodeDraft['authKind'];
  keyPath: string;
  usePassphrase: boolean;
  agent: string;
  /** Only when the admin chose the button that says so. */
  password?: string;
  passphrase?: string;
}

const HOW = { password: 'a password', key: 'a private key', agent: 'the SSH agent' } as const;

/** The server before this one, when this one's sign-in is still empty and that one's is not. */
export function previousLogin(nodes: NodeDraft[], node: NodeDraft): NodeDraft | null {
  const i = nodes.findIndex((n) => n.key === node.key);
  const prev = i > 0 ? nodes[i - 1]! : null;
  if (!prev || !prev.user.trim() || node.user.trim() || node.keyPath.trim()) return null;
  return prev;
}

export function ReuseLoginOffer({ node, onUse }: { node: NodeDraft; onUse: (login: ReusedLogin) => void }) {
  const prev = useWizard((st) => previousLogin(st.draft.nodes, node));
  const secrets = useWizard((st) => st.secrets);
  if (!prev) return null;
  const login: ReusedLogin = { user: prev.user, authKind: prev.authKind, keyPath: prev.keyPath, usePassphrase: prev.usePassphrase, agent: prev.agent };
  const secret = prev.authKind === 'password' ? secrets[SECRET.ssh(prev.key)] : prev.usePassphrase ? secrets[SECRET.passphrase(prev.key)] : undefined;
  const name = draftNodeId(prev) || 'the previous server';
  const what = prev.authKind === 'password' ? 'password' : 'passphrase';
  return (
    <MessageBar intent="info" layout="multiline" data-testid="reuse-login">
      <MessageBarBody>
        Sign in as on {name}? User {prev.user} with {HOW[prev.authKind]}{prev.authKind === 'key' && prev.keyPath ? ` (${prev.keyPath})` : ''}.
      </MessageBarBody>
      <MessageBarActions>
        <Button onClick={() => onUse(login)}>Use the same sign-in</Button>
        {secret && (
          <Button onClick={() => onUse({ ...login, ...(what === 'password' ? { password: secret } : { passphrase: secret }) })}>
            Use the same sign-in and {what}
          </Button>
        )}
      </MessageBarActions>
    </MessageBar>
  );
}
