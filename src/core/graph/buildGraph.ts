/**
 * `buildGraph(inputs, view)`: connectivity + flows + inventory → the GraphModel the view draws.
 * Pure and deterministic. Steps: leaf nodes and outside peers (registry) → edge parts from policy
 * (the draw rule in policyParts) and from flows → ranges the internet already covers dropped →
 * carve-out stubs for egress exceptions →
 * collapsed groups take over their workloads' edges → merge per (source, target, verdict) →
 * layout of the unfiltered graph → filters → parallel paths between two groups bundled. In the customer view (`view.customerTenant`) the
 * redaction step (redact.ts, loaded first: redaction.ts) runs before collapsing, so layout, filters and every output only
 * ever see the redacted nodes and edges.
 * @public
 */
import { bundleEdges } from './bundle.ts';
import type { EdgePart } from './edgeParts.ts';
import { mergeParts } from './edgeParts.ts';
import { carveOut, type CarveOutStub } from './carveOut.ts';
import { applyFilters } from './filter.ts';
import { flowParts } from './flowParts.ts';
import { collapsedNodeOf, groupLabel, makeGrouping, OTHERS_GROUP, PLATFORM_GROUP, TENANTS_GROUP, type Grouping } from './grouping.ts';
import { hubOpening, layoutGraph, type LayoutGroup, type LayoutOutside } from './layout.ts';
import { compareOutside } from './outside.ts';
import { policyParts, resolvePaths } from './policyParts.ts';
import { redaction } from './redaction.ts';
import { buildRegistry, workloadNodeId, type LeafNode, type Registry } from './registry.ts';
import { searchCode } from '../search/searchCode.ts';
import { flowsInRange } from '../flows/inbox.ts';
import { subsumeByWorld } from './subsume.ts';
import { tenantSharesCode } from './tenantSharesCode.ts';
import type { Cluster } from '../model/cluster.ts';
import type { ConnPath, GraphEdge, GraphInputs, GraphModel, GraphNode, NodeKind, ViewState, WorkloadEnforcement } from './types.ts';
import { isDenied } from './types.ts';

export function namespaceNodeId(ns: string): string {
  return `ns:${ns}`;
}

/**
 * Platform first (traffic enters through it), then the tenants' aggregate, then tenants A–Z. In
 * the customer view the one "other tenants" node comes before everything: top left, away from
 * the outside column, so the customer's own edges to the outside do not run behind it.
 */
const GROUP_RANK: ReadonlyMap<string, number> = new Map([
  [OTHERS_GROUP, 0],
  [PLATFORM_GROUP, 1],
  [TENANTS_GROUP, 2],
]);
function compareGroups(a: string, b: string): number {
  if (a === b) return 0;
  const ra = GROUP_RANK.get(a) ?? 3;
  const rb = GROUP_RANK.get(b) ?? 3;
  if (ra !== rb) return ra - rb;
  return a < b ? -1 : 1;
}

/** The node each group is drawn as under `collapsed` (collapsedNodeOf), remembered per group: asked once per pair. */
function drawnAs(collapsed: ReadonlySet<string>): (group: string) => string | null {
  const of = collapsedNodeOf(collapsed);
  const known = new Map<string, string | null>();
  return (group) => {
    let node = known.get(group);
    if (node === undefined) known.set(group, (node = of(group)));
    return node;
  };
}

