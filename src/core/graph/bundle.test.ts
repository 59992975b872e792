import { describe, expect, it } from 'vitest';
import { emptyPortSet } from '../engine/PortSet.ts';
import { bundleEdges, bundleKind, bundleLabel, bundleOfEdge, bundleShades, drawnShades, INNER_PATHS_DRAWN, SHADE_MIN_LENGTH } from './bundle.ts';
import type { EdgeVerdict, GraphEdge, GraphNode } from './types.ts';

const node = (id: string, kind: GraphNode['kind'], parent: string | null, collapsed = false): GraphNode => ({
  id,
  kind,
  label: id,
  parent,
  group: null,
  namespace: null,
  workload: null,
  dns: false,
  collapsed,
  workloads: 1,
  unrestricted: [],
  position: null,
});

const edge = (source: string, target: string, verdict: EdgeVerdict, extra: Partial<GraphEdge> = {}): GraphEdge => ({
  id: `e:${source}|${target}|${verdict}`,
  source,
  target,
  verdict,
  ports: emptyPortSet,
  portsText: '80/TCP',
  rules: [],
  nearMisses: [],
  policy: true,
  observed: null,
  mismatch: null,
  flowKeys: [],
  members: 1,
  ...extra,
});

// Tenant t1 (namespaces a: w1 w2, c: w4), tenant t2 (namespace b: w3), the internet.
const nodes: GraphNode[] = [
  node('g:t:t1', 'group', null),
  node('ns:a', 'namespace', 'g:t:t1'),
  node('w1', 'workload', 'ns:a'),
  node('w2', 'workload', 'ns:a'),
  node('ns:c', 'namespace', 'g:t:t1'),
  node('w4', 'workload', 'ns:c'),
  node('g:t:t2', 'group', null),
  node('ns:b', 'namespace', 'g:t:t2'),
  node('w3', 'workload', 'ns:b'),
  node('o:world', 'world', null),
];

