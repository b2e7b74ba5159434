/**
 * An upgrade's plan, preflight and reports as the engine answers them (issue 14), for the upgrade flow's
 * component tests and its screenshot script: three Windows servers, 2025.14 to 2026.1, all together.
 */
import type { UpgradePreflightItem } from '../../../electron/shared/contract';
import { UPGRADE_SCHEMA_ID, type UpgradePlan, type UpgradeReport } from '../../../electron/shared/upgrade-schema';

const HUB = 'Inedo Hub (C:\\Program Files\\Inedo Hub\\hub.exe)';

export function upgradePlan(ids: string[] = ['n1', 'n2', 'n3'], patch: Partial<UpgradePlan> = {}): UpgradePlan {
  const per = (kind: UpgradePlan['steps'][number]['kind'], text: (id: string) => string, undo: ((id: string) => string) | null, only = ids) =>
    only.map((id) => ({ id: `${kind}:${id}`, kind, nodeId: id, text: text(id), undo: undo ? undo(id) : null }));
  const [first = 'n1', ...others] = ids;
  return {
    $schema: UPGRADE_SCHEMA_ID, product: 'proget', from: '2025.14', to: '2026.1', mode: 'coordinated',
    path: { allowed: true, rolling: false, schemaChanges: true, restoreDatabaseOnRollback: false, note: '2026.1 upgrades the database schema; 2025.14 can still read it.' },
    nodes: ids.map((id) => ({ id, host: `${id}.corp.example`, os: 'windows' as const, installer: HUB })),
    steps: [
      { id: 'backup-database', kind: 'backup-database', nodeId: null, text: 'Back up the database ProGet with BACKUP DATABASE … COPY_ONLY to D:\\Backups', undo: null },
      ...per('backup-config', (id) => `Copy ${id}’s ProGet.config beside it`, null),
      ...per('backup-extensions', (id) => `Copy ${id}’s extensions folder`, null),
      { id: 'verify-backups', kind: 'verify-backups', nodeId: null, text: 'Check each backup’s size and that it can be read', undo: null },
      { id: 'balancer-maintenance', kind: 'balancer-maintenance', nodeId: null, text: 'Put the load balancer in maintenance (every server drained)', undo: 'Open the load balancer again' },
      ...per('stop', (id) => `Stop the INEDOPROGETSVC and INEDOPROGETWEBSVC services on ${id} and prove they stopped`, (id) => `Start ${id}’s services again`),
      ...per('install', (id) => `Install ProGet 2026.1 on ${id}: hub.exe install ProGet:2026.1 --IsUpgrade=true`, (id) => `Install ProGet 2025.14 on ${id} again and restore its configuration byte for byte`, [first]),
      { id: `upgrade-schema:${first}`, kind: 'upgrade-schema', nodeId: first, text: `Upgrade the database schema from ${first}: proget.exe upgradedb`, undo: 'Not needed: 2025.14 reads the 2026.1 schema' },
      ...per('start', (id) => `Start ${id}’s services`, (id) => `Stop ${id}’s services`, [first]),
      ...per('wait-healthy', (id) => `Wait until ${id}’s /health answers OK at 2026.1`, null, [first]),
      ...others.flatMap((id) => [
        ...per('install', (x) => `Install ProGet 2026.1 on ${x}: hub.exe install ProGet:2026.1 --IsUpgrade=true`, (x) => `Install ProGet 2025.14 on ${x} again and restore its configuration byte for byte`, [id]),
        ...per('start', (x) => `Start ${x}’s services`, (x) => `Stop ${x}’s services`, [id]),
        ...per('wait-healthy', (x) => `Wait until ${x}’s /health answers OK at 2026.1`, null, [id]),
      ]),
      { id: 'check-sync', kind: 'check-sync', nodeId: null, text: 'Check every server runs 2026.1 with the same encryption key', undo: null },
      { id: 'balancer-reopen', kind: 'balancer-reopen', nodeId: null, text: 'Open the load balancer again', undo: null },
    ],
    backups: [
      { what: 'database', nodeId: null, path: 'D:\\Backups\\ProGet-2025.14-20261201T0300.bak' },
      ...ids.flatMap((id) => [
        { what: 'config' as const, nodeId: id, path: 'C:\\ProgramData\\Inedo\\SharedConfig\\ProGet.config.ha-wizard-upgrade' },
        { what: 'extensions' as const, nodeId: id, path: 'C:\\ProgramData\\ProGet\\Extensions.ha-wizard-upgrade' },
      ]),
    ],
    expected: 'Users cannot reach ProGet from the moment the first service stops until the last server is healthy at 2026.1: about 4 minutes for three servers.',
    warnings: ['The database login may change the schema (db_owner): the upgrade needs that.'],
    ...patch,
  };
}

export const PREFLIGHT_PASSED: UpgradePreflightItem[] = [
  { id: 'same-version', status: 'pass', title: 'Every server runs one version', detail: 'n1, n2 and n3 run 2025.14.', nodeId: null },
  { id: 'path', status: 'pass', title: 'The upgrade path is allowed', detail: '2025.14 to 2026.1 is a published path.', nodeId: null },
  { id: 'schema-rights', status: 'pass', title: 'The database login may change the schema', detail: 'proget is db_owner of ProGet.', nodeId: null },
  { id: 'disk', status: 'warn', title: 'Room for the backups', detail: 'D:\\Backups has 12 GB free; the database is 9 GB. Little room to spare.', nodeId: null },
  { id: 'installer', status: 'pass', title: 'The installer is there', detail: 'hub.exe 1.4.2 answers on n1.', nodeId: 'n1' },
];

export const PREFLIGHT_FAILED: UpgradePreflightItem[] = [
  ...PREFLIGHT_PASSED.slice(0, 3),
  { id: 'installer', status: 'fail', title: 'The installer is there', detail: 'Inedo Hub is not installed on n2 (no C:\\Program Files\\Inedo Hub\\hub.exe). Install Inedo Hub on n2, then check again.', nodeId: 'n2' },
];

export function upgradeReport(status: UpgradeReport['status'], patch: Partial<UpgradeReport> = {}): UpgradeReport {
  const at = '2026-12-01T03:00:00.000Z';
  const upgraded = status === 'upgraded';
  return {
    $schema: 'ha-wizard/upgrade-report@1', status, reason: upgraded ? null : 'The installer failed on n2: hub.exe exited with code 3', product: 'proget', from: '2025.14', to: '2026.1', mode: 'coordinated',
    nodes: ['n1', 'n2', 'n3'].map((id) => ({
      id, versionBefore: '2025.14', versionAfter: upgraded ? '2026.1' : '2025.14', result: upgraded ? 'upgraded' as const : status === 'refused' ? 'untouched' as const : 'restored' as const, healthy: true, manual: null,
    })),
    database: { backup: 'D:\\Backups\\ProGet-2025.14-20261201T0300.bak', restored: false, schemaUpgradeExitCode: 0 },
    steps: [], outageMs: upgraded ? 214_000 : null, manualSteps: [], startedAt: at, finishedAt: at, ...patch,
  };
}
