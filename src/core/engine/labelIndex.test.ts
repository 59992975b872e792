import { describe, expect, it } from 'vitest';
import { labelSet, type LabelSet } from '../model/labels.ts';
import type { Requirement, Selector } from '../model/selector.ts';
import { buildLabelIndex, extendLabelIndex, selectIndices } from './labelIndex.ts';

const set = (labels: Record<string, string>, source = 'k8s'): LabelSet => labelSet(Object.entries(labels).map(([key, value]) => ({ source, key, value })));

const identities = [set({ app: 'web', tier: 'front' }), set({ app: 'db' }), set({ app: 'web', tier: 'back' }), set({ team: 'a' })];
// Outside peers: labels the identities have (app, world) and labels they do not.
const outside = [set({ world: '' }, 'reserved'), set({ app: 'web' }), set({ 'kube-apiserver': '', world: '' }, 'reserved')];

describe('extendLabelIndex', () => {
  it('equals the index built over both lists, and leaves the base index as it was', () => {
    const base = buildLabelIndex(identities);
    const before = structuredClone(base);
    const extended = extendLabelIndex(base, outside);
    expect(extended).toStrictEqual(buildLabelIndex([...identities, ...outside]));
    expect(base).toStrictEqual(before);
    expect(extended.byValue.get('app')?.get('web')).toEqual([0, 2, 5]);
  });

  it('selects what the index built over both lists selects', () => {
    const all = [...identities, ...outside];
    const extended = extendLabelIndex(buildLabelIndex(identities), outside);
    const whole = buildLabelIndex(all);
    const req = (key: string, operator: Requirement['operator'], values: string[] = [], source = 'any'): Requirement => ({ source, key, operator, values });
    const selectors: Selector[] = [
      { requirements: [req('app', 'In', ['web'])] },
      { requirements: [req('app', 'In', ['web', 'db'])] },
      { requirements: [req('tier', 'Exists')] },
      { requirements: [req('tier', 'DoesNotExist')] },
      { requirements: [req('world', 'Exists', [], 'reserved')] },
      { requirements: [req('app', 'NotIn', ['web'])] },
      { requirements: [] },
    ];
    for (const s of selectors) expect(selectIndices(extended, all, s), JSON.stringify(s)).toEqual(selectIndices(whole, all, s));
  });
});
