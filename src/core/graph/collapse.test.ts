/**
 * buildGraph with collapsed groups leaves out, before any edge part is made, the pairs that
 * collapsing would drop. Whatever it skips, the result must be the expanded graph collapsed
 * afterwards: same nodes, edges, verdicts, ports, rules, member counts and totals.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../engine/compile.ts';
import { connectivity } from '../engine/connectivity.ts';
import { emptyPortSet, union, type PortSet } from '../engine/PortSet.ts';
import type { NearMiss, RuleRef } from '../engine/types.ts';
import { crossCheck } from '../flows/crossCheck.ts';
import { ingestTexts } from '../flows/ingest.ts';
import type { FlowAggregate } from '../flows/types.ts';
import { loadInputs } from '../load/loadInputs.ts';
import type { Cluster } from '../model/cluster.ts';
import { generateCluster } from '../synth/cluster.ts';
import { buildGraph } from './buildGraph.ts';
import { connectivityInput } from './fromEngine.ts';
import { portsText } from './portsText.ts';
import { isDenied, type GraphEdge, type GraphInputs, type GraphModel, type GraphNode, type MismatchClass } from './types.ts';
import { defaultViewState, groupIds } from './viewState.ts';
import { tenantOfGroup, TENANTS_GROUP } from './grouping.ts';
import { sharePorts, shareCount, tenantsText } from './tenantShares.ts';
import { appPlatformDir } from '../../../test/paths.ts';

const ruleKey = (r: RuleRef): string => `${r.kind}/${r.namespace ?? ''}/${r.name}/${r.path}`;
const byKey = <T>(list: readonly T[], key: (x: T) => string): T[] => [...new Map(list.map((x) => [key(x), x])).entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([, x]) => x);
const MISMATCH_RANK: Readonly<Record<string, number>> = { 'observed-allowed-predicted-denied': 0, 'observed-denied-predicted-allowed': 1 };
const louder = (a: MismatchClass | null, b: MismatchClass | null): MismatchClass | null => {
  if (a === null || b === null) return a ?? b;
  const ra = MISMATCH_RANK[a] ?? 3;
  const rb = MISMATCH_RANK[b] ?? 3;
  return ra < rb || (ra === rb && a <= b) ? a : b;
};

/** Observed port texts cannot be united from text: compare the counts only. */
function comparable(e: GraphEdge) {
  return { ...e, observed: e.observed && { flows: e.observed.flows, verdicts: e.observed.verdicts } };
}

/** The expanded model collapsed afterwards, the slow and obvious way (`rep`: the node an end is drawn as). */
function collapseAfterwards(expanded: GraphModel, collapsed: ReadonlySet<string>, repOf?: (id: string) => string) {
  const nodeById = new Map(expanded.nodes.map((n) => [n.id, n]));
  const rep =
    repOf ??
    ((id: string): string => {
      const n = nodeById.get(id);
      return n && n.kind !== 'group' && n.group !== null && collapsed.has(n.group) ? n.group : id;
    });
  interface Acc {
    source: string;
    target: string;
    verdict: GraphEdge['verdict'];
    ports: PortSet;
    rules: RuleRef[];
    nearMisses: NearMiss[];
    policy: boolean;
    observed: { flows: number; verdicts: Record<string, number> } | null;
    mismatch: MismatchClass | null;
    flowKeys: string[];
    members: number;
    /** Tenants whose paths a line at the tenants' aggregate stands for. */
    tenants: Set<string>;
  }
  const groupOf = (id: string): string => nodeById.get(id)?.group ?? id;
  // Tenants drawn inside the aggregate.
  const of = expanded.nodes.filter((n) => n.kind === 'group' && tenantOfGroup(n.id) !== null && rep(n.id) === TENANTS_GROUP).length;
  const carveOut = new Set(expanded.nodes.filter((n) => n.kind === 'carve-out').map((n) => n.id));
  const acc = new Map<string, Acc>();
  for (const e of expanded.edges) {
    const source = rep(e.source);
    const target = rep(e.target);
    if (source === target && source !== e.source) continue;
    const id = `e:${source}|${target}|${e.verdict}`;
    const a: Acc = acc.get(id) ?? { source, target, verdict: e.verdict, ports: emptyPortSet, rules: [], nearMisses: [], policy: false, observed: null, mismatch: null, flowKeys: [], members: 0, tenants: new Set() };
    acc.set(id, a);
    if (source === TENANTS_GROUP) a.tenants.add(groupOf(e.source));
    if (target === TENANTS_GROUP) a.tenants.add(groupOf(e.target));
    a.ports = union(a.ports, e.ports);
    a.rules.push(...e.rules);
    a.nearMisses.push(...e.nearMisses);
    a.policy ||= e.policy;
    if (e.observed) {
      const o = (a.observed ??= { flows: 0, verdicts: {} });
      o.flows += e.observed.flows;
      for (const [k, v] of Object.entries(e.observed.verdicts)) o.verdicts[k] = (o.verdicts[k] ?? 0) + (v ?? 0);
    }
    a.mismatch = louder(a.mismatch, e.mismatch);
    a.flowKeys.push(...e.flowKeys);
    a.members += e.members;
  }
  const edges = [...acc.entries()]
    .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
    .map(([id, a]) => ({
      id,
      source: a.source,
      target: a.target,
      verdict: a.verdict,
      ports: a.ports,
      portsText: portsText(a.ports),
      rules: byKey(a.rules, ruleKey),
      nearMisses: byKey(a.nearMisses, (n) => `${ruleKey(n.rule)}|${n.why}|${n.text}`),
      policy: a.policy,
      observed: a.observed,
      mismatch: a.mismatch,
      flowKeys: [...new Set(a.flowKeys)].sort(),
      members: a.members,
      // Its ports too, unless a carve-out's name says them (TenantShare.ports).
      ...(a.tenants.size > 0 ? { tenants: { ids: [...a.tenants].sort(), of, text: tenantsText(shareCount({ ids: [...a.tenants], of })), ports: carveOut.has(a.source) || carveOut.has(a.target) ? '' : sharePorts(portsText(a.ports)) } } : {}),
    }));
  const nodes = expanded.nodes
    .filter((n) => n.kind === 'group' || n.group === null || !collapsed.has(n.group))
    .map((n) => (n.kind === 'group' && collapsed.has(n.id) ? { ...n, collapsed: true } : n));
  return { edges, nodes };
}

