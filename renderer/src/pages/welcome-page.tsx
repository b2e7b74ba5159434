/**
 * Welcome: choose the product, start a new cluster or open a saved one, and see what the wizard does
 * and needs. Loaded with the app, so it keeps to a few light components.
 */
import { Body1, Button, Card, Label, Radio, RadioGroup, Subtitle1, makeStyles, tokens } from '@fluentui/react-components';
import { useId } from 'react';
import { PRODUCTS, PRODUCT_IDS, type ProductId } from '../../../electron/shared/products';
import { PageFrame } from '../components/page-frame';
import { useHorizontalRadios } from '../components/radio-styles';
import { convertKind } from '../../../electron/shared/connection-string/connection-fields';
import { isOneOf } from '../../../electron/shared/one-of';
import { useWizard, wizard } from '../store/wizard-store';
import { SavedProfiles } from './saved-profiles';

const useStyles = makeStyles({
  columns: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(20rem, 1fr))', gap: tokens.spacingHorizontalL },
  card: { padding: tokens.spacingVerticalL },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  product: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

const BLURB: Record<ProductId, string> = {
  proget: 'packages and containers; SQL Server or PostgreSQL/InedoDB',
  buildmaster: 'builds and deployments; SQL Server',
  otter: 'server configuration; SQL Server',
};

export default function WelcomePage() {
  const s = useStyles();
  const radios = useHorizontalRadios();
  const product = useWizard((st) => st.draft.product);
  const started = useWizard((st) => st.draft.nodes.length > 0);
  const setDraft = useWizard((st) => st.setDraft);
  const goTo = useWizard((st) => st.goTo);
  const reset = useWizard((st) => st.reset);
  const productLabel = useId();
  const chooseProduct = (id: ProductId) => {
    setDraft({ product: id });
    // Only ProGet can use PostgreSQL: another product's draft goes back to SQL Server.
    const db = wizard().draft.database;
    if (!PRODUCTS[id].supportsPostgres && db.kind === 'postgres') wizard().setDatabase({ kind: 'sqlserver', connectionString: convertKind('postgres', 'sqlserver', db.connectionString) });
  };

  return (
    <PageFrame
      title="Make one cluster of several servers"
      intro="HA Wizard turns several servers running an Inedo product into one high-availability cluster behind a load balancer: it checks every prerequisite on the real servers, shows exactly what it will change, applies it one server at a time, and then watches the cluster."
      onSubmit={() => goTo('servers')}
      primaryLabel={started ? 'Continue' : 'Start a new cluster'}
      actions={started ? <Button onClick={() => { reset(); goTo('servers'); }}>Start over</Button> : undefined}
      hideBack
    >
      <section className={s.product}>
        <Label id={productLabel} weight="semibold">Product</Label>
        <RadioGroup aria-labelledby={productLabel} layout="horizontal" className={radios.group} value={product} onChange={(_, d) => { if (isOneOf(PRODUCT_IDS, d.value)) chooseProduct(d.value); }}>
          {PRODUCT_IDS.map((id) => <Radio key={id} value={id} label={PRODUCTS[id].name} />)}
        </RadioGroup>
        <Body1>{PRODUCTS[product].name}: {BLURB[product]}.</Body1>
      </section>

      <SavedProfiles />

      <div className={s.columns}>
        <Card className={s.card}>
          <Subtitle1 as="h2">What the wizard will do</Subtitle1>
          <ol className={s.list}>
            <li>Connect to each server over SSH and read what is installed.</li>
            <li>Check the database, the shared storage, the encryption key and the network from every server.</li>
            <li>Generate the load balancer’s configuration.</li>
            <li>Show the exact changes per server before anything is written.</li>
            <li>Back up, write and restart one server at a time; roll everything back if one fails.</li>
            <li>Watch the cluster’s health on a live dashboard.</li>
          </ol>
        </Card>
        <Card className={s.card}>
          <Subtitle1 as="h2">What you need</Subtitle1>
          <ul className={s.list}>
            <li>An Enterprise licence ({PRODUCTS[product].name} Enterprise allows up to five servers by default).</li>
            <li>SSH on each server: OpenSSH Server on Windows (an optional feature of Windows Server 2019 and later), with an administrator’s login.</li>
            <li>The same {PRODUCTS[product].name} version on every server.</li>
            <li>One database every server reaches: SQL Server{PRODUCTS[product].supportsPostgres ? ', or PostgreSQL/InedoDB' : ''}.</li>
            <li>Shared storage: a UNC share (\\server\share) for Windows, a mounted folder for Linux.</li>
            <li>A load balancer: HAProxy, nginx, IIS ARR, F5, A10 or Citrix.</li>
          </ul>
        </Card>
      </div>
    </PageFrame>
  );
}
