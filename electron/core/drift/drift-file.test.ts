/**
 * The drift file read back (real files in a temp folder): an older file's missing fields take their empty
 * value, and a file of another shape is started afresh instead of reaching the comparison half-formed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DriftStore, type DriftFile } from './drift-file';
import type { DesiredState } from './desired-state';
import type { NodeProfile } from '../../shared/profile';

const node = (id: string): NodeProfile => ({ id, host: `${id}.lan`, port: 22, user: 'u', os: 'linux', auth: { kind: 'agent' }, configPath: '/etc/proget.env' });
const cluster = { product: 'proget' as const, nodes: [node('n1'), node('n2')] };
const values = { database: 'server db:5432, database proget, user proget', keyFingerprint: 'key:aaa', version: '2025.14', extensions: ['Azure'], webServer: null, env: { TZ: 'UTC' } };
const desired: DesiredState = { v: 1, basis: 'applied', appliedAt: '2026-11-30T10:00:00.000Z', product: 'proget', storagePath: '/srv/s', nodes: { n1: values, n2: values }, members: ['n1', 'n2'] };
const EMPTY: DriftFile = { v: 1, desired: null, since: {}, last: [], noDriftSince: null };

function store() {
  const s = new DriftStore(fs.mkdtempSync(path.join(os.tmpdir(), 'drift-file-')));
  const put = (content: unknown) => fs.writeFileSync(s.fileOf(cluster), typeof content === 'string' ? content : JSON.stringify(content));
  return { s, put };
}

describe('the drift file read back', () => {
  it('reads what it wrote; an older file without the last differences keeps its desired state and its times', async () => {
    const { s, put } = store();
    expect(await s.read(cluster)).toEqual(EMPTY);
    const file: DriftFile = { v: 1, desired, since: { 'n1|version': '2026-11-30T11:00:00.000Z' }, last: [], noDriftSince: null };
    await s.write(cluster, file);
    expect(await s.read(cluster)).toEqual(file);
    put({ v: 1, desired, since: file.since });
    expect(await s.read(cluster)).toEqual(file);
  });

  it('a file of another shape is started afresh, never handed on half-formed', async () => {
    const { s, put } = store();
    const damaged: unknown[] = [
      '{"v":1,', 'null', '[]', { v: 2, desired },
      { v: 1, desired: { v: 1, basis: 'applied' } },
      { v: 1, desired: { ...desired, nodes: { n1: { ...values, extensions: 'Azure' } } } },
      { v: 1, desired, since: { 'n1|version': 7 } },
      { v: 1, desired, last: [{ node: 'n1' }] },
    ];
    for (const content of damaged) {
      put(content);
      expect(await s.read(cluster), JSON.stringify(content)).toEqual(EMPTY);
    }
  });
});
