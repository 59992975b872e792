import { describe, expect, it } from 'vitest';
import { noFilters } from '../../core/graph/filter.ts';
import type { GraphCounts } from '../../core/graph/types.ts';
import { activeFilterNames, filterStatus } from './filterStatus.ts';

const counts: GraphCounts = { workloads: 14, groups: 4, edges: 92, deniedEdges: 23, mismatches: 2 };

describe('filterStatus', () => {
  it('says how many paths are shown', () => {
    expect(filterStatus(noFilters, 92, counts).text).toBe('92 paths');
    expect(filterStatus(noFilters, 1, { ...counts, edges: 1 }).text).toBe('1 path');
    expect(filterStatus({ ...noFilters, verdicts: ['allowed'] }, 1, { ...counts, edges: 1 }).text).toBe('1 of 1 path shown');
    expect(filterStatus({ ...noFilters, verdicts: ['allowed'] }, 40, counts).text).toBe('40 of 92 paths shown');
  });

  it('regression #16: with a verdict filter still set, Mismatches says it shows 1 of 2 and which filter hides the other', () => {
    const s = filterStatus({ ...noFilters, show: 'mismatches', verdicts: ['default-deny'] }, 1, counts);
    expect(s.text).toBe('1 of 2 mismatches shown: the verdict filter hides 1');
    expect(s.hiddenMismatches).toBe(1);
    expect(s.hiddenBy).toEqual(['verdict']);
  });

  it('names every filter that hides mismatches', () => {
    const s = filterStatus({ ...noFilters, show: 'mismatches', verdicts: ['allowed'], port: 80, search: 'api' }, 0, counts);
    expect(s.text).toBe('0 of 2 mismatches shown: the search, verdict and port filters hide 2');
  });

  it('shows every mismatch without other filters', () => {
    expect(filterStatus({ ...noFilters, show: 'mismatches' }, 2, counts)).toEqual({ text: '2 of 2 mismatches shown', hiddenMismatches: 0, hiddenBy: [] });
  });
});

describe('activeFilterNames', () => {
  it('lists the filters that are on', () => {
    expect(activeFilterNames(noFilters)).toEqual([]);
    expect(activeFilterNames({ ...noFilters, groups: ['g:t:acme'], show: 'policy' })).toEqual(['tenant', 'show policy only']);
  });
});
