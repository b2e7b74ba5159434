/** The top bar: the app's name, the product being clustered, and Save profile (from Servers on). */
import { Badge, Button, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowExport20Regular, Save20Regular } from '@fluentui/react-icons';
import { Suspense, lazy, useState } from 'react';
import { PRODUCTS } from '../../../electron/shared/products';
import { stepIndex } from '../store/steps';
import { call } from '../api';
import { toProfile } from '../store/profile-mapping';
import { useWizard, wizard } from '../store/wizard-store';

const SaveProfileDialog = lazy(() => import('./save-profile-dialog'));

const useStyles = makeStyles({
  bar: {
    display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, backgroundColor: tokens.colorNeutralBackground3,
  },
  spacer: { flexGrow: 1 },
});

export function AppHeader() {
  const s = useStyles();
  const product = useWizard((st) => st.draft.product);
  const name = useWizard((st) => st.draft.name);
  const canSave = useWizard((st) => st.furthest >= stepIndex('servers'));
  const [saving, setSavingState] = useState(false);
  const [wanted, setWanted] = useState(false);
  const setSaving = (open: boolean) => {
    if (open) setWanted(true);
    setSavingState(open);
  };
  // The profile as a file (secrets only as references), for a colleague or for ha-wizard --profile.
  const exportProfile = async () => {
    const st = wizard();
    const { profile } = toProfile(st.draft, {});
    await call('file.save', { suggestedName: `${(st.draft.name || 'cluster').replace(/[^A-Za-z0-9._-]+/g, '-')}.hawizard`, content: `${JSON.stringify(profile, null, 2)}\n`, kind: 'profile' }).catch(() => undefined);
  };
  return (
    <header className={s.bar}>
      <Text as="span" size={400} weight="semibold">HA Wizard</Text>
      {canSave && <Badge appearance="outline" color="brand">{PRODUCTS[product].name}</Badge>}
      {canSave && name && <Text as="span">{name}</Text>}
      <span className={s.spacer} />
      {canSave && <Button icon={<Save20Regular />} onClick={() => setSaving(true)}>Save profile</Button>}
      {canSave && <Button appearance="subtle" icon={<ArrowExport20Regular />} onClick={() => void exportProfile()} title="A .hawizard file to share or script with: secrets are left out">Export…</Button>}
      {/* Loaded the first time it is wanted, then kept mounted (components/kept-dialog.tsx says why). */}
      {wanted && (
        <Suspense fallback={null}>
          <SaveProfileDialog open={saving} onClose={() => setSaving(false)} />
        </Suspense>
      )}
    </header>
  );
}
