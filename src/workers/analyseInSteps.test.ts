/**
 * The load's analysis in two steps (analyseInSteps, connectivityInSteps, deferredPairs) against
 * the whole analysis: the first step's graphs of every view it covers equal the whole analysis's,
 * and the rest gives the whole matrix and inputs exactly.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../core/engine/compile.ts';
import { connectivity, connectivityInSteps, type ConnectivityMatrix, type ConnEdge } from '../core/engine/connectivity.ts';
import { buildGraph } from '../core/graph/buildGraph.ts';
import { deferredPairs } from '../core/graph/deferredPairs.ts';
import type { ViewState } from '../core/graph/types.ts';
import { defaultViewState, groupIds } from '../core/graph/viewState.ts';
import { loadInputs } from '../core/load/loadInputs.ts';
import type { Cluster } from '../core/model/cluster.ts';
import { generateCluster } from '../core/synth/cluster.ts';
import { TENANTS_GROUP } from '../core/graph/grouping.ts';
import { appPlatformFile, tierPlatformDir } from '../../test/paths.ts';
import { expectStrictEqual } from '../../test/strictEqual.ts';
import { analyse, analyseInSteps, graphInputsFrom, type Analysis } from './analyse.ts';
import { GraphBuilder } from './graphBuilder.ts';
import { buildCluster, policiesFromYaml } from '../core/engine/testing.ts';

function drain<T>(g: Generator<void, T>): T {
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
  }
}

const synth = (seed: number, workloads: number): Cluster =>
  loadInputs(generateCluster({ seed, tenants: 6, namespacesPerTenant: 2, workloads, podsPerWorkload: 2, nodes: 3, cnps: 24, networkPolicies: 6, fqdnPolicies: 3, portRangePolicies: 2, denyPolicies: 4, format: 'json' }).files).cluster;

const fixture = (paths: readonly string[]): Cluster => loadInputs(paths.map((p) => ({ name: p, data: readFileSync(p, 'utf8') }))).cluster;

const clusters: readonly (readonly [string, () => Cluster])[] = [
  ['synthetic, seed 1', () => synth(1, 60)],
  ['synthetic, seed 7', () => synth(7, 90)],
  ['app platform', () => fixture(['policies.yaml', 'inventory.yaml'].map(appPlatformFile))],
  ['tier platform (ClusterNetworkPolicy tiers)', () => fixture([`${tierPlatformDir}/inventory.yaml`, `${tierPlatformDir}/policies.yaml`])],
];

const collapsedView = (cluster: Cluster, collapsed: readonly string[]): ViewState => ({ ...defaultViewState, collapsed: [...collapsed].sort() });

describe('connectivityInSteps', () => {
  it.each(clusters)('%s: the first step holds every pair but the deferred ones, the rest is the whole matrix', (_name, make) => {
    const cluster = make();
    const model = compile(cluster);
    const whole = connectivity(model, { includeDenied: true });
    const groups = groupIds(cluster, defaultViewState.groupingLabel);
    expect(groups.length).toBeGreaterThan(1);
    // Every group collapsed; and the tenants as one node too (pairs between tenants deferred as well).
    for (const collapsed of [groups, [...groups, TENANTS_GROUP]]) {
      const deferred = deferredPairs(cluster, collapsedView(cluster, collapsed));
      if (deferred === null) throw new Error('every group collapsed: some pairs are deferred');
      const keys = deferred.keysOf(whole.peers);
      const steps = connectivityInSteps(model, { includeDenied: true }, deferred.keysOf);
      const inGroup = (from: number, to: number): boolean => keys[from] !== null && keys[from] === keys[to];
      expect(steps.first.edges.length).toBeLessThan(whole.edges.length);
      expectStrictEqual(steps.first, { ...whole, edges: whole.edges.filter((e) => !inGroup(e.from, e.to)) });
      expectStrictEqual(drain(steps.rest()).connectivity, whole);
    }
    const aggregate = deferredPairs(cluster, collapsedView(cluster, [...groups, TENANTS_GROUP]))?.keysOf(whole.peers) ?? [];
    expect(aggregate.filter((k) => k !== null && k !== TENANTS_GROUP && k !== 'g:platform')).toEqual([]);
  });

  it.each(clusters)('%s: with classes, the first step lists each class once, and every member’s pairs are its class’s', (name, make) => {
    const cluster = make();
    const model = compile(cluster);
    const whole = connectivity(model, { includeDenied: true });
    const groups = groupIds(cluster, defaultViewState.groupingLabel);
    const same = (a: ConnEdge | undefined, b: ConnEdge | undefined): void => {
      expect(a === undefined).toBe(b === undefined);
      if (a !== undefined && b !== undefined) expectStrictEqual({ ...a, from: 0, to: 0 }, { ...b, from: 0, to: 0 });
    };
    for (const collapsed of [groups, [...groups, TENANTS_GROUP]]) {
      const deferred = deferredPairs(cluster, collapsedView(cluster, collapsed));
      if (deferred === null) throw new Error('every group collapsed: some pairs are deferred');
      const keys = deferred.keysOf(whole.peers);
      const steps = connectivityInSteps(model, { includeDenied: true }, deferred.keysOf, true);
      const inGroup = (from: number, to: number): boolean => keys[from] !== null && keys[from] === keys[to];
      const classOf = new Map<number, number>();
      for (const [last, list] of steps.standsFor) {
        expect(list.at(-1)).toBe(last);
        expect(list.length).toBeGreaterThan(1);
        for (const m of list) {
          expect(classOf.has(m)).toBe(false);
          classOf.set(m, last);
        }
      }
      // The synthetic clusters hold workloads with equal rows: the classes are not empty there.
      if (name.startsWith('synthetic')) expect(steps.standsFor.size).toBeGreaterThan(0);
      const listed = (i: number): boolean => (classOf.get(i) ?? i) === i;
      expectStrictEqual(steps.first, { ...whole, edges: whole.edges.filter((e) => !inGroup(e.from, e.to) && listed(e.from) && listed(e.to)) });
      // Every member's row and column (the pairs `first` holds) are its class's last peer's, peer for peer.
      const edge = new Map(whole.edges.map((e) => [`${e.from}|${e.to}`, e]));
      for (const [m, last] of classOf) {
        if (m === last) continue;
        for (let x = 0; x < whole.peers.length; x++) {
          if (inGroup(m, x)) continue;
          same(edge.get(`${m}|${x}`), edge.get(`${last}|${x}`));
          same(edge.get(`${x}|${m}`), edge.get(`${x}|${last}`));
        }
      }
      expectStrictEqual(drain(steps.rest()).connectivity, whole);
    }
  });

  it('stops at maxEdges as the whole matrix does, whichever step reaches it', () => {
    const cluster = synth(3, 60);
    const model = compile(cluster);
    const deferred = deferredPairs(cluster, collapsedView(cluster, groupIds(cluster, 'tenant')));
    if (deferred === null) throw new Error('some pairs are deferred');
    const all = connectivity(model, { includeDenied: true }).edges.length;
    for (const maxEdges of [1, 10, Math.floor(all / 3), all - 1, all, all + 1])
      for (const classes of [false, true]) {
        const steps = connectivityInSteps(model, { includeDenied: true, maxEdges }, deferred.keysOf, classes);
        const rest: ConnectivityMatrix = drain(steps.rest());
        expectStrictEqual(rest.connectivity, connectivity(model, { includeDenied: true, maxEdges }));
      }
  });
});

describe('analyseInSteps', () => {
  it.each(clusters)('%s: graphs of covered views are the whole analysis’s, in random views', (_name, make) => {
    const cluster = make();
    const groups = groupIds(cluster, defaultViewState.groupingLabel);
    const whole = analyse(cluster, null);
    const wholeInputs = graphInputsFrom(cluster, null, whole);
    let withClasses = 0;
    fc.assert(
      fc.property(
        // The tenants' aggregate among them (TENANTS_GROUP: the collapsed tenants as one node).
        fc.subarray([...groups, TENANTS_GROUP], { minLength: 1 }),
        fc.subarray([...groups, TENANTS_GROUP]),
        fc.constantFrom('', 'web', 'db', 'api'),
        fc.subarray(['allowed', 'explicit-deny', 'default-deny'] as const),
        (first, more, search, verdicts) => {
          const opening = collapsedView(cluster, first);
          const steps = analyseInSteps(cluster, null, opening);
          if (steps === null) throw new Error('a collapsed opening is analysed in steps');
          const firstInputs = graphInputsFrom(cluster, null, steps.first);
          if ((steps.first.connectivity?.members?.size ?? 0) > 0) withClasses++;
          const later: ViewState = { ...opening, collapsed: [...new Set([...first, ...more])].sort(), filters: { ...opening.filters, search, verdicts } };
          for (const view of [opening, later]) {
            expect(steps.covers(view)).toBe(true);
            expectStrictEqual(buildGraph(firstInputs, view), buildGraph(wholeInputs, view));
          }
          // Expanding a group of the opening, another grouping, the customer view: not covered.
          expect(steps.covers({ ...opening, collapsed: first.slice(1) })).toBe(false);
          expect(steps.covers({ ...opening, groupingLabel: 'team' })).toBe(false);
          expect(steps.covers({ ...opening, customerTenant: 'x' })).toBe(false);
          const rest: Analysis = drain(steps.rest());
          expectStrictEqual(rest, whole);
        },
      ),
      { numRuns: 6 },
    );
    // Workloads with equal paths listed once (classes): the synthetic clusters' openings have some.
    if (_name.startsWith('synthetic')) expect(withClasses).toBeGreaterThan(0);
  });

  it('a named port keeps workloads with other container ports out of one class', () => {
    // x and z resolve `http` to 8080, y to 9090; the same rule selects all three, the same peers reach them.
    const { policies } = policiesFromYaml(`
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: api-http, namespace: tenant-a}
spec:
  endpointSelector: {matchLabels: {role: api}}
  ingress:
  - fromEntities: [world, cluster]
    toPorts: [{ports: [{port: http, protocol: TCP}]}]
`);
    const cluster = buildCluster({
      namespaces: { platform: {}, 'tenant-a': { tenant: 'a' } },
      pods: [
        { ns: 'platform', name: 'gw', labels: { app: 'gw' } },
        { ns: 'tenant-a', name: 'x', labels: { role: 'api', app: 'x' }, ports: [['http', 8080]] },
        { ns: 'tenant-a', name: 'y', labels: { role: 'api', app: 'y' }, ports: [['http', 9090]] },
        { ns: 'tenant-a', name: 'z', labels: { role: 'api', app: 'z' }, ports: [['http', 8080]] },
      ],
      policies,
    });
    const groups = groupIds(cluster, defaultViewState.groupingLabel);
    const whole = graphInputsFrom(cluster, null, analyse(cluster, null));
    for (const collapsed of [groups, [...groups, TENANTS_GROUP]]) {
      const opening = collapsedView(cluster, collapsed);
      const steps = analyseInSteps(cluster, null, opening);
      if (steps === null) throw new Error('analysed in steps');
      const first = steps.first.connectivity;
      expect([...(first?.members ?? [])]).toEqual([['tenant-a/Pod/z', 2]]);
      const model = buildGraph(graphInputsFrom(cluster, null, steps.first), opening);
      expectStrictEqual(model, buildGraph(whole, opening));
      expect(model.edges.find((e) => e.source === 'g:platform' && e.verdict === 'allowed')).toMatchObject({ portsText: '8080,9090/TCP', members: 3 });
    }
  });

  it('is not used where nothing is deferred: nothing collapsed, a customer view, flows to draw', () => {
    const cluster = synth(2, 40);
    const groups = groupIds(cluster, 'tenant');
    expect(analyseInSteps(cluster, null, defaultViewState)).toBeNull();
    expect(analyseInSteps(cluster, null, { ...collapsedView(cluster, groups), customerTenant: 'tenant-1' })).toBeNull();
    const flows = { edges: [{}] } as unknown as Parameters<typeof analyseInSteps>[1];
    expect(analyseInSteps(cluster, flows, collapsedView(cluster, groups))).toBeNull();
  });
});

describe('GraphBuilder with pending inputs', () => {
  it('draws covered views at once and completes the inputs before any other view; completes in steps', () => {
    // Every group collapsed, as a big cluster opens (initialViewState above 300 workloads): 150 workloads
    // (the matrix's rest in three steps of 64 rows) instead of 400, whose inputs cost 3x to build and compare.
    const cluster = synth(5, 150);
    const opening = collapsedView(cluster, groupIds(cluster, defaultViewState.groupingLabel));
    expect(opening.collapsed.length).toBeGreaterThan(1);
    const whole = graphInputsFrom(cluster, null, analyse(cluster, null));
    const make = (): GraphBuilder => {
      const steps = analyseInSteps(cluster, null, opening);
      if (steps === null) throw new Error('analysed in steps');
      const rest = steps.rest();
      return new GraphBuilder(graphInputsFrom(cluster, null, steps.first), null, {
        covers: steps.covers,
        rest: {
          next: () => {
            const r = rest.next();
            return r.done ? { done: true, value: { inputs: graphInputsFrom(cluster, null, r.value), engineError: null } } : { done: false, value: undefined };
          },
        },
      });
    };
    const b = make();
    expectStrictEqual(b.graph(opening), buildGraph(whole, opening));
    expect(b.complete).toBe(false);
    const expanded: ViewState = { ...opening, collapsed: opening.collapsed.slice(1) };
    expectStrictEqual(b.graph(expanded), buildGraph(whole, expanded));
    expect(b.complete).toBe(true);
    expectStrictEqual(b.inputs, whole);

    const c = make();
    let steps = 0;
    while (!c.step()) steps++;
    expect(steps).toBeGreaterThan(1);
    expectStrictEqual(c.inputs, whole);
    expectStrictEqual(c.graph(expanded), buildGraph(whole, expanded));
  });
});
