import { describe, expect, it } from 'vitest';
import { readUrlViewState, writeUrlViewState } from './urlState.ts';

describe('URL view state', () => {
  it('starts on the demo unless demo=0', () => {
    expect(readUrlViewState('')).toEqual({ demo: true });
    expect(readUrlViewState('?demo=0')).toEqual({ demo: false });
  });
  it('round-trips and keeps other parameters', () => {
    expect(writeUrlViewState('?view=tenant', { demo: false })).toBe('?view=tenant&demo=0');
    expect(writeUrlViewState('?demo=0&view=tenant', { demo: true })).toBe('?view=tenant');
    expect(readUrlViewState(writeUrlViewState('', { demo: false }))).toEqual({ demo: false });
  });
});
