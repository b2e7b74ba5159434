/** After a reload: which passwords to type again (they are never kept across a reload). */
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { Dismiss20Regular } from '@fluentui/react-icons';
import { secretLabel } from '../store/session-persist';
import { useRetype } from '../store/session-keeper';
import { useWizard } from '../store/wizard-store';

export function RetypeNotice({ className }: { className?: string }) {
  const keys = useRetype((s) => s.keys);
  const dismiss = useRetype((s) => s.dismiss);
  const draft = useWizard((s) => s.draft);
  const secrets = useWizard((s) => s.secrets);
  const nodeKeys = new Set(draft.nodes.map((n) => n.key));
  // Only what is still missing, for servers still in the list.
  const missing = keys.filter((k) => !secrets[k] && (!k.includes(':') || nodeKeys.has(k.slice(k.indexOf(':') + 1))));
  if (!missing.length) return null;
  const words = missing.map((k) => secretLabel(k, draft));
  return (
    <div className={className}>
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>Type your passwords again</MessageBarTitle>
        The window was reloaded. Everything else you entered is still here, but passwords and keys are never kept across a reload: type {words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : words[0]} again before you test or apply.
      </MessageBarBody>
      <MessageBarActions containerAction={<Button appearance="transparent" aria-label="Dismiss" icon={<Dismiss20Regular />} onClick={dismiss} />} />
    </MessageBar>
    </div>
  );
}
