/**
 * An opened profile takes secrets from files or environment variables on this computer: each is
 * shown by name, with where its value would go, and nothing is read until the admin allows it. The
 * yes holds while this profile stays open; a no clears those fields, to be typed instead.
 */
import {
  Body1, Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, MessageBar, MessageBarBody, Text, makeStyles, tokens,
} from '@fluentui/react-components';
import { describeLocalRef } from '../../../electron/shared/local-secrets';
import { useWizard } from '../store/wizard-store';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  item: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`, borderRadius: tokens.borderRadiusMedium, backgroundColor: tokens.colorNeutralBackground3 },
  source: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  goes: { color: tokens.colorNeutralForeground3 },
});

export function LocalSecretsDialog() {
  const s = useStyles();
  const asked = useWizard((st) => st.localConsent);
  const name = useWizard((st) => st.draft.name);
  const answer = useWizard((st) => st.answerLocalSecrets);
  const uses = asked ?? [];
  return (
    // An alert: Escape or a click outside does not answer it; the admin chooses.
    // Always mounted, closed by `open`: a Dialog unmounted while open can leave aria-hidden on the whole
    // page (Fluent/tabster, microsoft/fluentui#35139), hiding it from screen readers.
    <Dialog open={!!asked} modalType="alert">
      <DialogSurface aria-describedby="local-secrets-explain">
        <DialogBody>
          <DialogTitle>Read secrets from this computer?</DialogTitle>
          <DialogContent className={s.content}>
            <Body1 id="local-secrets-explain">
              The profile{name ? ` “${name}”` : ''} takes {uses.length === 1 ? 'this secret' : `these ${uses.length} secrets`} from
              this computer. The wizard reads {uses.length === 1 ? 'it' : 'them'} only if you allow it, for as long as this profile is open;
              otherwise you type {uses.length === 1 ? 'it' : 'them'} on the wizard’s pages.
            </Body1>
            <ul className={s.list} aria-label="Secrets the profile reads from this computer">
              {uses.map((u) => (
                <li key={u.where} className={s.item} data-testid={`local-secret-${u.where}`}>
                  <Text weight="semibold">{u.label}</Text>
                  <Text className={s.source}>from the {describeLocalRef(u.ref)}</Text>
                  <Text size={200} className={s.goes}>{u.goesTo}</Text>
                </li>
              ))}
            </ul>
            <MessageBar intent="warning" layout="multiline">
              <MessageBarBody>
                Allow this only for a profile you or your team wrote. A profile can name any file on this computer (an SSH private
                key, for example) and a server of its choosing to send it to.
              </MessageBarBody>
            </MessageBar>
          </DialogContent>
          <DialogActions>
            <Button onClick={() => answer(true)}>Allow</Button>
            <Button appearance="primary" onClick={() => answer(false)}>Don’t read them</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
