import { describe, expect, it } from 'vitest';
import { graphDescription } from './graphDescription.ts';

describe('graphDescription: the canvas as a screen reader hears it', () => {
  it('agrees in number: one workload in one group, one path (read "1 workloads in 1 groups, 1 paths")', () => {
    expect(graphDescription({ workloads: 1, groups: 1, edges: 1, deniedEdges: 1, mismatches: 0 })).toBe(
      'Connectivity graph: 1 workload in 1 group, 1 path, 1 denied, 0 disagreeing with flows.',
    );
  });

  it('many of each, with thousands separated', () => {
    expect(graphDescription({ workloads: 20000, groups: 3, edges: 1520, deniedEdges: 12, mismatches: 2 })).toBe(
      'Connectivity graph: 20,000 workloads in 3 groups, 1,520 paths, 12 denied, 2 disagreeing with flows.',
    );
  });

  it('says how many paths are not known (an end whose policy Cilium cannot compute), when some are', () => {
    expect(graphDescription({ workloads: 3, groups: 2, edges: 3, deniedEdges: 0, mismatches: 0, notKnownEdges: 1 })).toBe(
      'Connectivity graph: 3 workloads in 2 groups, 3 paths, 0 denied, 1 path not known, 0 disagreeing with flows.',
    );
    expect(graphDescription({ workloads: 3, groups: 2, edges: 3, deniedEdges: 0, mismatches: 0, notKnownEdges: 2 })).toContain(', 0 denied, 2 paths not known, 0 disagreeing');
  });
});
