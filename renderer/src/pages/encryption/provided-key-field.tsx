/**
 * The key the admin provides: a password field; shown or copied only when asked. Generating one uses
 * the browser's CSPRNG (16 bytes as 32 hex characters, like Inedo's Docker guide).
 */
import { Button, Field, Input, ToggleButton, makeStyles, tokens } from '@fluentui/react-components';
import { Copy20Regular, Eye20Regular, EyeOff20Regular, Key20Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import { ENCRYPTION_KEY_BYTES, encryptionKeyText } from '../../../../electron/shared/encryption-key';

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'end', flexWrap: 'wrap' },
  field: { flexGrow: 1, minWidth: '20rem', maxWidth: '32rem' },
  mono: { fontFamily: tokens.fontFamilyMonospace },
});

interface Props {
  value: string;
  onChange: (v: string) => void;
  onBlur: () => void;
  error: string | undefined;
  /** A saved profile refers to a key that is not shown here. */
  hasStored: boolean;
}

export function ProvidedKeyField({ value, onChange, onBlur, error, hasStored }: Props) {
  const s = useStyles();
  const [shown, setShown] = useState(false);
  const [copied, setCopied] = useState(false);
  const generate = () => {
    const hex = encryptionKeyText(crypto.getRandomValues(new Uint8Array(ENCRYPTION_KEY_BYTES)));
    onChange(hex);
    setCopied(false);
  };
  const copy = async () => {
    await navigator.clipboard.writeText(value);
    setCopied(true);
  };
  return (
    <div className={s.row}>
      <Field className={s.field} label="Encryption key" required validationMessage={error} validationState={error ? 'error' : 'none'}
        hint={hasStored && !value ? 'Leave empty to use the one the saved profile refers to.' : '32 hexadecimal characters.'}>
        <Input type={shown ? 'text' : 'password'} value={value} onChange={(_, d) => { onChange(d.value); setCopied(false); }} onBlur={onBlur}
          className={s.mono} autoComplete="new-password" spellCheck={false} />
      </Field>
      <ToggleButton checked={shown} icon={shown ? <EyeOff20Regular /> : <Eye20Regular />} onClick={() => setShown((x) => !x)} disabled={!value}>
        {shown ? 'Hide key' : 'Show key'}
      </ToggleButton>
      <Button icon={<Copy20Regular />} onClick={() => void copy()} disabled={!value}>{copied ? 'Copied' : 'Copy key'}</Button>
      <Button icon={<Key20Regular />} onClick={generate}>Generate a key</Button>
    </div>
  );
}
