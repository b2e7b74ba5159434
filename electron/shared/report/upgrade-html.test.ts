import { describe, expect, it } from 'vitest';
import type { UpgradeReport } from '../upgrade-schema';
import { outageWords, renderUpgradeHtml } from './upgrade-html';

const report = (o: Partial<UpgradeReport> = {}): UpgradeReport => ({
  $schema: 'ha-wizard/upgrade-report@1', status: 'rollback-failed', reason: 'install:node2 failed: <b>exit 1603</b>', product: 'proget', from: '2025.14', to: '2026.1', mode: 'coordinated',
  nodes: [{ id: 'node2', versionBefore: '2025.14', versionAfter: '2026.1', result: 'rollback-failed', healthy: false, manual: 'node2 is now on 2026.1' }],
  database: { backup: '/backups/db.dump', restored: true, schemaUpgradeExitCode: 0 },
  steps: [{ stepId: 'install:node2', status: 'failed', detail: 'exit <1603>', startedAt: '2026-12-01T00:00:00.000Z', finishedAt: '2026-12-01T00:00:01.000Z' }],
  outageMs: 252_400, manualSteps: [{ title: 'Finish putting back node2', detail: 'run "hub.exe install ProGet:2025.14 --IsUpgrade=true" & start it', url: null }],
  startedAt: '2026-12-01T00:00:00.000Z', finishedAt: '2026-12-01T00:05:00.000Z', ...o,
});

describe('the upgrade report page', () => {
  it('puts what is left to do first, escapes every text, and says the outage, the backup and the exit code', () => {
    const html = renderUpgradeHtml(report(), { toolVersion: '1.2.3' });
    expect(html.indexOf('What you need to do')).toBeLessThan(html.indexOf('<h2>Servers'));
    expect(html).toContain('The upgrade failed and so did its rollback');
    expect(html).toContain('&lt;b&gt;exit 1603&lt;/b&gt;');
    expect(html).toContain('exit &lt;1603&gt;');
    expect(html).toContain('&quot;hub.exe install ProGet:2025.14 --IsUpgrade=true&quot; &amp; start it');
    expect(html).not.toContain('<b>exit');
    expect(html).toContain('outage 4 min 12 s');
    expect(html).toContain('<code>/backups/db.dump</code>');
    expect(html).toContain('Schema upgrade exit code: 0');
    expect(html).not.toMatch(/<script/i);
  });

  it('an upgraded run says so and has no to-do list', () => {
    const html = renderUpgradeHtml(report({ status: 'upgraded', reason: null, manualSteps: [] }), { toolVersion: '1' });
    expect(html).toContain('Upgraded: every server runs 2026.1');
    expect(html).not.toContain('What you need to do');
    expect(outageWords(59_400)).toBe('59 s');
  });
});
