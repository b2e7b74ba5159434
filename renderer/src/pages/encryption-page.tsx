/**
 * Encryption key: every server must have the same one. Shows each server's key as a fingerprint only,
 * the engine's decision and why, and lets the admin keep one server's key or provide one.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import {
  Button, Caption1, Dropdown, Field, MessageBar, MessageBarBody, Option, Radio, RadioGroup, Spinner, Subtitle1, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens,
} from '@fluentui/react-components';
import { ArrowClockwise20Regular } from '@fluentui/react-icons';
import { useEffect } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { z } from 'zod';
import { ENCRYPTION_KEY_PATTERN } from '../../../electron/shared/encryption-key';
import { CheckRunPanel } from '../components/check-run-panel';
import { PageFrame } from '../components/page-frame';
import { StatusBadge } from '../components/status-badge';
import { useApplyFreshness } from '../store/after-apply';
import { ensureRun, runChecks } from '../store/check-actions';
import { SECRET, draftNodeId } from '../store/draft-types';
import { useStepTest } from '../store/use-step-test';
import { useWizard, wizard } from '../store/wizard-store';
import { KeyDecisionView } from './encryption/key-decision';
import { ProvidedKeyField } from './encryption/provided-key-field';

const schema = z.object({ mode: z.enum(['auto', 'keep-node', 'provided']), node: z.string(), key: z.string(), hasStoredKey: z.boolean() })
  .superRefine((v, ctx) => {
    if (v.mode === 'keep-node' && !v.node) ctx.addIssue({ code: 'custom', path: ['node'], message: 'Choose the server whose key the cluster keeps' });
    if (v.mode === 'provided' && !(v.hasStoredKey && !v.key) && !ENCRYPTION_KEY_PATTERN.test(v.key.trim())) ctx.addIssue({ code: 'custom', path: ['key'], message: 'An encryption key is 32 hexadecimal characters' });
  });
type Form = z.input<typeof schema>;

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  dropdown: { maxWidth: '32rem' },
});

export default function EncryptionPage() {
  const s = useStyles();
  const nodes = useWizard((st) => st.draft.nodes);
  const inventory = useWizard((st) => st.inventory);
  const { run, running, failures, results, stale, advancing, primaryDisabled, testThenNext } = useStepTest('encryption');
  // After an apply the keys are not what they were: until a run started since then has finished, the
  // page shows neither the old fingerprints nor the old decision ("…it will be written").
  const { appliedAt, readBefore } = useApplyFreshness('encryption');
  const keysCurrent = !appliedAt || (run?.status === 'done' && !readBefore);
  const { control, watch, getValues, handleSubmit } = useForm<Form>({
    defaultValues: (() => {
      const st = wizard();
      const e = st.draft.encryption;
      return { mode: e.mode, node: e.node, key: st.secrets[SECRET.encryptionKey] ?? '', hasStoredKey: !!e.keyRef };
    })(),
    resolver: zodResolver(schema),
    mode: 'onChange',
  });
  const mode = useWatch({ control, name: 'mode' });

  useEffect(() => {
    const sub = watch(() => {
      const f = getValues();
      const e = wizard().draft.encryption;
      wizard().setDraft({ encryption: { ...e, mode: f.mode, node: f.node } });
      wizard().setSecret(SECRET.encryptionKey, f.mode === 'provided' ? f.key.trim().toLowerCase() : '');
    });
    return () => sub.unsubscribe();
  }, [watch, getValues]);

  // Reading the keys needs the servers: do it on arrival, once per input, and again after an apply.
  useEffect(() => ensureRun('encryption'), [appliedAt]);

  const next = handleSubmit(testThenNext);

  const decision = keysCurrent ? results.find((r) => r.id === 'encryption.cluster-key') : undefined;
  const keyOf = (id: string) => (keysCurrent ? inventory[id]?.config?.encryptionKeyFingerprint ?? null : null);
  const keyRead = (id: string) => keysCurrent && !!inventory[id];
  // Only a server that has a key can be the one whose key is kept.
  const withKey = nodes.filter((n) => keyOf(draftNodeId(n)));
  const allRead = nodes.length > 0 && nodes.every((n) => keyRead(draftNodeId(n)));
  const noKeyOn = (id: string) => (id && keyRead(id) && !keyOf(id) ? `${id} has no key: choose a server that has one` : undefined);
  const blocked = failures.length > 0 ? 'Settle the encryption key (see below), then check again.' : undefined;
  return (
    <PageFrame
      title="Encryption key"
      intro="Every server must use the same encryption key: it protects secrets stored in the database and users’ sessions. A server that already holds data keeps its key; the wizard never shows a key, only its fingerprint."
      onSubmit={() => void next()}
      primaryLabel={advancing ? 'Checking…' : 'Next'}
      primaryDisabled={primaryDisabled}
      blockedReason={blocked}
    >
      <section className={s.section} aria-labelledby="keys-now">
        <Subtitle1 as="h2" id="keys-now">Each server’s key now</Subtitle1>
        <Table size="small" aria-labelledby="keys-now">
          <TableHeader><TableRow><TableHeaderCell>Server</TableHeaderCell><TableHeaderCell>Key fingerprint</TableHeaderCell><TableHeaderCell>Well formed</TableHeaderCell></TableRow></TableHeader>
          <TableBody>
            {nodes.map((n) => {
              const id = draftNodeId(n);
              const fp = keyOf(id);
              const wellFormed = inventory[id]?.config?.encryptionKeyWellFormed ?? null;
              return (
                <TableRow key={n.key}>
                  <TableCell>{id}</TableCell>
                  <TableCell className={s.mono}>{keyRead(id) ? (fp ?? 'no key') : running ? 'reading…' : 'not read yet'}</TableCell>
                  <TableCell>{fp ? <StatusBadge status={wellFormed ? 'pass' : 'fail'} label={wellFormed ? 'Yes' : 'No'} /> : '—'}</TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
        {appliedAt && !keysCurrent && (
          <MessageBar intent="info"><MessageBarBody>
            {running ? 'The configuration was applied: reading each server’s key again…' : 'The configuration was applied since these keys were read: check again to see them as they are now.'}
          </MessageBarBody></MessageBar>
        )}
        {decision && stale && <Caption1>The decision below is from before your change: check it again to see what your choice gives.</Caption1>}
        {decision && <KeyDecisionView result={decision} />}
      </section>
      <section className={s.section} aria-labelledby="key-choice">
        <Subtitle1 as="h2" id="key-choice">Which key the cluster uses</Subtitle1>
        <Controller control={control} name="mode" render={({ field }) => (
          <Field label="Key" hint={allRead && withKey.length === 0 ? 'No server has a key yet, so there is none to keep.' : undefined}>
            <RadioGroup value={field.value} onChange={(_, d) => field.onChange(d.value)}>
              <Radio value="auto" label="Decide for me (recommended): keep the key already used with the cluster’s database, or generate one when no server has any" />
              <Radio value="keep-node" label="Keep one server’s key" disabled={allRead && withKey.length === 0 && field.value !== 'keep-node'} />
              <Radio value="provided" label="Use a key I provide" />
            </RadioGroup>
          </Field>
        )} />
        {mode === 'keep-node' && (
          <Controller control={control} name="node" render={({ field, fieldState }) => (
            <Field label="Server whose key to keep" required validationMessage={fieldState.error?.message ?? noKeyOn(field.value)}
              validationState={fieldState.error || noKeyOn(field.value) ? 'error' : 'none'}>
              <Dropdown className={s.dropdown} value={field.value ? `${field.value}${keyOf(field.value) ? ` (${keyOf(field.value)})` : ''}` : ''} selectedOptions={field.value ? [field.value] : []}
                placeholder={withKey.length ? 'Choose a server' : allRead ? 'No server has a key' : 'Reading the servers’ keys…'}
                onOptionSelect={(_, d) => field.onChange(d.optionValue ?? '')} onBlur={field.onBlur}>
                {withKey.map((n) => {
                  const id = draftNodeId(n);
                  return <Option key={n.key} value={id} text={id}>{`${id} (${keyOf(id) ?? ''})`}</Option>;
                })}
              </Dropdown>
            </Field>
          )} />
        )}
        {mode === 'provided' && (
          <Controller control={control} name="key" render={({ field, fieldState }) => (
            <ProvidedKeyField value={field.value} onChange={field.onChange} onBlur={field.onBlur} error={fieldState.error?.message} hasStored={!!wizard().draft.encryption.keyRef} />
          )} />
        )}
        <div>
          <Button icon={running ? <Spinner size="tiny" /> : <ArrowClockwise20Regular />} disabled={running} onClick={() => void handleSubmit(() => runChecks('encryption'))()}>
            Check the decision again
          </Button>
        </div>
      </section>
      <section className={s.section} aria-labelledby="enc-results">
        <Subtitle1 as="h2" id="enc-results">Checks</Subtitle1>
        <CheckRunPanel scope="encryption" filter={(r) => r.id !== 'encryption.cluster-key' || r.status !== 'pass'} />
      </section>
    </PageFrame>
  );
}
