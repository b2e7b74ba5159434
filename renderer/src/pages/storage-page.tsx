/**
 * Shared storage: one path every server uses for packages/artifacts. Test writes a file from every
 * server and has every server read every other's: the matrix shows who sees whom.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { Body1, Button, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Subtitle1, makeStyles, tokens } from '@fluentui/react-components';
import { FolderLink20Regular } from '@fluentui/react-icons';
import { useEffect, useMemo } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { OS_KINDS } from '../../../electron/shared/kinds';
import { isOneOf } from '../../../electron/shared/one-of';
import { PRODUCTS } from '../../../electron/shared/products';
import { CheckRunPanel } from '../components/check-run-panel';
import { SwitchField, TextField } from '../components/form-fields';
import { PageFrame } from '../components/page-frame';
import { runChecks } from '../store/check-actions';
import { SECRET } from '../store/draft-types';
import { useStepTest } from '../store/use-step-test';
import { useWizard, wizard } from '../store/wizard-store';
import { useProduct } from '../store/use-product';
import { ApiKeyHttpWarning } from './storage/api-key-http-warning';
import { StorageMatrix } from './storage/storage-matrix';
import { SharedStorageData, storageFormSchema, type StorageForm } from './storage/storage-schema';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  rules: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
});

export default function StoragePage() {
  const s = useStyles();
  const product = useProduct();
  const osList = useWizard((st) => st.draft.nodes.map((n) => n.os).join(','));
  const oses = useMemo(() => osList.split(',').filter((o) => isOneOf(OS_KINDS, o)), [osList]);
  const { running, failures, stale, results, advancing, primaryDisabled, testThenNext } = useStepTest('storage');
  const { control, watch, getValues, handleSubmit } = useForm<StorageForm>({
    defaultValues: (() => {
      const st = wizard();
      return { storagePath: st.draft.storagePath, useApiKey: st.draft.useApiKey, apiKey: st.secrets[SECRET.apiKey] ?? '', hasStoredApiKey: !!st.draft.apiKeyRef, allowApiKeyOverHttp: st.draft.allowApiKeyOverHttp === true };
    })(),
    resolver: zodResolver(storageFormSchema(oses)),
    mode: 'onChange',
  });
  const useApiKey = useWatch({ control, name: 'useApiKey' });
  // The engine calls the first server's API at http://host:port (its web port, or the product's default).
  const firstServerUrl = useWizard((st) => {
    const n = st.draft.nodes[0];
    const host = n?.host.trim() || 'the first server';
    return `http://${host.includes(':') ? `[${host}]` : host}:${n?.webPort.trim() || PRODUCTS[st.draft.product].defaultPort}`;
  });

  useEffect(() => {
    const sub = watch(() => {
      const f = getValues();
      wizard().setDraft({ storagePath: f.storagePath, useApiKey: f.useApiKey, allowApiKeyOverHttp: f.useApiKey && f.allowApiKeyOverHttp });
      wizard().setSecret(SECRET.apiKey, f.useApiKey ? f.apiKey : '');
    });
    return () => sub.unsubscribe();
  }, [watch, getValues]);

  const test = handleSubmit(() => runChecks('storage'));
  const next = handleSubmit(testThenNext);

  const windows = oses.includes('windows');
  const shared = !stale ? results.find((r) => r.id === 'storage.shared') : undefined;
  const data = SharedStorageData.safeParse(shared?.data).data;
  const blocked = failures.length > 0 ? 'A storage check failed: fix it, then test again.' : undefined;
  const setting = product.storageSetting;
  return (
    <PageFrame
      title="Shared storage"
      intro={setting ? `Every server keeps ${product.id === 'proget' ? 'packages' : 'artifacts'} in one shared folder (${setting}).` : `${product.name} needs no shared folder of its own, but the servers should still agree on one for files they share.`}
      onSubmit={() => void next()}
      primaryLabel={advancing ? 'Testing…' : 'Next'}
      primaryDisabled={primaryDisabled}
      blockedReason={blocked}
    >
      <section className={s.section}>
        <TextField control={control} name="storagePath" label="Shared storage path" required
          placeholder={windows ? '\\\\nas\\proget\\packages' : (product.linuxStoragePath ?? '/var/shared')} />
        <Body1>The path must name the same folder on every server:</Body1>
        <ul className={s.rules}>
          {windows ? (
            <>
              <li>Windows: a UNC path, <code>\\server\share\folder</code>. Never a drive letter: a mapped drive exists only in an interactive session, never for the service.</li>
              <li>The product’s service account needs read, write and delete rights there (NetworkService reaches a share as the computer account, DOMAIN\NODE$; a domain account is recommended).</li>
              <li>Keep antivirus from actively scanning it.</li>
            </>
          ) : (
            <>
              <li>Linux/Docker: the absolute path where every node (or its container) mounts the shared storage{product.linuxStoragePath ? `, usually ${product.linuxStoragePath}` : ''}.</li>
              <li>The folder must exist and be writable by the product.</li>
            </>
          )}
        </ul>
        {product.hasSettingsApi && (
          <>
            <SwitchField control={control} name="useApiKey" label={`Let the wizard set ${setting ?? 'the storage setting'} and Web.BaseUrl through ${product.name}’s API`}
              hint="Needs an API key with administrative rights. Without it, these become manual steps with the exact values." />
            {useApiKey && <TextField control={control} name="apiKey" label="API key" type="password" autoComplete="new-password" required />}
            {useApiKey && <ApiKeyHttpWarning control={control} firstServerUrl={firstServerUrl} />}
          </>
        )}
        <div>
          <Button icon={running ? <Spinner size="tiny" /> : <FolderLink20Regular />} disabled={running} onClick={() => void test()}>Test the storage</Button>
        </div>
      </section>
      <section className={s.section} aria-labelledby="storage-results">
        <Subtitle1 as="h2" id="storage-results">Results</Subtitle1>
        {data?.misconfigured && data.misconfigured.length > 0 && (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{data.misconfigured.join(', ')} {data.misconfigured.length > 1 ? 'write' : 'writes'} to a folder of {data.misconfigured.length > 1 ? 'their' : 'its'} own</MessageBarTitle>
              {data.misconfigured.length > 1 ? 'They see' : 'It sees'} only {data.misconfigured.length > 1 ? 'their' : 'its'} own test file: mount the shared storage at this path there.
            </MessageBarBody>
          </MessageBar>
        )}
        {data?.seen && Object.keys(data.seen).length > 1 && <StorageMatrix seen={data.seen} />}
        <CheckRunPanel scope="storage" idle="Not tested yet. Test the storage, or press Next to test and go on." />
      </section>
    </PageFrame>
  );
}
