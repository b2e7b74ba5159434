/**
 * Load balancer: its type, sticky sessions and (optionally) the URL it answers on. The generated
 * configuration (`loadBalancer.config`) is shown read-only with Copy and Save; Test checks the URL.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import {
  Body1, Button, Dropdown, Field, MessageBar, MessageBarBody, Option, Spinner, Subtitle1, Tab, TabList, makeStyles, tokens,
} from '@fluentui/react-components';
import { Globe20Regular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { z } from 'zod';
import type { CallOutput } from '../../../electron/shared/contract';
import { LOAD_BALANCER_NAMES, LOAD_BALANCER_TYPES } from '../../../electron/shared/profile';
import { call, errorText } from '../api';
import { CheckRunPanel } from '../components/check-run-panel';
import { CodeViewer } from '../components/code-viewer';
import { SwitchField, TextField } from '../components/form-fields';
import { PageFrame } from '../components/page-frame';
import { runChecks } from '../store/check-actions';
import { useRun } from '../store/hooks';
import { toProfile } from '../store/profile-mapping';
import { useWizard, wizard } from '../store/wizard-store';
import { accessIncomplete } from './load-balancer/access-form';
import { BalancerAccessSection } from './load-balancer/balancer-access-section';

const schema = z.object({
  type: z.enum(LOAD_BALANCER_TYPES),
  sticky: z.boolean(),
  url: z.string().trim().refine((v) => v === '' || /^https?:\/\/[^\s/]+/i.test(v), 'A web address starting with http:// or https://'),
});
type Form = z.input<typeof schema>;
type Config = CallOutput<'loadBalancer.config'>;

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(16rem, 1fr))', gap: tokens.spacingHorizontalL, alignItems: 'start' },
  notes: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
});

export default function LoadBalancerPage() {
  const s = useStyles();
  const lb = useWizard((st) => st.draft.loadBalancer);
  const nodesKey = useWizard((st) => JSON.stringify(toProfile(st.draft, {}).profile.nodes));
  const { running, failures } = useRun('load-balancer');
  const [config, setConfig] = useState<Config | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tab, setTab] = useState(0);
  const { control, watch, getValues, handleSubmit } = useForm<Form>({ defaultValues: { ...wizard().draft.loadBalancer }, resolver: zodResolver(schema), mode: 'onChange' });

  useEffect(() => {
    const sub = watch(() => {
      const f = getValues();
      wizard().setDraft({ loadBalancer: { ...f, url: f.url.trim() } });
    });
    return () => sub.unsubscribe();
  }, [watch, getValues]);

  // The configuration follows the form; a short pause so typing a URL does not ask on every key.
  useEffect(() => {
    const urlOk = lb.url === '' || /^https?:\/\/[^\s/]+/i.test(lb.url);
    if (!urlOk) return;
    const t = setTimeout(() => {
      call('loadBalancer.config', { profile: toProfile(wizard().draft, {}).profile }).then((c) => {
        setConfig(c);
        setError(null);
      }, (e: unknown) => setError(errorText(e)));
    }, 300);
    return () => clearTimeout(t);
  }, [lb.type, lb.sticky, lb.url, nodesKey]);

  const file = config?.files[Math.min(tab, config.files.length - 1)];
  const accessBad = useWizard((st) => accessIncomplete(st.draft.balancerAccess, st.secrets));
  const blocked = failures.length > 0 ? 'The load balancer check failed: fix it, or clear the URL if the balancer is not set up yet.'
    : accessBad ? 'Finish how the wizard reaches the balancer, or choose “No: I run the balancer steps myself”.' : undefined;
  return (
    <PageFrame
      title="Load balancer"
      intro="Users reach the cluster through a load balancer that sends each request to a healthy server (it checks GET /health on each). The wizard writes its configuration for you to install."
      onSubmit={() => void handleSubmit(() => wizard().next())()}
      primaryLabel="Next"
      primaryDisabled={running || !!blocked}
      blockedReason={blocked}
    >
      <section className={s.section}>
        <div className={s.row}>
          <Controller control={control} name="type" render={({ field }) => (
            <Field label="Load balancer">
              <Dropdown value={LOAD_BALANCER_NAMES[field.value]} selectedOptions={[field.value]} onOptionSelect={(_, d) => d.optionValue && field.onChange(d.optionValue)}>
                {LOAD_BALANCER_TYPES.map((t) => <Option key={t} value={t}>{LOAD_BALANCER_NAMES[t]}</Option>)}
              </Dropdown>
            </Field>
          )} />
          <TextField control={control} name="url" label="Its address (optional)" placeholder="https://proget.corp.example"
            hint="Leave empty if the balancer is not set up yet: its checks are skipped until you add it." />
        </div>
        <SwitchField control={control} name="sticky" label="Sticky sessions" hint="Not required: with one encryption key on every server, any server can serve any user." />
        {lb.url && (
          <div>
            <Button icon={running ? <Spinner size="tiny" /> : <Globe20Regular />} disabled={running} onClick={() => void handleSubmit(() => runChecks('load-balancer'))()}>
              Test the load balancer
            </Button>
          </div>
        )}
        <CheckRunPanel scope="load-balancer" />
      </section>
      <BalancerAccessSection type={lb.type} />
      <section className={s.section} aria-labelledby="lb-config">
        <Subtitle1 as="h2" id="lb-config">Generated configuration</Subtitle1>
        {error && <MessageBar intent="error"><MessageBarBody>{error}</MessageBarBody></MessageBar>}
        {!config && !error && <Spinner size="tiny" label="Generating…" labelPosition="after" />}
        {config && config.files.length > 1 && (
          <TabList selectedValue={tab} onTabSelect={(_, d) => setTab(Number(d.value))} aria-label="Generated files">
            {config.files.map((f, i) => <Tab key={f.name} value={i}>{f.name}</Tab>)}
          </TabList>
        )}
        {file && <CodeViewer name={file.name} content={file.content} />}
        {config && config.notes.length > 0 && (
          <>
            <Body1>Notes:</Body1>
            <ul className={s.notes}>{config.notes.map((n) => <li key={n}><Body1>{n}</Body1></li>)}</ul>
          </>
        )}
      </section>
    </PageFrame>
  );
}
