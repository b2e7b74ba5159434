/**
 * One server's form. Every change goes straight to the store (Back and Next never lose it); the
 * password and passphrase go to the in-memory secrets, never into the profile.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import {
  Accordion, AccordionHeader, AccordionItem, AccordionPanel, Button, makeStyles, tokens,
} from '@fluentui/react-components';
import { useEffect, useMemo } from 'react';
import { useForm, useWatch, type Control } from 'react-hook-form';
import { call, errorText } from '../../api';
import { RadioField, TextField } from '../../components/form-fields';
import type { ServerField } from '../../../../electron/shared/server-field';
import { SECRET, type NodeDraft } from '../../store/draft-types';
import type { CheckResult } from '../../store/run-types';
import { wizard } from '../../store/wizard-store';
import { useProduct } from '../../store/use-product';
import { connectFaults, FaultList } from './connect-faults';
import { formToNode, nodeFormSchema, nodeToForm, type NodeForm } from './node-schema';
import { ReuseLoginOffer, type ReusedLogin } from './reuse-login';
import { SignInChoice, SignInFields, type SignInForm } from './sign-in-fields';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, paddingTop: tokens.spacingVerticalS },
  row: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(14rem, 1fr))', gap: tokens.spacingHorizontalL, alignItems: 'start' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
});

interface Props {
  node: NodeDraft;
  /** Bumped by the page's Next when this node is incomplete: show every error (0: none before the admin types). */
  attempt: number;
  /** What the last Connect found wrong with this server (host key aside): shown at the field at fault. */
  problems: CheckResult[];
  /** Where the form writes (a server not in the draft yet: the dashboard's "Add a server"); the draft by default. */
  sink?: NodeSink;
}

/** Where a node form's changes go: the node's fields, its secrets (by local key), and Done. */
export interface NodeSink {
  secrets: Record<string, string>;
  update(patch: Partial<NodeDraft>): void;
  setSecret(key: string, value: string): void;
  done(): void;
}

/** The draft's own node (the Servers page). */
const draftSink = (key: string): NodeSink => ({
  get secrets() { return wizard().secrets; },
  update: (patch) => wizard().updateNode(key, patch),
  setSecret: (k, v) => wizard().setSecret(k, v),
  done: () => wizard().setEditingNode(null),
});