const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** FNV-1a over the strings: a short key for "what the layout depends on". */
function hashKey(parts: readonly string[]): string {
  let h = 0x811c9dc5;
  for (const p of parts) {
    for (let i = 0; i < p.length; i++) {
      h ^= p.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    h ^= 0x0a;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * Pairs step 1 leaves out: outside the customer view, collapsing is known now, and pairs inside
 * one collapsed group would only be dropped in step 2, so no part is made for them (in a big
 * cluster that opens collapsed, most pairs are pairs inside a tenant). The customer view decides
 * what is collapsed while redacting, which needs every part first.
 */
function insideCollapsed(reg: Registry, view: ViewState): ((s: string, t: string) => boolean) | null {
  if (view.customerTenant !== null || view.collapsed.length === 0) return null;
  const node = drawnAs(new Set(view.collapsed));
  return (s, t) => {
    const gs = reg.leaves.get(s)?.group;
    if (gs == null) return false;
    const ns = node(gs);
    if (ns === null) return false;
    const gt = reg.leaves.get(t)?.group;
    return gt != null && (gt === gs || node(gt) === ns);
  };
}

/**
 * Step 1 for policy paths alone (no flows): their parts, ranges the internet covers dropped,
 * carve-out stubs. Every step looks only at parts with the same in-cluster end (or, both ends
 * outside, at other such parts), so the parts of a set of paths are the parts of each such
 * share of it, and the parts of a path between two workloads are its own: what the what-if's
 * graph update (graphUpdate.ts) relies on. `pathOf`: filled with the index of the path each part
 * is made from (policyParts).
 */
export function policyGraphParts(paths: readonly ConnPath[], reg: Registry, view: ViewState, pathOf: number[] | null = null): { parts: EdgePart[]; stubs: CarveOutStub[] } {
  const of: number[] | null = pathOf === null ? null : [];
  const made = policyParts(resolvePaths(paths, reg), reg, insideCollapsed(reg, view), of);
  const carved = carveOut(subsumeByWorld(made, reg), reg);
  if (pathOf !== null && of !== null) {
    // The path each part comes from (-1: none, or a carve-out's copy of it).
    const at = new Map(made.map((p, i) => [p, of[i] as number]));
    for (const p of carved.parts) pathOf.push(at.get(p) ?? -1);
  }
  return carved;
}

/** The registry and the enforcement per workload a graph is built with (`graphFromParts`). */
export interface GraphContext {
  readonly grouping: Grouping;
  readonly reg: Registry;
  readonly enforcement: ReadonlyMap<string, WorkloadEnforcement> | null;
}

export function enforcementOf(inputs: GraphInputs): Map<string, WorkloadEnforcement> | null {
  return inputs.connectivity ? new Map<string, WorkloadEnforcement>(inputs.connectivity.enforcement.map((e) => [e.workload, e])) : null;
}

export function buildGraph(inputs: GraphInputs, view: ViewState): GraphModel {
  const grouping = makeGrouping(inputs.cluster, view.groupingLabel);
  const reg = buildRegistry(inputs.cluster, grouping);

  // 1. Edge parts at workload level (pairs inside collapsed groups left out: `insideCollapsed`).
  const resolved = resolvePaths(inputs.connectivity?.paths ?? [], reg);
  const enforcement = enforcementOf(inputs);
  const members = inputs.connectivity?.members ?? null;
  if (members !== null && insideCollapsed(reg, view) === null) throw new Error('buildGraph: inputs listing each class of workloads once draw only views that collapse them');
  const parts: EdgePart[] = policyParts(resolved, reg, insideCollapsed(reg, view), null, members);
  // A time range keeps only the flows inside it (the drops inbox's brush).
  const timed = inputs.flows && view.filters.time ? flowsInRange(inputs.flows, view.filters.time, inputs.mismatches) : null;
  const flows = timed?.flows ?? inputs.flows;
  const mismatches = timed ? timed.mismatches : inputs.mismatches;
  if (flows) {
    const pathsByPair = new Map<string, ConnPath[]>();
    resolved.paths.forEach((path, i) => {
      const key = `${resolved.s[i] ?? ''}|${resolved.t[i] ?? ''}`;
      const list = pathsByPair.get(key);
      if (list) list.push(path);
      else pathsByPair.set(key, [path]);
    });
    parts.push(...flowParts(flows, reg, { paths: pathsByPair, enforcement, mismatches }));
  }
  const carved = carveOut(subsumeByWorld(parts, reg), reg);
  return graphFromParts(inputs.cluster, view, { grouping, reg, enforcement }, carved);
}

/**
 * Groups drawn as one node (`view.collapsed`; the customer view collapses more while redacting),
 * the collapsed tenants as the tenants' aggregate when `collapsed` holds it.
 */
export function collapsedRep(leaves: ReadonlyMap<string, LeafNode>, collapsed: ReadonlySet<string>): (id: string) => string {
  const node = drawnAs(collapsed);
  return (id) => {
    const leaf = leaves.get(id);
    return leaf?.group != null ? (node(leaf.group) ?? id) : id;
  };
}

/**
 * Steps 1b onwards: the graph of step 1's parts and carve-out stubs. `merged`: the parts already
 * merged by the caller (`mergeParts` with `collapsedRep`; graphUpdate.ts), outside the customer view.
 */
export function graphFromParts(
  cluster: Cluster,
  view: ViewState,
  context: GraphContext,
  carved: { readonly parts: readonly EdgePart[]; readonly stubs: readonly CarveOutStub[] },
  merged: readonly GraphEdge[] | null = null,
): GraphModel {
  const { grouping, reg, enforcement } = context;
  // 1b. Customer view: redact before anything is placed or counted (a lazy chunk: redaction.ts).
  const red = view.customerTenant !== null ? redaction.get().redactForCustomer({ cluster, grouping, reg, tenant: view.customerTenant, parts: carved.parts, stubs: carved.stubs }) : null;
  const leaves: ReadonlyMap<string, LeafNode> = red?.leaves ?? reg.leaves;
  const drawnParts = red?.parts ?? carved.parts;
  const stubs = red?.stubs ?? carved.stubs;
  const nsLabel = (ns: string): string => red?.namespaceLabel(ns) ?? ns;

  // 2. Collapsed groups stand in for their workloads (the collapsed tenants for theirs as one
  // aggregate node when the view asks for it; never in the customer view: see TENANTS_GROUP).
  const collapsed = new Set([...view.collapsed, ...(red?.collapsed ?? [])]);
  if (red !== null) collapsed.delete(TENANTS_GROUP);
  // Traffic inside a collapsed group is not drawn (it would be a loop on the group node).
  const allEdges = red === null && merged !== null ? merged : mergeParts(drawnParts, collapsed.size > 0 ? collapsedRep(leaves, collapsed) : null);

  // 3. Nodes: group ▸ namespace ▸ leaf, then outside peers.
  const tree = new Map<string, Map<string, LeafNode[]>>();
  for (const leaf of leaves.values()) {
    if (leaf.group === null || leaf.namespace === null) continue;
    const nss = tree.get(leaf.group) ?? new Map<string, LeafNode[]>();
    tree.set(leaf.group, nss);
    const list = nss.get(leaf.namespace) ?? [];
    nss.set(leaf.namespace, list);
    list.push(leaf);
  }
  const groupOrder = [...tree.keys()].sort(compareGroups);
  const nodeOf = drawnAs(collapsed);
  const aggregated = groupOrder.filter((g) => nodeOf(g) === TENANTS_GROUP);
  const drawnGroups = aggregated.length > 0 ? [...groupOrder.filter((g) => nodeOf(g) !== TENANTS_GROUP), TENANTS_GROUP].sort(compareGroups) : groupOrder;
  const outsideNodes = [...(red?.outside ?? reg.outside.nodes.values()), ...stubs].sort(
    (a, b) => compareOutside(a, b) || byId(a, b),
  );
  const stubOf = new Map(stubs.map((s) => [s.id, s.of]));

  const layoutGroups: LayoutGroup[] = drawnGroups.map((g) => {
    const nss = tree.get(g) ?? new Map<string, LeafNode[]>();
    return {
      id: g,
      collapsed: g === TENANTS_GROUP || collapsed.has(g),
      namespaces: [...nss.keys()].sort().map((ns) => ({ id: namespaceNodeId(ns), leaves: (nss.get(ns) ?? []).sort(byId).map((l) => l.id) })),
    };
  });
  const layoutOutside: LayoutOutside[] = outsideNodes.map((o) => ({ id: o.id, of: stubOf.get(o.id) ?? null }));
  // Edges as drawn before filters, so filtering never moves anything.
  // The many-tenant opening is a hub (hubLayout.ts, in the tenant shares' chunk, loaded for such a view).
  const positions = aggregated.length > 0 && hubOpening(layoutGroups, layoutOutside.length) ? tenantSharesCode.get().hubLayout(layoutGroups, layoutOutside, allEdges) : layoutGraph(layoutGroups, layoutOutside, allEdges);
  const pos = (id: string) => positions.get(id) ?? null;

  const unrestrictedOf = (leaf: LeafNode): ('ingress' | 'egress')[] => {
    const e = leaf.workload !== null ? enforcement?.get(leaf.workload) : undefined;
    if (!e) return [];
    const out: ('ingress' | 'egress')[] = [];
    if (!e.ingress) out.push('ingress');
    if (!e.egress) out.push('egress');
    return out;
  };
  const nodes: GraphNode[] = [];
  const namespacesOfGroup = new Map<string, string[]>();
  // The aggregate's groups: a group filter naming one of them keeps the aggregate in focus.
  const groupsOfNode = new Map<string, readonly string[]>(aggregated.length > 0 ? [[TENANTS_GROUP, aggregated]] : []);
  const blank = { namespace: null, workload: null, dns: false, collapsed: false, unrestricted: [] as const };
  for (const lg of layoutGroups) {
    if (lg.id === TENANTS_GROUP) {
      const node = tenantSharesCode.get().aggregateNode(aggregated, drawnGroups, tree, pos(lg.id));
      namespacesOfGroup.set(lg.id, node.namespaces);
      nodes.push(node.node);
      continue;
    }
    const nss = tree.get(lg.id) ?? new Map<string, LeafNode[]>();
    const leafCount = [...nss.values()].reduce((n, l) => n + l.length, 0);
    const count = red ? red.workloadCount(lg.id, leafCount) : leafCount;
    namespacesOfGroup.set(lg.id, [...nss.keys()].sort());
    nodes.push({ ...blank, id: lg.id, kind: 'group', label: groupLabel(lg.id), parent: null, group: lg.id, collapsed: lg.collapsed, workloads: count, position: lg.collapsed ? pos(lg.id) : null });
    if (lg.collapsed) continue;
    for (const ns of [...nss.keys()].sort()) {
      const leaves = (nss.get(ns) ?? []).sort(byId);
      nodes.push({ ...blank, id: namespaceNodeId(ns), kind: 'namespace', label: nsLabel(ns), parent: lg.id, group: lg.id, namespace: ns, workloads: leaves.length, position: null });
      for (const leaf of leaves) {
        nodes.push({
          id: leaf.id,
          kind: leaf.kind,
          label: leaf.label,
          parent: namespaceNodeId(ns),
          group: lg.id,
          namespace: ns,
          workload: leaf.workload,
          dns: leaf.dns,
          collapsed: false,
          workloads: 1,
          unrestricted: unrestrictedOf(leaf),
          position: pos(leaf.id),
        });
      }
    }
  }
  for (const o of outsideNodes) {
    nodes.push({ ...blank, id: o.id, kind: o.kind as NodeKind, label: o.label, parent: null, group: null, workloads: 0, position: pos(o.id), ...(positions.namesLeft.has(o.id) ? { nameLeft: true as const } : {}) });
  }

  const layoutKey = hashKey(nodes.map((n) => `${n.id}\t${n.parent ?? ''}`));
  // Lines at the tenants' aggregate say how many of its tenants they stand for.
  // (A chunk of its own: tenantSharesCode.ts, loaded by whoever builds such a view.)
  const shares = aggregated.length > 0 ? tenantSharesCode.get() : null;
  const edges = shares !== null ? shares.withTenantShares(allEdges, drawnParts, collapsedRep(leaves, collapsed), (id) => leaves.get(id)?.group ?? null, (g) => nodeOf(g) === TENANTS_GROUP, aggregated.length, (id) => stubOf.has(id)) : allEdges;
  const filtered = applyFilters(nodes, edges, view.filters, namespacesOfGroup, searchMatches(cluster, view, (w) => reg.leaves.get(workloadNodeId(w))?.group ?? null, nodeOf), groupsOfNode);
  return {
    nodes: filtered.nodes,
    edges: filtered.edges,
    layoutKey,
    groups: groupOrder,
    bundles: shares !== null ? shares.withBundleShares(bundleEdges(filtered.nodes, filtered.edges), filtered.edges) : bundleEdges(filtered.nodes, filtered.edges),
    counts: {
      workloads: [...leaves.values()].filter((l) => l.kind === 'workload' && l.workload !== null).length,
      groups: groupOrder.length,
      edges: allEdges.length,
      deniedEdges: allEdges.filter((e) => isDenied(e.verdict)).length,
      mismatches: allEdges.filter((e) => e.mismatch !== null).length,
      ...notKnownCount(allEdges),
    },
  };
}

/** Node ids the search text stands for (workloads of the pods, Services, policies, labels it finds, and their groups). */
function searchMatches(cluster: Cluster, view: ViewState, groupOf: (workload: string) => string | null, nodeOf: (group: string) => string | null): Set<string> {
  const out = new Set<string>();
  const text = view.filters.search.trim();
  if (text === '') return out;
  // A chunk of its own, loaded by the caller when the view has a search text (searchCode.ts).
  const search = searchCode.get();
  for (const hit of search.searchIndex(search.searchIndexOf(cluster), text, Number.POSITIVE_INFINITY)) {
    for (const w of hit.workloads) {
      out.add(workloadNodeId(w));
      const g = groupOf(w);
      if (g !== null) {
        out.add(g);
        // A tenant inside the aggregate: the aggregate stands for it.
        const node = nodeOf(g);
        if (node !== null) out.add(node);
      }
    }
    for (const n of hit.nodes) out.add(n);
  }
  return out;
}

function notKnownCount(edges: readonly GraphEdge[]): { notKnownEdges?: number } {
  const n = edges.filter((e) => e.verdict === 'not-known').length;
  return n > 0 ? { notKnownEdges: n } : {};
}
