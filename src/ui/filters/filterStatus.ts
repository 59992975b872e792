/**
 * What the filter bar says about what it hides: "12 of 92 paths shown", and with *Mismatches*
 * chosen, how many mismatches the other filters hide and which filters those are (a verdict
 * filter left on must not silently show 1 of 2 mismatches).
 * @public
 */
import type { GraphCounts, GraphFilters } from '../../core/graph/types.ts';
import { plural } from '../../core/util/plural.ts';

/** Names of the filters that are on, other than *Show* (they may hide a path a list names). */
export function activeFilterNames(f: GraphFilters, withShow = true): string[] {
  const out: string[] = [];
  if (f.search.trim() !== '') out.push('search');
  if (f.groups.length > 0) out.push('tenant');
  if (f.namespaces.length > 0) out.push('namespace');
  if (f.verdicts.length > 0) out.push('verdict');
  if (f.protocols.length > 0) out.push('protocol');
  if (f.port !== null) out.push('port');
  if (withShow && f.show !== 'all') out.push(`show ${f.show === 'policy' ? 'policy only' : f.show}`);
  return out;
}

export interface FilterStatus {
  readonly text: string;
  /** Mismatches the other filters hide while *Mismatches* is chosen (0 otherwise). */
  readonly hiddenMismatches: number;
  /** The filters hiding them. */
  readonly hiddenBy: readonly string[];
}

function joinNames(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
}

export function filterStatus(f: GraphFilters, shown: number | null, counts: GraphCounts | null): FilterStatus {
  if (counts === null || shown === null) return { text: '', hiddenMismatches: 0, hiddenBy: [] };
  const others = activeFilterNames(f, false);
  if (f.show === 'mismatches') {
    const hidden = Math.max(0, counts.mismatches - shown);
    const of = `${shown} of ${counts.mismatches} ${counts.mismatches === 1 ? 'mismatch' : 'mismatches'} shown`;
    if (hidden === 0 || others.length === 0) return { text: of, hiddenMismatches: 0, hiddenBy: [] };
    return { text: `${of}: the ${joinNames(others)} ${others.length === 1 ? 'filter hides' : 'filters hide'} ${hidden}`, hiddenMismatches: hidden, hiddenBy: others };
  }
  if (others.length === 0 && f.show === 'all') return { text: plural(counts.edges, 'path'), hiddenMismatches: 0, hiddenBy: [] };
  return { text: `${shown} of ${plural(counts.edges, 'path')} shown`, hiddenMismatches: 0, hiddenBy: [] };
}
