import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../shared/testing/seeded-random';
import { HOSTILE_VALUES } from '../remote/powershell-examples';
import { commandProblem, parseShowStat, setStateCommand } from './haproxy-stat';

// `show stat` as HAProxy 2.6 prints it (columns cut after scur..status; the parser goes by the header).
const SHOW_STAT = [
  '# pxname,svname,qcur,qmax,scur,smax,slim,stot,status,weight',
  'inedo,FRONTEND,,,1,3,4096,20,OPEN,',
  'inedo_nodes,node1,0,0,1,2,,10,UP,1',
  'inedo_nodes,node2,0,0,0,1,,5,DRAIN,1',
  'inedo_nodes,node3,0,0,0,1,,5,MAINT,1',
  'inedo_nodes,node4,0,0,0,0,,0,DOWN 1/2,1',
  'inedo_nodes,node5,0,0,2,2,,0,UP 1/2,1',
  'inedo_nodes,BACKEND,0,0,1,3,,20,UP,2',
  'stats,FRONTEND,,,0,0,10,0,OPEN,',
  '',
].join('\n');

describe('HAProxy runtime API', () => {
  it('reads each member of the wizard\'s backend, its state and current sessions', () => {
    expect(parseShowStat(SHOW_STAT).map((m) => [m.node, m.state, m.activeSessions])).toEqual([
      ['node1', 'ready', 1], ['node2', 'drain', 0], ['node3', 'maint', 0], ['node4', 'down', 0], ['node5', 'ready', 2],
    ]);
  });

  it('refuses an answer that is not show stat', () => {
    expect(() => parseShowStat('Unknown command.\n')).toThrow(/did not answer/);
  });

  it('writes the state command for a plain name and refuses 300 hostile ones', () => {
    expect(setStateCommand('node-2_a', 'drain')).toBe('set server inedo_nodes/node-2_a state drain');
    const random = seededRandom(77);
    const extra = ['node2\nshutdown sessions server inedo_nodes/node1', 'node2;x', 'a/b', '', 'x'.repeat(65)];
    for (let i = 0; i < 300; i++) {
      const pool = [...HOSTILE_VALUES, ...extra];
      const bad = pool[Math.floor(random() * pool.length)]!;
      expect(() => setStateCommand(bad, random() < 0.5 ? 'drain' : 'ready')).toThrow(/not a server name/);
    }
  });

  it('takes an empty answer as success and anything else as the complaint', () => {
    expect(commandProblem('\n')).toBeNull();
    expect(commandProblem('No such server.\n')).toBe('No such server.');
  });
});
