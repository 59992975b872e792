import { describe, expect, it } from 'vitest';
import { comboKey, replayComboKeys } from './comboKeys.ts';

const items = ['a', 'b', 'c'] as const;

describe('comboKey', () => {
  it('↓ moves down and stops at the last item, ↑ moves up to none', () => {
    expect(comboKey(-1, 'down', items)).toEqual({ active: 0, done: null });
    expect(comboKey(2, 'down', items)).toEqual({ active: 2, done: null });
    expect(comboKey(0, 'up', items)).toEqual({ active: -1, done: null });
    expect(comboKey(-1, 'up', items)).toEqual({ active: -1, done: null });
  });

  it('↓ over no items highlights none', () => {
    expect(comboKey(-1, 'down', [])).toEqual({ active: -1, done: null });
  });

  it('Enter takes the highlighted item, or with none is the plain Enter', () => {
    expect(comboKey(1, 'enter', items)).toEqual({ active: -1, done: { kind: 'pick', item: 'b' } });
    expect(comboKey(-1, 'enter', items)).toEqual({ active: -1, done: { kind: 'enter' } });
    expect(comboKey(0, 'enter', [])).toEqual({ active: -1, done: { kind: 'enter' } });
  });
});

describe('replayComboKeys (keys typed while the items were pending)', () => {
  it('↓ then Enter takes the first item that came', () => {
    expect(replayComboKeys(-1, ['down', 'enter'], items)).toEqual({ active: -1, done: { kind: 'pick', item: 'a' } });
  });

  it('moves as the keys did live: ↓ ↓ ↓ ↑ then Enter takes the second', () => {
    expect(replayComboKeys(-1, ['down', 'down', 'down', 'up', 'enter'], items)).toEqual({ active: -1, done: { kind: 'pick', item: 'b' } });
  });

  it('Enter with nothing highlighted, or no results, is the plain Enter (the text as a filter)', () => {
    expect(replayComboKeys(-1, ['enter'], items)).toEqual({ active: -1, done: { kind: 'enter' } });
    expect(replayComboKeys(-1, ['down', 'enter'], [])).toEqual({ active: -1, done: { kind: 'enter' } });
  });

  it('stops at the first Enter; without one leaves the highlight where the keys put it', () => {
    expect(replayComboKeys(-1, ['down', 'enter', 'down', 'enter'], items)).toEqual({ active: -1, done: { kind: 'pick', item: 'a' } });
    expect(replayComboKeys(-1, ['down', 'down'], items)).toEqual({ active: 1, done: null });
  });
});
