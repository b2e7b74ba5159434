import { describe, expect, it } from 'vitest';
import { type CellEnd, type NodeEnd, ruleBreaches } from './matrix-verdict';

const node = (id: string, over: Partial<NodeEnd> = {}): NodeEnd => ({ id, bytes: 'before', healthy: true, temps: [], named: null, badBackup: null, backups: 0, ...over });
const end = (over: Partial<CellEnd>): CellEnd => ({ status: 'rolled-back', expect: null, nodes: [node('n1'), node('n2'), node('n3')], lockLeft: false, lockNamed: false, journalOpen: false, faultLanded: true, ...over });

describe('the rule each cell must meet', () => {
  it('holds for a clean rollback and a clean apply', () => {
    expect(ruleBreaches(end({}))).toEqual([]);
    expect(ruleBreaches(end({ status: 'applied', nodes: [node('n1', { bytes: 'planned' }), node('n2', { bytes: 'planned' })] }))).toEqual([]);
  });

  it('breaks when the status says one thing and a node another', () => {
    expect(ruleBreaches(end({ nodes: [node('n1'), node('n2', { bytes: 'planned' })] }))).toEqual(['rolled-back, yet not before and healthy: n2: planned']);
    expect(ruleBreaches(end({ status: 'applied', nodes: [node('n1', { bytes: 'planned', healthy: false })] }))).toEqual(['applied, yet not planned and healthy: n1: planned, not healthy']);
  });

  it('breaks on any temp file, a lock left unsaid, or a backup the report points to that is wrong', () => {
    expect(ruleBreaches(end({ nodes: [node('n1', { temps: ['x.ha-wizard-new-1'] })] }))).toEqual(['n1: temp files left: x.ha-wizard-new-1']);
    expect(ruleBreaches(end({ lockLeft: true }))).toHaveLength(1);
    expect(ruleBreaches(end({ lockLeft: true, lockNamed: true }))).toEqual([]);
    expect(ruleBreaches(end({ nodes: [node('n1', { badBackup: '/c.ha-wizard-20261201T120000Z.bak' })] }))).toHaveLength(1);
  });

  it('a failed rollback passes only when every node not clean is named, and the journal stays open for recover', () => {
    const left = node('n2', { bytes: 'other', healthy: false });
    expect(ruleBreaches(end({ status: 'rollback-failed', journalOpen: true, nodes: [node('n1'), left] }))).toEqual(['rollback-failed, and the report names nothing for n2: other, not healthy']);
    expect(ruleBreaches(end({ status: 'rollback-failed', journalOpen: true, nodes: [node('n1'), { ...left, named: 'On n2: copy the backup back' }] }))).toEqual([]);
    expect(ruleBreaches(end({ status: 'rollback-failed', journalOpen: false, nodes: [node('n1', { bytes: 'planned' })] }))).toHaveLength(1);
  });

  // CI, stop 19: node1's service would not restart after an earlier cell, so later cells failed before
  // their fault and still met the rule by naming node1.
  it('breaks when the run ended before its fault landed, whatever it ended as', () => {
    expect(ruleBreaches(end({ faultLanded: false }))).toEqual(['the run ended (rolled-back) before the fault\'s step: the cell tested nothing']);
    expect(ruleBreaches(end({ status: 'rollback-failed', journalOpen: true, faultLanded: false, nodes: [node('n1', { bytes: 'other', named: 'On n1: …' })] }))).toHaveLength(1);
  });

  it('a killed wizard must be recovered to exactly what was asked', () => {
    expect(ruleBreaches(end({ status: 'recovered', expect: 'before' }))).toEqual([]);
    expect(ruleBreaches(end({ status: 'recovered', expect: 'planned' }))).toHaveLength(1);
    expect(ruleBreaches(end({ status: 'failed', expect: 'before' }))).toEqual(['recovery ended failed, not recovered']);
    expect(ruleBreaches(end({ status: 'nonsense' }))).toEqual(['unexpected status nonsense']);
  });
});
