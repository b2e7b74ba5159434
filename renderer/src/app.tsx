/**
 * The wizard's frame: top bar, the step list (a navigation landmark) and the current page. Every page
 * but Welcome is loaded on demand, so the window opens fast.
 */
import { FluentProvider, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { Suspense, lazy, useEffect, type ComponentType, type LazyExoticComponent } from 'react';
import { call, engine, on } from './api';
import { AppHeader } from './components/app-header';
import { DiscardDialog } from './components/discard-dialog';
import { RecoverDialog } from './pages/recover/recover-dialog';
import { LocalSecretsDialog } from './components/local-secrets-dialog';
import { NotConnected } from './components/not-connected';
import { RetypeNotice } from './components/retype-notice';
import { StepNav } from './components/step-nav';
import { useGlobalStyles } from './global-styles';
import { useSystemTheme } from './lib/use-system-theme';
import WelcomePage from './pages/welcome-page';
import type { StepId } from './store/steps';
import { fromProfile } from './store/profile-mapping';
import { openOverWork } from './store/open-guard';
import { useWizard, wizard } from './store/wizard-store';

const PAGES: Record<Exclude<StepId, 'welcome'>, LazyExoticComponent<ComponentType>> = {
  servers: lazy(() => import('./pages/servers-page')),
  database: lazy(() => import('./pages/database-page')),
  storage: lazy(() => import('./pages/storage-page')),
  encryption: lazy(() => import('./pages/encryption-page')),
  'load-balancer': lazy(() => import('./pages/load-balancer-page')),
  review: lazy(() => import('./pages/review-page')),
  apply: lazy(() => import('./pages/apply-page')),
  dashboard: lazy(() => import('./pages/dashboard-page')),
};

const useStyles = makeStyles({
  shell: { display: 'flex', flexDirection: 'column', height: '100vh', backgroundColor: tokens.colorNeutralBackground1 },
  body: { display: 'flex', flexGrow: 1, minHeight: 0 },
  side: { width: '15rem', flexShrink: 0, overflowY: 'auto', backgroundColor: tokens.colorNeutralBackground2, borderRight: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}` },
  main: { flexGrow: 1, overflowY: 'auto', minWidth: 0, display: 'flex', flexDirection: 'column' },
  banner: { padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalXXXL} 0` },
  loading: { padding: tokens.spacingVerticalXXXL },
});

export function App() {
  useGlobalStyles();
  const s = useStyles();
  const { theme } = useSystemTheme();
  const step = useWizard((st) => st.step);
  const connected = engine() !== null;

  useEffect(() => {
    if (!connected) return;
    call('app.info', {}).then((appInfo) => useWizard.setState({ appInfo }), () => undefined);
    // A double-clicked .hawizard file: its profile, without secrets (the wizard asks for them).
    return on('profile.opened', ({ name, profile }) => {
      const { draft, secrets } = fromProfile(profile, {}, name);
      openOverWork(name, () => wizard().loadProfile(draft, secrets));
    });
  }, [connected]);

  const Page = step === 'welcome' ? WelcomePage : PAGES[step];
  return (
    <FluentProvider theme={theme}>
      <div className={s.shell}>
        <AppHeader />
        <div className={s.body}>
          <aside className={s.side}>
            <StepNav />
          </aside>
          <main className={s.main}>
            {!connected && <div className={s.banner}><NotConnected /></div>}
            <RetypeNotice className={s.banner} />
            <Suspense fallback={<Spinner className={s.loading} label="Loading the page…" />}>
              <Page key={step} />
            </Suspense>
          </main>
        </div>
      </div>
      <LocalSecretsDialog />
      <DiscardDialog />
      <RecoverDialog />
    </FluentProvider>
  );
}
