/**
 * The dashboard when watching fails (issue 12's bug): the page must say why in words, not show a
 * snapshot made of the error ("Updated Invalid Date"). The engine side is the real WizardService and
 * its dispatcher; only the health reader is a fake that fails as an unreachable cluster does, and the
 * transport is a direct call (IPC and the harness's WebSocket carry the same CallResult).
 */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { WizardApi } from '../../../electron/shared/contract';
import type { ApplyReport } from '../../../electron/shared/apply-schema';
import type { ClusterHealthSnapshot, NodeHealth } from '../../../electron/shared/health-snapshot';
import type { ClusterProfileInput } from '../../../electron/shared/profile';
// The real engine service, its health reader faked (tests may cross the boundary; pages may not).
import { PROFILE, SNAPSHOT, wizardApiOver, type HealthWatcherFake } from '../../../electron/core/engine/testing/service-fakes';
import { fromProfile } from '../store/profile-mapping';
import { IDLE_APPLY } from '../store/run-types';
import { useWizard } from '../store/wizard-store';
import DashboardPage from './dashboard-page';

/** window.wizard over a real service whose health reader is `watcher`. */
function installEngine(watcher: HealthWatcherFake) {
  const { api, service } = wizardApiOver({ healthWatcher: watcher });
  (window as { wizard?: WizardApi }).wizard = api;
  return service;
}

function renderDashboard() {
  useWizard.getState().reset();
  const { draft, secrets } = fromProfile(PROFILE as ClusterProfileInput, { 'ssh:n1': 'pa55-word-x', db: 'db-pass' }, 'Test');
  useWizard.getState().loadProfile(draft, secrets);
  return render(<FluentProvider theme={webLightTheme}><DashboardPage /></FluentProvider>);
}

afterEach(() => {
  cleanup();
  delete (window as { wizard?: WizardApi }).wizard;
});

