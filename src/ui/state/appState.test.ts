import { describe, expect, it } from 'vitest';
import { workloadKey } from '../../core/model/cluster.ts';
import type { LoadedData } from '../../workers/protocol.ts';
import { appReducer, initialAppState } from './appState.ts';

const data = { flowRecords: 0 } as unknown as LoadedData;

describe('appReducer', () => {
  it('a load replaces the data and clears the selection', () => {
    const selected = appReducer(initialAppState, { type: 'select', key: workloadKey('ns', 'Deployment', 'a') });
    expect(selected.selected).not.toBeNull();
    const next = appReducer(selected, { type: 'loaded', data, origin: 'user', label: 'f.yaml' });
    expect(next).toEqual({ data, origin: 'user', label: 'f.yaml', selected: null });
  });
});
