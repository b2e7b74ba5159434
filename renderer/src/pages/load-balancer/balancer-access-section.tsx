/**
 * "Let the wizard drive the balancer (optional)" (issue 13): no access (every balancer step is a manual
 * step), HAProxy's runtime API, or an SSH login on the balancer's host. Test access asks the balancer for
 * its members (`balancer.members`); an unknown SSH host key goes through the Servers page's trust dialog.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { Body1, Caption1, Subtitle1, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useMemo } from 'react';
import { useForm, useWatch, type Control } from 'react-hook-form';
import { LOAD_BALANCER_NAMES, type LoadBalancerType } from '../../../../electron/shared/profile';
import { call, errorText } from '../../api';
import { RadioField, TextField } from '../../components/form-fields';
import { SECRET, emptyBalancerAccess } from '../../store/draft-types';
import { useWizard, wizard } from '../../store/wizard-store';
import { SignInChoice, SignInFields, type SignInForm } from '../servers/sign-in-fields';
import { accessFormSchema, accessKindsFor, accessToForm, formToAccess, type AccessForm } from './access-form';
import { AccessTest } from './access-test';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(14rem, 1fr))', gap: tokens.spacingHorizontalL, alignItems: 'start' },
});

const CHOICES = { none: 'No: I run the balancer steps myself', 'haproxy-api': 'HAProxy’s runtime API', ssh: 'An SSH login on the balancer’s host' } as const;

export function BalancerAccessSection({ type }: { type: LoadBalancerType }) {
  const s = useStyles();
  const allowed = useMemo(() => accessKindsFor(type), [type]);
  const fingerprint = useWizard((st) => (st.draft.balancerAccess ?? emptyBalancerAccess()).hostKeyFingerprint);
  const { control, watch, setValue, getValues } = useForm<AccessForm>({
    defaultValues: accessToForm(wizard().draft.balancerAccess ?? emptyBalancerAccess(), wizard().secrets),
    resolver: zodResolver(accessFormSchema),
    mode: 'onChange',
  });
  const [kind, authKind, usePassphrase] = useWatch({ control, name: ['kind', 'authKind', 'usePassphrase'] });

  useEffect(() => {
    const sub = watch(() => {
      const f = getValues();
      const st = wizard();
      st.setDraft({ balancerAccess: formToAccess(f, st.draft.balancerAccess ?? emptyBalancerAccess()) });
      const ssh = f.kind === 'ssh';
      st.setSecret(SECRET.balancerSsh, ssh && f.authKind === 'password' ? f.password : '');
      st.setSecret(SECRET.balancerPassphrase, ssh && f.authKind === 'key' && f.usePassphrase ? f.passphrase : '');
    });
    return () => sub.unsubscribe();
  }, [watch, getValues]);

  // A way in this balancer type does not have (the admin changed the type): back to "no".
  useEffect(() => {
    if (!allowed.includes(getValues('kind'))) setValue('kind', 'none', { shouldValidate: true });
  }, [allowed, getValues, setValue]);

  // A key accepted in the trust dialog shows up in its field.
  useEffect(() => {
    if (getValues('hostKeyFingerprint') !== fingerprint) setValue('hostKeyFingerprint', fingerprint);
  }, [fingerprint, getValues, setValue]);

  const browse = async () => {
    try {
      const { path } = await call('dialog.pickKeyFile', {});
      if (path) setValue('keyPath', path, { shouldValidate: true, shouldDirty: true });
    } catch (e) {
      console.warn('could not open the file picker:', errorText(e));
    }
  };

  // Kept: the sign-in fields are shared with the Servers page; this form has their names (Control is invariant).
  const signIn = control as unknown as Control<SignInForm>;
  const name = LOAD_BALANCER_NAMES[type];
  return (
    <section className={s.section} aria-labelledby="lb-access">
      <Subtitle1 as="h2" id="lb-access">Let the wizard drive the balancer (optional)</Subtitle1>
      {allowed.length === 1 ? (
        <Body1>The wizard cannot sign in to {name}: for every balancer step (taking a server out of rotation, adding or removing one) it writes the exact steps for you to run there.</Body1>
      ) : (
        <>
          <Body1>With access, the wizard takes a server out of rotation before it restarts it, and adds or removes servers at the balancer itself. Without it, it writes those steps for you.</Body1>
          <RadioField control={control} name="kind" label="Can the wizard reach the balancer?"
            options={allowed.map((k) => ({ value: k, label: CHOICES[k] }))} />
        </>
      )}
      {kind === 'haproxy-api' && (
        <>
          <div className={s.row}>
            <TextField control={control} name="host" label="Runtime API address" required placeholder="10.0.0.5" />
            <TextField control={control} name="port" label="Port" required placeholder="9999" />
          </div>
          <Caption1>
            HAProxy must listen with <Text font="monospace" size={200}>stats socket ipv4@ADDRESS:PORT level admin</Text> in its global section.
            This API has no password: put it on a management network only this computer and the balancer can reach.
          </Caption1>
        </>
      )}
      {kind === 'ssh' && (
        <>
          <div className={s.row}>
            <TextField control={control} name="host" label="Balancer’s host name or IP address" required placeholder="lb1.corp.example" />
            <TextField control={control} name="port" label="SSH port" required placeholder="22" />
            <TextField control={control} name="user" label="User" required placeholder="admin" />
          </div>
          <SignInChoice control={signIn} />
          <SignInFields control={signIn} authKind={authKind} usePassphrase={usePassphrase} windows={false} onBrowse={() => void browse()}
            storedPassword={getValues('hasStoredPassword')} storedPassphrase={getValues('hasStoredPassphrase')} />
          <div className={s.row}>
            <TextField control={control} name="configPath" label="Configuration file on that host" required
              placeholder={type === 'haproxy' ? '/etc/haproxy/haproxy.cfg' : '/etc/nginx/conf.d/proget.conf'}
              hint={type === 'nginx' ? 'The file that holds the upstream block.' : undefined} />
            {type === 'haproxy' && (
              <TextField control={control} name="runtimeSocket" label="Admin socket path (optional)" placeholder="/run/haproxy/admin.sock"
                hint="Lets the wizard drain a server without a reload." />
            )}
            {authKind === 'agent' && <TextField control={control} name="agent" label="Agent" placeholder="pageant" hint="Leave empty for the default agent." />}
            <TextField control={control} name="hostKeyFingerprint" label="Trusted host key" placeholder="SHA256:…"
              hint="Set when you accept the host’s key after Test access." />
          </div>
        </>
      )}
      {kind !== 'none' && <AccessTest />}
    </section>
  );
}
