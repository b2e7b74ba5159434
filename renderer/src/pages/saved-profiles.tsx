/** Saved profiles (`profile.list`); Open restores every field, secrets included (`profile.open`), asking first over unsaved work. */
import { Body1, Button, Caption1, MessageBar, MessageBarBody, Spinner, Subtitle1, makeStyles, tokens } from '@fluentui/react-components';
import { FolderOpen20Regular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import type { CallOutput } from '../../../electron/shared/contract';
import { call, engine, errorText } from '../api';
import { fromProfile } from '../store/profile-mapping';
import { openOverWork } from '../store/open-guard';
import { useWizard } from '../store/wizard-store';

type Saved = CallOutput<'profile.list'>;

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, maxWidth: '40rem' },
  item: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`, borderRadius: tokens.borderRadiusMedium, backgroundColor: tokens.colorNeutralBackground2 },
  name: { flexGrow: 1, display: 'flex', flexDirection: 'column' },
});

export function SavedProfiles() {
  const s = useStyles();
  const [list, setList] = useState<Saved | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [opening, setOpening] = useState<string | null>(null);
  const loadProfile = useWizard((st) => st.loadProfile);

  useEffect(() => {
    if (!engine()) return;
    call('profile.list', {}).then(setList, (e: unknown) => setError(errorText(e)));
  }, []);

  const open = async (id: string, name: string) => {
    setOpening(id);
    setError(null);
    try {
      const out = await call('profile.open', { id });
      const { draft, secrets } = fromProfile(out.profile, out.secrets, out.name || name);
      loadProfile(draft, secrets);
    } catch (e) {
      setError(errorText(e));
      setOpening(null);
    }
  };

  if (!engine()) return null;
  return (
    <section className={s.root} aria-labelledby="saved-profiles">
      <Subtitle1 as="h2" id="saved-profiles">Open a saved profile</Subtitle1>
      {error && <MessageBar intent="error"><MessageBarBody>{error}</MessageBarBody></MessageBar>}
      {!list && !error && <Spinner size="tiny" label="Reading saved profiles…" labelPosition="after" />}
      {list && list.length === 0 && <Body1>No saved profiles yet. Start a new cluster; you can save it from the Servers page on.</Body1>}
      {list && list.length > 0 && (
        <ul className={s.list}>
          {list.map((p) => (
            <li key={p.id} className={s.item}>
              <span className={s.name}>
                <Body1>{p.name}</Body1>
                <Caption1>Saved {new Date(p.savedAt).toLocaleString()}</Caption1>
              </span>
              <Button icon={opening === p.id ? <Spinner size="tiny" /> : <FolderOpen20Regular />} disabled={opening !== null} onClick={() => openOverWork(p.name, () => open(p.id, p.name))} aria-label={`Open ${p.name}`}>
                Open
              </Button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
