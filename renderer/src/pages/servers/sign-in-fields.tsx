/**
 * "Sign in with": password, private key (with its passphrase) or SSH agent. One set of fields for every
 * SSH login the wizard asks for (a server on the Servers page, the load balancer's host), so they read
 * and check alike. The form holding them has these field names.
 */
import { Button, Caption1, makeStyles, tokens, type FieldProps } from '@fluentui/react-components';
import { FolderOpen20Regular } from '@fluentui/react-icons';
import type { Control } from 'react-hook-form';
import { RadioField, SwitchField, TextField } from '../../components/form-fields';

export interface SignInForm {
  authKind: 'password' | 'key' | 'agent';
  password: string;
  keyPath: string;
  usePassphrase: boolean;
  passphrase: string;
}
type Fault = FieldProps['validationMessage'];

const useStyles = makeStyles({
  row: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(14rem, 1fr))', gap: tokens.spacingHorizontalL, alignItems: 'start' },
  keyRow: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'end' },
  grow: { flexGrow: 1 },
});

export const SIGN_IN_OPTIONS = [{ value: 'password', label: 'Password' }, { value: 'key', label: 'Private key' }, { value: 'agent', label: 'SSH agent' }];

interface Props {
  /** The form's control; it has the SignInForm fields. */
  control: Control<SignInForm>;
  authKind: SignInForm['authKind'];
  usePassphrase: boolean;
  windows: boolean;
  onBrowse: () => void;
  /** A saved profile refers to a password/passphrase: the field may stay empty. */
  storedPassword?: boolean;
  storedPassphrase?: boolean;
  faults?: Partial<Record<'password' | 'keyPath' | 'passphrase', Fault>>;
}

/** The secret fields for the chosen sign-in (the "Sign in with" choice itself is SignInChoice, placed by the form). */
export function SignInFields({ control, authKind, usePassphrase, windows, onBrowse, storedPassword, storedPassphrase, faults = {} }: Props) {
  const s = useStyles();
  const stored = (has: boolean | undefined) => (has ? 'Leave empty to use the one the saved profile refers to.' : undefined);
  if (authKind === 'password') {
    return (
      <div className={s.row}>
        <TextField control={control} name="password" label="Password" type="password" autoComplete="new-password" required hint={stored(storedPassword)} fault={faults.password} />
      </div>
    );
  }
  if (authKind === 'key') {
    return (
      <div className={s.row}>
        <div className={s.keyRow}>
          <TextField control={control} name="keyPath" label="Private key file" required className={s.grow} placeholder={windows ? 'C:\\Users\\me\\.ssh\\id_ed25519' : '~/.ssh/id_ed25519'} fault={faults.keyPath} />
          <Button icon={<FolderOpen20Regular />} onClick={onBrowse}>Browse…</Button>
        </div>
        <SwitchField control={control} name="usePassphrase" label="The key has a passphrase" />
        {usePassphrase && <TextField control={control} name="passphrase" label="Key passphrase" type="password" autoComplete="new-password" required hint={stored(storedPassphrase)} fault={faults.passphrase} />}
      </div>
    );
  }
  return <Caption1>Uses the SSH agent this computer runs (on Windows the OpenSSH agent; type “pageant” under Advanced for PuTTY’s).</Caption1>;
}

export function SignInChoice({ control, fault }: { control: Control<SignInForm>; fault?: Fault }) {
  return <RadioField control={control} name="authKind" label="Sign in with" fault={fault} options={SIGN_IN_OPTIONS} />;
}
