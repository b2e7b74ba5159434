/** Apply's progress table behind a balancer the wizard drives: out of rotation before the restart, back in after. */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApplyStepName, StepProgress } from '../../store/run-types';
import { ApplyProgress } from './apply-progress';

afterEach(cleanup);

const p = (step: ApplyStepName, status: StepProgress['status'] = 'done'): StepProgress => ({ step, status, detail: '' });
const nodes = [{ id: 'node1', changed: true }, { id: 'node2', changed: true }];
const show = (steps: Record<string, Partial<Record<ApplyStepName, StepProgress>>>) =>
  render(<FluentProvider theme={webLightTheme}><ApplyProgress nodes={nodes} steps={steps} report={null} ended={false} /></FluentProvider>);
const headers = () => screen.getAllByRole('columnheader').map((h) => h.textContent);
const cells = (id: string) => within(screen.getByTestId(`apply-node-${id}`)).getAllByRole('cell').map((c) => c.textContent);

describe('apply progress', () => {
  it('without a drain, the four columns as before', () => {
    show({ node1: { backup: p('backup'), write: p('write'), restart: p('restart', 'started') } });
    expect(headers()).toEqual(['Server', 'Backup', 'Write', 'Restart', 'Healthy']);
  });

  it('once a server is drained: out of rotation before the restart, back in rotation after its health gate', () => {
    show({
      node1: { backup: p('backup'), write: p('write'), drain: p('drain'), 'wait-drained': p('wait-drained'), restart: p('restart'), 'wait-healthy': p('wait-healthy'), resume: p('resume') },
      node2: { backup: p('backup'), write: p('write'), drain: p('drain', 'started') },
    });
    expect(headers()).toEqual(['Server', 'Backup', 'Write', 'Out of rotation', 'Restart', 'Healthy', 'Back in rotation']);
    expect(cells('node1')).toEqual(['node1', 'Done', 'Done', 'Done', 'Done', 'Done', 'Done']);
    // node2's drain is running: its "out of rotation" cell says so before the wait begins.
    expect(cells('node2')).toEqual(['node2', 'Done', 'Done', 'Running', 'Waiting', 'Waiting', 'Waiting']);
  });

  it('a drain that failed shows as failed in the out-of-rotation column', () => {
    show({ node1: { backup: p('backup'), write: p('write'), drain: p('drain', 'failed') } });
    expect(cells('node1')).toEqual(['node1', 'Done', 'Done', 'Failed', 'Waiting', 'Waiting', 'Waiting']);
  });
});
