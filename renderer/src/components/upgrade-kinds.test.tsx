/** An upgrade run's traces in the existing UI: its kept report in the past reports list, its event in the history's timeline. */
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { installFakeEngine, renderPage } from '../testing/fake-engine';
import { EVENT_LOOK } from '../pages/dashboard/event-timeline';
import { PastReports } from './past-reports';

afterEach(cleanup);

describe('an upgrade in the existing lists', () => {
  it('the past reports list names an upgrade run "Upgrade"', async () => {
    installFakeEngine({ 'reports.list': () => ({ folder: '/r', kept: 100, runs: [
      { id: '2026-12-01T03-00-00-000Z-upgrade', kind: 'upgrade' as const, at: '2026-12-01T03:00:00.000Z', summary: 'Upgraded from 2025.14 to 2026.1 (coordinated, 3 servers)' },
    ] }) });
    renderPage(<PastReports />);
    expect(await screen.findByText('Upgraded from 2025.14 to 2026.1 (coordinated, 3 servers)')).toBeTruthy();
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual([expect.stringMatching(/^Upgrade, /)]);
  });

  it('the timeline has a word and an icon for an upgrade event', () => {
    render(<span>{EVENT_LOOK.upgrade.icon}{EVENT_LOOK.upgrade.word}</span>);
    expect(screen.getByText('Product upgrade')).toBeTruthy();
    expect(EVENT_LOOK.upgrade.tone).toBe('neutral');
  });
});