export function NodeEditor({ node, attempt, problems, sink: given }: Props) {
  const s = useStyles();
  const product = useProduct();
  const sink = useMemo(() => given ?? draftSink(node.key), [given, node.key]);
  const { control, watch, setValue, getValues, trigger } = useForm<NodeForm>({
    defaultValues: nodeToForm(node, sink.secrets),
    resolver: zodResolver(nodeFormSchema),
    mode: 'onChange',
  });
  const [os, authKind, usePassphrase] = useWatch({ control, name: ['os', 'authKind', 'usePassphrase'] });

  useEffect(() => {
    const sub = watch((_v, { name }) => {
      let f = getValues();
      // Paths of one OS mean nothing on the other: start those fields afresh, and store the new OS now
      // (clearing alone did not reach the store: the draft kept the old OS until another edit).
      if (name === 'os') {
        setValue('configPath', '');
        setValue('serviceCommand', '');
        f = { ...f, configPath: '', serviceCommand: '' };
      }
      sink.update({ ...formToNode(f), ...(name === 'hostKeyFingerprint' ? { hostKeyFingerprint: f.hostKeyFingerprint.trim() } : {}) });
      sink.setSecret(SECRET.ssh(node.key), f.password ?? '');
      sink.setSecret(SECRET.passphrase(node.key), f.usePassphrase ? (f.passphrase ?? '') : '');
    });
    return () => sub.unsubscribe();
  }, [watch, setValue, getValues, node.key, sink]);

  // A key accepted in the host key dialog while this form is open shows up here.
  useEffect(() => {
    if (getValues('hostKeyFingerprint') !== node.hostKeyFingerprint) setValue('hostKeyFingerprint', node.hostKeyFingerprint);
  }, [node.hostKeyFingerprint, getValues, setValue]);

  useEffect(() => {
    if (attempt > 0) void trigger();
  }, [attempt, trigger]);

  const done = async () => {
    if (await trigger()) sink.done();
  };

  const browse = async () => {
    try {
      const { path } = await call('dialog.pickKeyFile', {});
      if (path) setValue('keyPath', path, { shouldValidate: true, shouldDirty: true });
    } catch (e) {
      setValue('keyPath', '', { shouldValidate: true });
      console.warn('could not open the file picker:', errorText(e));
    }
  };

  const reuse = (login: ReusedLogin) => {
    const opts = { shouldDirty: true } as const;
    setValue('user', login.user, opts);
    setValue('authKind', login.authKind, opts);
    setValue('keyPath', login.keyPath, opts);
    setValue('usePassphrase', login.usePassphrase, opts);
    setValue('agent', login.agent, opts);
    if (login.password !== undefined) setValue('password', login.password, opts);
    if (login.passphrase !== undefined) setValue('passphrase', login.passphrase, opts);
  };

  // Fields on screen now; a fault at one that is not (e.g. under Advanced) goes in the list below.
  const shown = (f: ServerField) => ({
    host: true, port: true, user: true, authKind: true, password: authKind === 'password', keyPath: authKind === 'key',
    passphrase: authKind === 'key' && usePassphrase, agent: false,
  })[f];
  const faults = connectFaults(problems, shown);

  // The sign-in fields are shared with the load balancer's SSH login; this form has their names.
  const signIn = control as unknown as Control<SignInForm>;
  return (
    <div className={s.root}>
      <ReuseLoginOffer node={node} onUse={reuse} />
      <div className={s.row}>
        <TextField control={control} name="host" label="Host name or IP address" required placeholder="proget1.corp.example" fault={faults.at.host} />
        <TextField control={control} name="port" label="SSH port" required fault={faults.at.port} />
        <TextField control={control} name="user" label="User" required placeholder={os === 'windows' ? 'CORP\\admin' : 'admin'} fault={faults.at.user} />
      </div>
      <div className={s.row}>
        <RadioField control={control} name="os" label="Operating system" options={[{ value: 'windows', label: 'Windows' }, { value: 'linux', label: 'Linux / Docker' }]} />
        <SignInChoice control={signIn} fault={faults.at.authKind} />
      </div>
      <SignInFields control={signIn} authKind={authKind} usePassphrase={usePassphrase} windows={os === 'windows'} onBrowse={() => void browse()}
        storedPassword={!!node.passwordRef} storedPassphrase={!!node.passphraseRef} faults={faults.at} />
      {os === 'linux' && (
        <div className={s.row}>
          <TextField control={control} name="configPath" label="Environment file (the product’s configuration)" required placeholder={`/etc/${product.id}/${product.id}.env`} />
          <TextField control={control} name="serviceCommand" label="Service command" required placeholder={`/usr/local/bin/${product.id}-service`}
            hint="A program that takes start, stop, restart and status." />
        </div>
      )}
      <Accordion collapsible>
        <AccordionItem value="advanced">
          <AccordionHeader>Advanced</AccordionHeader>
          <AccordionPanel>
            <div className={s.row}>
              <TextField control={control} name="id" label="Name in the wizard" hint="Defaults to the host." />
              <TextField control={control} name="webPort" label="Web port" placeholder={String(product.defaultPort)} hint={`Defaults to ${product.defaultPort}.`} />
              {os === 'windows' && <TextField control={control} name="configPath" label="Configuration file" placeholder={product.windowsConfigPath} hint="Only when not the default." />}
              {os === 'windows' && <TextField control={control} name="serviceCommand" label="Service name" placeholder={product.service} hint="Only when not the default." />}
              {os === 'windows' && <TextField control={control} name="serviceAccount" label="Service account" placeholder="NT AUTHORITY\NetworkService" hint="For the storage rights check." />}
              {authKind === 'agent' && <TextField control={control} name="agent" label="Agent" placeholder="pageant" hint="Leave empty for the default agent." />}
              <TextField control={control} name="hostKeyFingerprint" label="Trusted host key" placeholder="SHA256:…"
                hint="Set when you accept the server’s key. Change it only to the fingerprint you verified on the server itself." />
            </div>
          </AccordionPanel>
        </AccordionItem>
      </Accordion>
      <FaultList results={faults.rest} />
      <div className={s.actions}>
        <Button appearance="secondary" onClick={() => void done()}>Done</Button>
      </div>
    </div>
  );
}
