import { describe, expect, it } from 'vitest';
import { NodeStateSchema } from '../../../shared/health-snapshot';
import { codeOf, stateOf } from './history-file';

describe('the health history file\'s state letters', () => {
  it('gives every state its own letter, and each letter reads back as its state', () => {
    const states = NodeStateSchema.options;
    const codes = states.map(codeOf);
    expect(new Set(codes).size).toBe(states.length);
    expect(codes.map(stateOf)).toEqual(states);
  });
});
