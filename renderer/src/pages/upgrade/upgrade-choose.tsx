/** The upgrade's choices: the target version (checked as typed against the rule table), the mode, where the database backup goes. */
import { Body1, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Radio, RadioGroup, makeStyles, tokens } from '@fluentui/react-components';
import type { DatabaseKind } from '../../../../electron/shared/kinds';
import { ProductVersionSchema, type UpgradePath } from '../../../../electron/shared/upgrade-schema';
import { setChoice, useUpgrade } from '../../store/upgrade-flow';
import { MODE_WORDS } from './upgrade-words';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  version: { maxWidth: '16rem' },
  sentence: { color: tokens.colorNeutralForeground2, marginLeft: tokens.spacingHorizontalXXL, display: 'block' },
});

/** What is wrong with the typed version, or null; and the rule table's answer once it is a version. */
export function versionVerdict(from: string | null, to: string, pathFor: (from: string, to: string) => UpgradePath): { error: string | null; path: UpgradePath | null } {
  const typed = to.trim();
  if (!typed) return { error: null, path: null };
  if (!ProductVersionSchema.safeParse(typed).success) return { error: 'Type a version as the product writes it: the year, a dot and the release, like 2026.1.', path: null };
  if (!from) return { error: null, path: null };
  const path = pathFor(from, typed);
  return { error: path.allowed ? null : `${path.reason}${path.via ? ` Upgrade to ${path.via} first.` : ''}`, path };
}

const BACKUP_HINT: Record<DatabaseKind, string> = {
  sqlserver: 'A folder on the SQL Server machine, as SQL Server sees it (for example D:\\Backups): SQL Server writes the backup there itself. It needs room for a full copy of the database.',
  postgres: 'A folder on the first server, where the wizard writes a dump of the PostgreSQL database. It needs room for a full copy of the database.',
};

export function UpgradeChoose({ from, productName, database, verdict }: {
  from: string | null; productName: string; database: DatabaseKind; verdict: { error: string | null; path: UpgradePath | null };
}) {
  const s = useStyles();
  const { to, mode, backupDir } = useUpgrade();
  const path = verdict.path;
  const rollingPossible = !!path?.allowed && path.rolling;
  const rollingWhy = !path ? 'Possible only between maintenance releases of one year; type the version first.'
    : !path.allowed ? 'Not possible: this upgrade is refused.'
      : path.rolling ? null
        : `Not possible for this upgrade: ${path.schemaChanges ? 'it changes the database schema, so every server must move to the new version together.' : 'the rule table does not let these two versions serve side by side.'}`;
  return (
    <div className={s.root}>
      <Body1>
        {from ? `Every server runs ${productName} ${from} now. ` : ''}
        The wizard checks the cluster and shows you the whole plan before anything changes. It backs up the database and each server’s configuration first, and puts
        everything back as it was if any step fails.
      </Body1>
      <Field label="Upgrade to version" required validationState={verdict.error ? 'error' : path?.allowed ? 'success' : 'none'}
        validationMessage={verdict.error ?? (path?.allowed ? path.note : `The year, a dot and the release, like 2026.1${from ? `; newer than ${from}` : ''}.`)}>
        <Input className={s.version} value={to} onChange={(_, d) => setChoice({ to: d.value })} placeholder="2026.1" />
      </Field>
      <Field label="How to upgrade">
        <RadioGroup value={mode} onChange={(_, d) => setChoice({ mode: d.value as typeof mode })}>
          <Radio value="coordinated" label={MODE_WORDS.coordinated.label} />
          <Body1 className={s.sentence}>{MODE_WORDS.coordinated.sentence}</Body1>
          <Radio value="rolling" label={MODE_WORDS.rolling.label} disabled={!rollingPossible} />
          <Body1 className={s.sentence}>{MODE_WORDS.rolling.sentence}{rollingWhy ? ` ${rollingWhy}` : ''}</Body1>
        </RadioGroup>
      </Field>
      {mode === 'rolling' && !rollingPossible && (
        <MessageBar intent="warning" data-testid="rolling-refused"><MessageBarBody><MessageBarTitle>One server at a time is not possible here.</MessageBarTitle>Choose all servers together.</MessageBarBody></MessageBar>
      )}
      <Field label="Folder for the database backup" required hint={BACKUP_HINT[database]}>
        <Input value={backupDir} onChange={(_, d) => setChoice({ backupDir: d.value })} placeholder={database === 'sqlserver' ? 'D:\\Backups' : '/var/backups'} />
      </Field>
    </div>
  );
}
