/**
 * The canvas's text for screen readers (its aria description): what the drawn graph holds, in
 * counts that agree with their nouns.
 */
import type { GraphCounts } from '../../core/graph/types.ts';
import { plural } from '../../core/util/plural.ts';

export function graphDescription(c: GraphCounts): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  return `Connectivity graph: ${plural(c.workloads, 'workload')} in ${plural(c.groups, 'group')}, ${plural(c.edges, 'path')}, ${n(c.deniedEdges)} denied, ${n(c.mismatches)} disagreeing with flows.`;
}
