/**
 * The canvas's text for screen readers (its aria description): what the drawn graph holds, in
 * counts that agree with their nouns. Paths not known (an end's policy Cilium cannot compute)
 * only when there are some, as the top bar says them.
 */
import type { GraphCounts } from '../../core/graph/types.ts';
import { plural } from '../../core/util/plural.ts';

export function graphDescription(c: GraphCounts): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  return `Connectivity graph: ${plural(c.workloads, 'workload')} in ${plural(c.groups, 'group')}, ${plural(c.edges, 'path')}, ${n(c.deniedEdges)} denied, ${c.notKnownEdges ? `${plural(c.notKnownEdges, 'path')} not known, ` : ''}${n(c.mismatches)} disagreeing with flows.`;
}