describe('bundleEdges', () => {
  it('draws parallel paths between two tenants as one bundle, with the verdict split and both directions', () => {
    const edges = [edge('w1', 'w3', 'allowed', { observed: { flows: 7, verdicts: {}, ports: '80/TCP' } }), edge('w2', 'w3', 'default-deny'), edge('w3', 'w1', 'allowed')];
    expect(bundleEdges(nodes, edges)).toEqual([
      {
        id: 'b:g:t:t1|g:t:t2',
        source: 'g:t:t1',
        target: 'g:t:t2',
        members: edges.map((e) => e.id).sort(),
        verdicts: { allowed: 2, 'default-deny': 1 },
        allowed: 2,
        denied: 1,
        notKnown: 0,
        flows: 7,
        bothWays: true,
      },
    ]);
  });

  it('bundles between a tenant and an outside peer; inside an expanded tenant its paths are drawn, not bundled', () => {
    const edges = [edge('w1', 'o:world', 'allowed'), edge('w2', 'o:world', 'explicit-deny'), edge('w1', 'w4', 'allowed'), edge('w2', 'w4', 'allowed')];
    const bundles = bundleEdges(nodes, edges);
    // Between namespaces a and c of tenant t1 (expanded: its workloads are drawn): two lines, no bundle.
    expect(bundles.map((b) => [b.id, b.source, b.target, b.members.length, b.bothWays])).toEqual([['b:g:t:t1|o:world', 'g:t:t1', 'o:world', 2, false]]);
    expect(bundleOfEdge(bundles).has('e:w1|w4|allowed')).toBe(false);
  });

  it('a tenant with more inner paths than can be read as lines keeps them bundled, per tenant', () => {
    // t1: namespaces a (w1, w2) and c (w4, w5 …): INNER_PATHS_DRAWN + 1 paths between them; t2 expanded too, with 2.
    const many = Array.from({ length: INNER_PATHS_DRAWN + 1 }, (_, i) => `x${i}`);
    const big = [...nodes, node('ns:d', 'namespace', 'g:t:t2'), node('w6', 'workload', 'ns:d'), ...many.map((id) => node(id, 'workload', 'ns:c'))];
    const edges = [...many.map((id) => edge('w1', id, 'allowed')), edge('w3', 'w6', 'allowed'), edge('w6', 'w3', 'default-deny')];
    const bundles = bundleEdges(big, edges);
    expect(bundles.map((b) => [b.id, b.members.length])).toEqual([['b:ns:a|ns:c', INNER_PATHS_DRAWN + 1]]);
  });

  it('bundles parallel paths between two collapsed groups', () => {
    const collapsed = [node('g:t:t1', 'group', null, true), node('g:t:t2', 'group', null, true)];
    const bundles = bundleEdges(collapsed, [edge('g:t:t1', 'g:t:t2', 'allowed'), edge('g:t:t1', 'g:t:t2', 'default-deny')]);
    expect(bundles.map((b) => [b.id, b.allowed, b.denied])).toEqual([['b:g:t:t1|g:t:t2', 1, 1]]);
  });

  it('a bundle holding a not-known path is never drawn green alone: its grey part and its count say so; each verdict it holds has its colour', () => {
    const collapsed = [node('g:t:t1', 'group', null, true), node('g:t:t2', 'group', null, true)];
    const of = (...vs: EdgeVerdict[]) => {
      const [b] = bundleEdges(collapsed, vs.map((v, i) => edge('g:t:t1', 'g:t:t2', v, { id: `e${i}` })));
      if (!b) throw new Error('no bundle');
      return { counts: [b.allowed, b.denied, b.notKnown], shades: bundleShades(b), kind: bundleKind(b), label: bundleLabel(b) };
    };
    expect(of('allowed', 'not-known')).toEqual({ counts: [1, 0, 1], shades: ['allowed', 'not-known'], kind: 'mixed', label: '? 2 paths · 1 not known' });
    expect(of('l7-filtered', 'not-known', 'not-known')).toEqual({ counts: [1, 0, 2], shades: ['allowed', 'not-known'], kind: 'mixed', label: '? 3 paths · 2 not known' });
    expect(of('not-known', 'not-known')).toEqual({ counts: [0, 0, 2], shades: ['not-known'], kind: 'not-known', label: '? 2 paths' });
    expect(of('default-deny', 'not-known')).toEqual({ counts: [0, 1, 1], shades: ['not-known', 'default-deny'], kind: 'mixed', label: '? 2 paths · 1 denied · 1 not known' });
    // All three: green, grey and red in thirds (grey and red alone left the allowed path out of the picture).
    expect(of('allowed', 'explicit-deny', 'not-known')).toEqual({ counts: [1, 1, 1], shades: ['allowed', 'not-known', 'default-deny'], kind: 'mixed', label: '? 3 paths · 1 denied · 1 not known' });
    // Without one, as before.
    expect(of('allowed', 'default-deny')).toEqual({ counts: [1, 1, 0], shades: ['allowed', 'default-deny'], kind: 'mixed', label: '2 paths · 1 denied' });
    expect(of('allowed', 'allowed')).toEqual({ counts: [2, 0, 0], shades: ['allowed'], kind: 'allowed', label: '2 paths' });
  });

  it('a short line of allowed and not-known paths is drawn not known: green beside a grey arrow read allowed', () => {
    const collapsed = [node('g:t:t1', 'group', null, true), node('g:t:t2', 'group', null, true)];
    const of = (length: number, ...vs: EdgeVerdict[]) => {
      const [b] = bundleEdges(collapsed, vs.map((v, i) => edge('g:t:t1', 'g:t:t2', v, { id: `e${i}` })));
      if (!b) throw new Error('no bundle');
      return drawnShades(b, length);
    };
    // Two boxes side by side: 30 apart.
    expect(of(30, 'allowed', 'not-known')).toEqual(['not-known']);
    expect(of(2 * SHADE_MIN_LENGTH, 'allowed', 'not-known')).toEqual(['allowed', 'not-known']);
    // A red end says what matters: kept.
    expect(of(30, 'allowed', 'default-deny')).toEqual(['allowed', 'default-deny']);
    expect(of(30, 'default-deny', 'not-known')).toEqual(['not-known', 'default-deny']);
    expect(of(30, 'allowed', 'default-deny', 'not-known')).toEqual(['allowed', 'not-known', 'default-deny']);
    expect(of(30, 'allowed', 'allowed')).toEqual(['allowed']);
  });

  it('leaves alone single paths, paths between two single nodes, mismatches and what-if changes', () => {
    const edges = [
      // Same namespace: between two workloads, already one line per verdict.
      edge('w1', 'w2', 'allowed'),
      edge('w1', 'w2', 'default-deny'),
      // One path between t1 and the internet besides a mismatch and a what-if change.
      edge('w1', 'o:world', 'allowed'),
      edge('w2', 'o:world', 'allowed', { mismatch: 'observed-denied-predicted-allowed' }),
      edge('w4', 'o:world', 'allowed', { change: { kind: 'added', before: '', opened: '80/TCP', closed: '' } }),
    ];
    expect(bundleEdges(nodes, edges)).toEqual([]);
  });

  it('puts every path in at most one bundle', () => {
    const edges = [edge('w1', 'w3', 'allowed'), edge('w2', 'w3', 'allowed'), edge('w1', 'o:world', 'allowed'), edge('w4', 'o:world', 'allowed'), edge('w3', 'o:world', 'allowed')];
    const bundles = bundleEdges(nodes, edges);
    const of = bundleOfEdge(bundles);
    expect(bundles.reduce((n, b) => n + b.members.length, 0)).toBe(of.size);
    expect(of.get('e:w3|o:world|allowed')).toBeUndefined();
    expect(of.get('e:w4|o:world|allowed')).toBe('b:g:t:t1|o:world');
  });
});
