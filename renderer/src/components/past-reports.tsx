/**
 * The reports every check run and apply left in the app's reports folder (reports.list), newest first,
 * each opened in the system's browser; and "Open reports folder", as Windows' cluster validation keeps
 * its reports. The list is read again whenever `refreshKey` changes (a run just ended).
 */
import { Body1, Button, Caption1, Link, MessageBar, MessageBarBody, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { FolderOpen20Regular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import type { CallOutput } from '../../../electron/shared/contract';
import { call, errorText } from '../api';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  head: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
  list: { margin: 0, paddingLeft: 0, listStyleType: 'none', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  row: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalS, alignItems: 'baseline' },
  muted: { color: tokens.colorNeutralForeground3 },
});

type Listing = CallOutput<'reports.list'>;
const KIND = { checks: 'Check run', apply: 'Apply', upgrade: 'Upgrade' } as const;
/** How many of the kept runs the page lists (the folder keeps more). */
const SHOWN = 10;

export function PastReports({ refreshKey, headingLevel = 3 }: { refreshKey?: string | null; headingLevel?: 2 | 3 }) {
  const s = useStyles();
  const [listing, setListing] = useState<Listing | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    call('reports.list', {}).then((l) => { if (live) setListing(l); }, (e: unknown) => { if (live) setError(errorText(e)); });
    return () => { live = false; };
  }, [refreshKey]);
  const open = (p: Promise<{ opened: boolean }>) => p.then(() => setError(null), (e: unknown) => setError(errorText(e)));
  const runs = listing?.runs ?? [];
  return (
    <div className={s.root}>
      <div className={s.head}>
        <Subtitle2 as={`h${headingLevel}`}>Past reports</Subtitle2>
        <Button icon={<FolderOpen20Regular />} disabled={!listing?.folder} onClick={() => void open(call('reports.openFolder', {}))}>Open reports folder</Button>
      </div>
      {listing?.folder && <Caption1 className={s.muted}>Every check run and apply is saved in {listing.folder} (the newest {listing.kept} are kept).</Caption1>}
      {listing && runs.length === 0 && <Body1>No reports yet: each check run and apply will leave one here.</Body1>}
      {runs.length > 0 && (
        <ul className={s.list} aria-label="Past reports">
          {runs.slice(0, SHOWN).map((r) => (
            <li key={r.id} className={s.row}>
              <Link onClick={() => void open(call('reports.open', { id: r.id }))}>{KIND[r.kind]}, {new Date(r.at).toLocaleString()}</Link>
              <Body1>{r.summary}</Body1>
            </li>
          ))}
        </ul>
      )}
      {error && <MessageBar intent="error"><MessageBarBody>{error}</MessageBarBody></MessageBar>}
    </div>
  );
}