const withoutPosition = ({ position: _position, ...rest }: GraphNode) => rest;

function expectCollapsedEqualsCollapsedExpanded(inputs: GraphInputs, collapsed: readonly string[]): GraphModel {
  const expanded = buildGraph(inputs, defaultViewState);
  const direct = buildGraph(inputs, { ...defaultViewState, collapsed });
  const want = collapseAfterwards(expanded, new Set(collapsed));
  expect(direct.edges.map(comparable)).toEqual(want.edges);
  expect(direct.nodes.map(withoutPosition)).toEqual(want.nodes.map(withoutPosition));
  expect(direct.groups).toEqual(expanded.groups);
  expect(direct.counts).toEqual({
    workloads: expanded.counts.workloads,
    groups: expanded.counts.groups,
    edges: want.edges.length,
    deniedEdges: want.edges.filter((e) => isDenied(e.verdict)).length,
    mismatches: want.edges.filter((e) => e.mismatch !== null).length,
  });
  return direct;
}

function inputsOf(cluster: Cluster, flows: FlowAggregate | null): GraphInputs {
  const model = compile(cluster);
  const mismatches = new Map<string, MismatchClass>();
  if (flows) for (const c of crossCheck(flows, model).edges) if (c.mismatch) mismatches.set(c.edge.key, c.mismatchClass);
  return { cluster, connectivity: connectivityInput(connectivity(model, { includeDenied: true }), cluster, model.settings), flows, mismatches };
}

describe('collapsed graph = expanded graph collapsed afterwards', () => {
  const dir = appPlatformDir;
  const read = (f: string): string => readFileSync(path.join(dir, f), 'utf8');
  const app = loadInputs([
    { name: 'policies.yaml', data: read('policies.yaml') },
    { name: 'inventory.yaml', data: read('inventory.yaml') },
  ]).cluster;
  const flows = ingestTexts([{ name: 'flows.jsonl', text: read('flows.jsonl') }]);

  it('app-platform fixture, engine paths and flows: every group, one tenant, the platform', () => {
    for (const inputs of [inputsOf(app, null), inputsOf(app, flows), { cluster: app, connectivity: null, flows }]) {
      const every = groupIds(app, defaultViewState.groupingLabel);
      expect(every.length).toBeGreaterThan(2);
      const g = expectCollapsedEqualsCollapsedExpanded(inputs, every);
      expect(g.nodes.filter((n) => n.kind === 'group').every((n) => n.collapsed)).toBe(true);
      expectCollapsedEqualsCollapsedExpanded(inputs, ['g:t:acme']);
      expectCollapsedEqualsCollapsedExpanded(inputs, ['g:platform', 'g:t:globex']);
    }
  });

  it('a synthetic multi-tenant cluster (denies, FQDNs, port ranges, excepted ranges, KNPs)', () => {
    const synth = generateCluster({ seed: 5, tenants: 8, namespacesPerTenant: 2, workloads: 120, nodes: 3, ccnps: 10, cnps: 50, networkPolicies: 16, fqdnPolicies: 7, portRangePolicies: 3, denyPolicies: 9, internetEgressShare: 0.5 });
    const cluster = loadInputs(synth.files).cluster;
    const inputs = inputsOf(cluster, null);
    const every = groupIds(cluster, defaultViewState.groupingLabel);
    const all = expectCollapsedEqualsCollapsedExpanded(inputs, every);
    // Most of a tenant's traffic stays inside it: far fewer edges than expanded, members add up.
    expect(all.edges.length).toBeGreaterThan(10);
    expect(all.edges.some((e) => e.members > 1)).toBe(true);
    expectCollapsedEqualsCollapsedExpanded(inputs, every.slice(0, 3));
    expectCollapsedEqualsCollapsedExpanded(inputs, ['g:platform']);
  });
});