describe('the dashboard', () => {
  it('says in words why watching failed, and shows no made-up snapshot', async () => {
    const service = installEngine(({ secrets }) => ({
      async watch() {
        const pw = await secrets.resolve({ prompt: 'ssh:n1' }, 'SSH password');
        throw new Error(`n1: SSH login failed for admin (password ${pw})`);
      },
    }));
    renderDashboard();
    const alert = await screen.findByText(/Cannot watch the cluster/);
    expect(alert.closest('[role]')?.textContent ?? alert.parentElement?.textContent).toMatch(/n1: SSH login failed for admin \(password \*{8}\)/);
    expect(document.body.textContent).not.toMatch(/Invalid Date/);
    expect(document.body.textContent).not.toMatch(/pa55-word-x/);
    expect(screen.queryByText(/Updated/)).toBeNull();
    expect(useWizard.getState().health.watching).toBe(false);
    service.stopAll();
  });

  it('shows a snapshot when one comes', async () => {
    const service = installEngine(() => ({ watch: async (_ms, onSnapshot) => void (await onSnapshot(SNAPSHOT)) }));
    renderDashboard();
    expect(await screen.findByText('1 of 1 server is healthy')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toMatch(/^Updated .*\(took 96 ms\)$/);
    expect(screen.queryByText(/Cannot watch the cluster/)).toBeNull();
    await act(async () => service.stopAll());
  });
});

// ---------------------------------------------------------------- what the headline says (issue 11, item 9)

const n1 = SNAPSHOT.nodes[0]!;
const healthyNode = (id: string): NodeHealth => ({ ...n1, id, url: `http://${id}:8624` });
const lb = { url: 'http://lb:80', reachable: true, healthy: true, readmitting: false, detail: 'http://lb:80/health answered HTTP 200', elapsedMs: 4 };
/** Three nodes behind a balancer, each changed by `change`. */
function cluster(change: Partial<ClusterHealthSnapshot> = {}, nodes: NodeHealth[] = ['node1', 'node2', 'node3'].map(healthyNode)): ClusterHealthSnapshot {
  return { ...SNAPSHOT, nodes, versions: { '2025.14': nodes.filter((n) => n.version).map((n) => n.id) }, loadBalancer: lb, ...change };
}
const headline = () => screen.getByTestId('health-summary');
const tile = (id: string) => screen.getByTestId(id);

async function showSnapshot(s: ClusterHealthSnapshot) {
  const service = installEngine(() => ({ watch: async (_ms, onSnapshot) => void (await onSnapshot(s)) }));
  renderDashboard();
  await screen.findByTestId('health-summary');
  return service;
}

describe('the dashboard headline', () => {
  it('one link down and the balancer slow: 2 of 3 healthy, not "down"; versions and keys unknown, not in sync', async () => {
    const dead: NodeHealth = {
      ...healthyNode('node3'), state: 'not-answering', reachable: false, hung: true, httpStatus: null, healthy: false, version: null, databaseStatus: null,
      licenseStatus: null, serviceStatus: null, sshOk: false, keyFingerprint: null, keyInSync: null, error: '/health: no answer within 5000 ms',
    };
    const service = await showSnapshot(cluster({
      summary: 'degraded', versionsInSync: null, keysInSync: null,
      loadBalancer: { ...lb, reachable: false, healthy: false, detail: 'http://lb:80/health: no answer within 5000 ms' },
    }, [healthyNode('node1'), healthyNode('node2'), dead]));
    expect(within(headline()).getByText('The load balancer is slow to answer; 2 of 3 servers are healthy')).toBeTruthy();
    expect(headline().textContent).toMatch(/sending users to node3, which does not answer/);
    expect(document.body.textContent).not.toMatch(/cluster is down/i);
    expect(tile('health-versions').textContent).toMatch(/Unknown.*Not read: node3/);
    expect(tile('health-versions').textContent).not.toMatch(/Same everywhere/);
    expect(tile('health-keys').textContent).toMatch(/Unknown.*configuration of node3 was not read/);
    expect(tile('health-keys').textContent).not.toMatch(/In sync/);
    expect(tile('health-node-node3').textContent).toMatch(/Not answering/);
    await act(async () => service.stopAll());
  });

  it('a stopped service on a reachable server says "Service stopped", not "Unreachable"', async () => {
    const stopped: NodeHealth = {
      ...healthyNode('node2'), state: 'service-stopped', reachable: false, httpStatus: null, healthy: false, version: null, databaseStatus: null,
      licenseStatus: null, serviceStatus: null, error: 'the service is stopped: the server answers over SSH, but http://node2:8624 refuses connections (ECONNREFUSED)',
    };
    const service = await showSnapshot(cluster({ summary: 'degraded', versionsInSync: null }, [healthyNode('node1'), stopped, healthyNode('node3')]));
    expect(within(headline()).getByText('Users are served through the load balancer; 2 of 3 servers are healthy')).toBeTruthy();
    expect(tile('health-node-node2').textContent).toMatch(/Service stopped/);
    expect(tile('health-node-node2').textContent).not.toMatch(/Unreachable/);
    await act(async () => service.stopAll());
  });

  it('the balancer re-admitting restarted servers says so, in amber, not "down"', async () => {
    const service = await showSnapshot(cluster({ summary: 'degraded', loadBalancer: { ...lb, healthy: false, readmitting: true, detail: 'http://lb:80/health answered HTTP 503' } }));
    expect(within(headline()).getByText('The load balancer is re-admitting servers; 3 of 3 servers are healthy')).toBeTruthy();
    expect(headline().getAttribute('data-verdict')).toBe('degraded');
    await act(async () => service.stopAll());
  });

  it('after an apply: says to switch on high availability instead of "healthy", until the admin says it is on', async () => {
    const report: ApplyReport = { status: 'applied', reason: null, nodes: [], settings: [], manualSteps: [], startedAt: '2026-11-30T10:00:00.000Z', finishedAt: '2026-11-30T10:01:00.000Z' };
    const service = installEngine(() => ({ watch: async (_ms, onSnapshot) => void (await onSnapshot(cluster())) }));
    sessionStorage.clear();
    useWizard.getState().reset();
    const { draft, secrets } = fromProfile(PROFILE as ClusterProfileInput, { 'ssh:n1': 'pa55-word-x', db: 'db-pass' }, 'Test');
    useWizard.getState().loadProfile(draft, secrets);
    useWizard.setState({ apply: { ...IDLE_APPLY, status: 'done', runId: 'apply-1', report } });
    render(<FluentProvider theme={webLightTheme}><DashboardPage /></FluentProvider>);
    await screen.findByTestId('health-summary');
    expect(headline().textContent).toMatch(/Switch on high availability in ProGet: Administration > Cluster Overview/);
    expect(headline().className).not.toMatch(/success/i);
    fireEvent.click(screen.getByRole('button', { name: 'High availability is on' }));
    expect(headline().textContent).not.toMatch(/Switch on high availability/);
    expect(sessionStorage.getItem('ha-wizard.ha-confirmed-after')).toBe('apply-1');
    await act(async () => service.stopAll());
  });
});
