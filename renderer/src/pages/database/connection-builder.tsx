/**
 * The builder half of the Database page: server, port, database, login and TLS, each edit written
 * into the raw connection string (which the raw field shows at once), and read back from it.
 */
import { Field, Input, Radio, RadioGroup, Switch, makeStyles, tokens } from '@fluentui/react-components';
import { DEFAULT_PORT, readFields, writeFields, type DbFields, type RequiredField } from '../../../../electron/shared/connection-string/connection-fields';
import type { DatabaseKind } from '../../../../electron/shared/kinds';
import { useHorizontalRadios } from '../../components/radio-styles';

const useStyles = makeStyles({
  row: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(12rem, 1fr))', gap: tokens.spacingHorizontalL, alignItems: 'start' },
  switches: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalXL, rowGap: tokens.spacingVerticalXS },
});

interface Props {
  kind: DatabaseKind;
  value: string;
  onChange: (next: string) => void;
  /** Each empty required field's message, shown at that field. */
  errors: Partial<Record<RequiredField, string>>;
  /** The password field sits in the login row; the page owns it (it is a secret, not part of the string). */
  passwordField: React.ReactNode;
}

const isRequired = (key: keyof DbFields): key is RequiredField => key === 'host' || key === 'database' || key === 'user';

export function ConnectionBuilder({ kind, value, onChange, errors, passwordField }: Props) {
  const s = useStyles();
  const radios = useHorizontalRadios();
  const f = readFields(kind, value);
  const set = <K extends keyof DbFields>(key: K, v: DbFields[K]) => onChange(writeFields(kind, value, { ...f, [key]: v }, [key]));
  const text = (key: 'host' | 'instance' | 'port' | 'database' | 'user', label: string, extra?: { placeholder?: string; hint?: string; required?: boolean }) => (
    <Field label={label} hint={extra?.hint} required={extra?.required ?? false}
      validationMessage={isRequired(key) ? errors[key] : undefined} validationState={isRequired(key) && errors[key] ? 'error' : 'none'}>
      <Input value={f[key]} onChange={(_, d) => set(key, d.value)} placeholder={extra?.placeholder} spellCheck={false} autoComplete="off" />
    </Field>
  );
  return (
    <>
      <div className={s.row}>
        {text('host', 'Server', { placeholder: kind === 'sqlserver' ? 'sql01.corp.example' : 'db01.corp.example', required: true })}
        {kind === 'sqlserver' && text('instance', 'Instance', { hint: 'Only for a named instance.' })}
        {text('port', 'Port', { placeholder: DEFAULT_PORT[kind], hint: `Defaults to ${DEFAULT_PORT[kind]}.` })}
        {text('database', 'Database', { placeholder: 'ProGet', required: true })}
      </div>
      {kind === 'sqlserver' && (
        <Field label="Authentication">
          <RadioGroup layout="horizontal" className={radios.group} value={f.integrated ? 'integrated' : 'sql'} onChange={(_, d) => set('integrated', d.value === 'integrated')}>
            <Radio value="sql" label="SQL Server login" />
            <Radio value="integrated" label="Windows integrated (the service account)" />
          </RadioGroup>
        </Field>
      )}
      {!f.integrated && (
        <div className={s.row}>
          {text('user', kind === 'sqlserver' ? 'Login' : 'User name', { required: true })}
          {passwordField}
        </div>
      )}
      {/* Inedo supports no TLS option (or any other) in a PostgreSQL connection string. */}
      {kind === 'sqlserver' && (
        <div className={s.switches}>
          <Switch label="Encrypt the connection (TLS)" checked={f.encrypt} onChange={(_, d) => set('encrypt', d.checked)} />
          <Switch label="Trust the server’s certificate without validating it" checked={f.trustServerCertificate} onChange={(_, d) => set('trustServerCertificate', d.checked)} />
        </div>
      )}
    </>
  );
}
