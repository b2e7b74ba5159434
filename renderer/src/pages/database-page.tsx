/**
 * Database: SQL Server (or PostgreSQL/InedoDB for ProGet), built field by field or pasted as a
 * connection string; the two stay in sync both ways. The password is a separate secret (`db`): the
 * profile's string never holds it. Test runs the database checks; a failure blocks Next.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Caption1, MessageBar, MessageBarBody, Radio, RadioGroup, Field, Spinner, Subtitle1, makeStyles, tokens } from '@fluentui/react-components';
import { DatabasePlugConnected20Regular } from '@fluentui/react-icons';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { DATABASE_KINDS, type DatabaseKind } from '../../../electron/shared/kinds';
import { isOneOf } from '../../../electron/shared/one-of';
import { CheckRunPanel } from '../components/check-run-panel';
import { TextField } from '../components/form-fields';
import { PageFrame } from '../components/page-frame';
import { useHorizontalRadios } from '../components/radio-styles';
import { convertKind, formProblems } from '../../../electron/shared/connection-string/connection-fields';
import { liftPassword, withoutPassword } from '../../../electron/shared/connection-string/typed-password';
import { runChecks } from '../store/check-actions';
import { SECRET } from '../store/draft-types';
import { useStepTest } from '../store/use-step-test';
import { wizard } from '../store/wizard-store';
import { useProduct } from '../store/use-product';
import { ConnectionBuilder } from './database/connection-builder';
import { ConnectionStringBox } from './database/connection-string-box';
import { databaseFormSchema, type DatabaseForm } from './database/database-schema';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  raw: { fontFamily: tokens.fontFamilyMonospace },
  toolbar: { display: 'flex', gap: tokens.spacingHorizontalS },
});

export default function DatabasePage() {
  const s = useStyles();
  const radios = useHorizontalRadios();
  const product = useProduct();
  const { running, failures, advancing, primaryDisabled, testThenNext } = useStepTest('database');
  const [lifted, setLifted] = useState(false);
  const { control, watch, setValue, getValues, handleSubmit, formState: { isSubmitted } } = useForm<DatabaseForm>({
    defaultValues: (() => {
      const st = wizard();
      return { kind: st.draft.database.kind, connectionString: st.draft.database.connectionString, password: st.secrets[SECRET.db] ?? '', hasStoredPassword: !!st.draft.database.passwordRef };
    })(),
    resolver: zodResolver(databaseFormSchema),
    mode: 'onChange',
  });
  const [kind, connectionString] = useWatch({ control, name: ['kind', 'connectionString'] });

  // A password written into the string moves to its own field (the profile keeps it apart): typed,
  // once a `;` follows it; pasted, or when the box loses focus, at once.
  const pasting = useRef(false);
  const lift = useCallback((text: string, final: boolean): boolean => {
    const l = liftPassword(text, final);
    if (l.password === null) return false;
    setLifted(true);
    if (l.password) setValue('password', l.password, { shouldValidate: isSubmitted });
    setValue('connectionString', l.text, { shouldValidate: true });
    return true;
  }, [setValue, isSubmitted]);

  useEffect(() => {
    const sub = watch((_v, { name }) => {
      const f = getValues();
      if (name === 'connectionString') {
        const final = pasting.current;
        pasting.current = false;
        if (lift(f.connectionString, final)) return;
      }
      // The draft never holds a password, not even one still being typed into the box.
      wizard().setDatabase({ kind: f.kind, connectionString: withoutPassword(f.connectionString) });
      wizard().setSecret(SECRET.db, f.password);
    });
    return () => sub.unsubscribe();
  }, [watch, getValues, lift]);

  // Each empty required field says so itself once Next or Test was pressed, and clears as it is filled.
  const fieldErrors = isSubmitted ? formProblems(kind, connectionString).fields : {};
  const test = handleSubmit(async () => {
    await runChecks('database');
  });
  const next = handleSubmit(testThenNext);

  const changeKind = (to: DatabaseKind) => {
    setValue('connectionString', convertKind(kind, to, connectionString), { shouldValidate: false });
    setValue('kind', to);
  };

  const blocked = failures.length > 0 ? 'A database check failed: fix it (see what to do below), then test again.' : undefined;
  return (
    <PageFrame
      title="Database"
      intro={`Every ${product.name} server uses one shared database. The wizard writes this connection string to each server and tests it from this computer and from every server.`}
      onSubmit={() => void next()}
      primaryLabel={advancing ? 'Testing…' : 'Next'}
      primaryDisabled={primaryDisabled}
      blockedReason={blocked}
    >
      <section className={s.section}>
        <Controller control={control} name="kind" render={({ field }) => (
          <Field label="Database server" hint={product.supportsPostgres ? 'ProGet 2025 and later can use PostgreSQL; a ProGet cluster on PostgreSQL needs InedoDB.' : `${product.name} uses SQL Server.`}>
            <RadioGroup layout="horizontal" className={radios.group} value={field.value} onChange={(_, d) => { if (isOneOf(DATABASE_KINDS, d.value)) changeKind(d.value); }}>
              <Radio value="sqlserver" label="SQL Server" />
              {product.supportsPostgres && <Radio value="postgres" label="PostgreSQL / InedoDB" />}
            </RadioGroup>
          </Field>
        )} />
        <ConnectionBuilder
          kind={kind}
          value={connectionString}
          errors={fieldErrors}
          onChange={(next) => setValue('connectionString', next, { shouldValidate: true, shouldDirty: true })}
          passwordField={<TextField control={control} name="password" label="Password" type="password" autoComplete="new-password" required
            hint={wizard().draft.database.passwordRef ? 'Leave empty to use the one the saved profile refers to.' : undefined} />}
        />
        <ConnectionStringBox control={control} className={s.raw} onPaste={() => { pasting.current = true; }}
          onBlur={() => void lift(getValues('connectionString'), true)} />
        {lifted && (
          <MessageBar intent="info"><MessageBarBody>The password you wrote in the connection string was moved to the Password field: the saved profile keeps it apart from the connection string.</MessageBarBody></MessageBar>
        )}
        <div className={s.toolbar}>
          <Button icon={running ? <Spinner size="tiny" /> : <DatabasePlugConnected20Regular />} disabled={running} onClick={() => void test()}>Test the database</Button>
        </div>
        <Caption1>Tested from this computer (login, database, owner, collation, high availability) and from each server (reachability).</Caption1>
      </section>
      <section className={s.section} aria-labelledby="db-results">
        <Subtitle1 as="h2" id="db-results">Results</Subtitle1>
        <CheckRunPanel scope="database" idle="Not tested yet. Test the database, or press Next to test and go on." />
      </section>
    </PageFrame>
  );
}