describe('the tenants as one node (TENANTS_GROUP) = the tenant level merged', () => {
  const synth = generateCluster({ seed: 5, tenants: 8, namespacesPerTenant: 2, workloads: 120, nodes: 3, ccnps: 10, cnps: 50, networkPolicies: 16, fqdnPolicies: 7, portRangePolicies: 3, denyPolicies: 9, internetEgressShare: 0.5 });
  const cluster = loadInputs(synth.files).cluster;
  const inputs = inputsOf(cluster, null);
  const every = groupIds(cluster, defaultViewState.groupingLabel);
  const tenants = every.filter((g) => tenantOfGroup(g) !== null);
  const tenantLevel = buildGraph(inputs, { ...defaultViewState, collapsed: every });
  const toAggregate = (id: string): string => (tenantOfGroup(id) !== null ? TENANTS_GROUP : id);

  it('its edges are the tenant level’s edges merged per (end, end, verdict): ports, rules, members; paths between tenants left out', () => {
    const aggregate = buildGraph(inputs, { ...defaultViewState, collapsed: [...every, TENANTS_GROUP] });
    const want = collapseAfterwards(tenantLevel, new Set(), toAggregate);
    expect(aggregate.edges.map(comparable)).toEqual(want.edges);
    // The same from the expanded graph.
    const expanded = buildGraph(inputs, defaultViewState);
    const byNode = new Map(expanded.nodes.map((n) => [n.id, n]));
    const fromExpanded = collapseAfterwards(expanded, new Set(), (id) => {
      const g = byNode.get(id)?.group ?? null;
      return g === null ? id : tenantOfGroup(g) !== null ? TENANTS_GROUP : g;
    });
    expect(aggregate.edges.map(comparable)).toEqual(fromExpanded.edges);
    // Every tenant-level edge between a tenant and the rest is in an aggregate edge.
    expect(aggregate.edges.some((e) => e.source === TENANTS_GROUP || e.target === TENANTS_GROUP)).toBe(true);
    expect(aggregate.edges.some((e) => e.members > 1)).toBe(true);
    expect(aggregate.counts.workloads).toBe(tenantLevel.counts.workloads);
    expect(aggregate.groups).toEqual(tenantLevel.groups);
  });

  it('one node for the tenants, the platform and the outside peers beside it', () => {
    const aggregate = buildGraph(inputs, { ...defaultViewState, collapsed: [...every, TENANTS_GROUP] });
    const groups = aggregate.nodes.filter((n) => n.kind === 'group');
    expect(groups.map((n) => n.id)).toEqual(['g:platform', TENANTS_GROUP]);
    const node = groups[1] as GraphNode;
    expect(node.label).toBe(`${tenants.length} tenants`);
    expect(node.collapsed).toBe(true);
    expect(node.workloads).toBe(tenantLevel.nodes.filter((n) => tenantOfGroup(n.id) !== null).reduce((s, n) => s + n.workloads, 0));
    expect(aggregate.nodes.filter((n) => n.group === null).map((n) => n.id)).toEqual(tenantLevel.nodes.filter((n) => n.group === null).map((n) => n.id));
  });

  it('a tenant expanded is drawn on its own beside the other tenants’ node, its paths to them exact', () => {
    const one = tenants[2] as string;
    const view = { ...defaultViewState, collapsed: [...every.filter((g) => g !== one), TENANTS_GROUP] };
    const g = buildGraph(inputs, view);
    expect(g.nodes.find((n) => n.id === TENANTS_GROUP)?.label).toBe(`${tenants.length - 1} other tenants`);
    expect(g.nodes.some((n) => n.group === one && n.kind === 'workload')).toBe(true);
    const expanded = buildGraph(inputs, defaultViewState);
    const byNode = new Map(expanded.nodes.map((n) => [n.id, n]));
    const want = collapseAfterwards(expanded, new Set(), (id) => {
      const grp = byNode.get(id)?.group ?? null;
      return grp === null || grp === one ? id : tenantOfGroup(grp) !== null ? TENANTS_GROUP : grp;
    });
    expect(g.edges.map(comparable)).toEqual(want.edges);
  });

  it('a group filter naming a tenant keeps the node holding it; the customer view never draws it', () => {
    const view = { ...defaultViewState, collapsed: [...every, TENANTS_GROUP] };
    const focused = buildGraph(inputs, { ...view, filters: { ...view.filters, groups: [tenants[0] as string] } });
    expect(focused.nodes.some((n) => n.id === TENANTS_GROUP)).toBe(true);
    const customer = buildGraph(inputs, { ...view, customerTenant: tenantOfGroup(tenants[0] as string) });
    expect(customer.nodes.some((n) => n.id === TENANTS_GROUP || /^\d[\d,]* (other )?tenants?$/.test(n.label))).toBe(false);
  });
});
