/**
 * The tenants each line at the tenants' aggregate stands for. With every tenant drawn as one node
 * (`120 tenants`), a line from it to the internet reads as 'every tenant reaches the internet'
 * while 67 of them do: the line says `67 of 120 tenants`, and the exported picture, read without
 * the app, says it too. Pure; only for a graph drawing the aggregate: in the browser a chunk of
 * its own (tenantSharesCode.ts), not on the default screen.
 * @public
 */
import { edgeId, type EdgePart } from './edgeParts.ts';
import { tenantOfGroup, TENANTS_GROUP } from './grouping.ts';
import type { EdgeBundle, GraphEdge, GraphNode, Point, TenantShare } from './types.ts';

// The opening that draws the aggregate is laid out as a hub (hubLayout.ts): in this chunk too.
export { hubLayout } from './hubLayout.ts';

/**
 * `edges` (merged under `rep`) with `tenants` on those at the aggregate. `groupOf`: a leaf's group
 * (null for outside peers); `inAggregate`: whether a group is drawn inside it; `of`: its tenants.
 */
export function withTenantShares(
  edges: readonly GraphEdge[],
  parts: readonly EdgePart[],
  rep: (id: string) => string,
  groupOf: (leaf: string) => string | null,
  inAggregate: (group: string) => boolean,
  of: number,
  portsNamed: (node: string) => boolean = () => false,
): GraphEdge[] {
  const ids = new Map<string, Set<string>>();
  const member = (leaf: string): string | null => {
    const g = groupOf(leaf);
    return g !== null && inAggregate(g) ? g : null;
  };
  for (const p of parts) {
    const s = member(p.source);
    const t = member(p.target);
    // Neither end in the aggregate, or both (a loop: not drawn).
    if ((s === null) === (t === null)) continue;
    const id = edgeId(rep(p.source), rep(p.target), p.verdict);
    const set = ids.get(id) ?? new Set<string>();
    set.add((s ?? t) as string);
    ids.set(id, set);
  }
  return edges.map((e) => {
    const set = e.source === TENANTS_GROUP || e.target === TENANTS_GROUP ? ids.get(e.id) : undefined;
    if (set === undefined) return e;
    const sorted = [...set].sort();
    const ports = portsNamed(e.source) || portsNamed(e.target) ? '' : sharePorts(e.portsText);
    return { ...e, tenants: { ids: sorted, of, text: tenantsText(shareCount({ ids: sorted, of })), ports } };
  });
}

/** `bundles` with `tenants` on those holding lines at the aggregate: each tenant counted once. */
export function withBundleShares(bundles: readonly EdgeBundle[], edges: readonly GraphEdge[]): EdgeBundle[] {
  const byId = new Map(edges.map((e) => [e.id, e]));
  return bundles.map((b) => {
    const ids = new Set<string>();
    let of = 0;
    for (const m of b.members) {
      const t = byId.get(m)?.tenants;
      if (t === undefined) continue;
      for (const id of t.ids) ids.add(id);
      of = t.of;
    }
    return of === 0 ? b : { ...b, tenants: { count: ids.size, of, text: tenantsText({ count: ids.size, of }) } };
  });
}

/** A line label's room for ports (characters): `15 of 200 tenants · 443/TCP` fits beside the hub (layout.ts HUB_SIDE_GAP). */
const SHARE_PORTS_MAX = 20;

/** The ports a line at the aggregate says (TenantShare.ports): clipped at a comma when long. */
export function sharePorts(ports: string): string {
  if (ports.length <= SHARE_PORTS_MAX) return ports;
  const cut = ports.lastIndexOf(',', SHARE_PORTS_MAX - 1);
  return `${ports.slice(0, cut > 0 ? cut : SHARE_PORTS_MAX - 1)},…`;
}

/** A line's share of the aggregate's tenants: how many, of how many, and the one tenant's name when one. */
export interface ShareCount {
  readonly count: number;
  readonly of: number;
  readonly only?: string;
}

/**
 * What a line at the aggregate says of its tenants: `67 of 120 tenants`, `all 120 tenants`, the
 * one tenant by name (`tenant acme-3`: which one is what a reader asks); '' for other lines.
 */
export function tenantsText(t: ShareCount | undefined): string {
  if (t === undefined) return '';
  if (t.only !== undefined && t.of > 1) return `tenant ${t.only.length > 24 ? `${t.only.slice(0, 23)}…` : t.only}`;
  const n = (x: number): string => x.toLocaleString('en-US');
  return `${t.count === t.of ? `all ${n(t.of)}` : `${n(t.count)} of ${n(t.of)}`} tenant${t.of === 1 ? '' : 's'}`;
}

/** The count `tenantsText` takes, of an edge's share. */
export function shareCount(t: Pick<TenantShare, 'ids' | 'of'> | undefined): ShareCount | undefined {
  if (t === undefined) return undefined;
  const only = t.ids.length === 1 ? tenantOfGroup(t.ids[0] as string) : null;
  return { count: t.ids.length, of: t.of, ...(only !== null ? { only } : {}) };
}

/**
 * The aggregate's node (`120 tenants`, or `119 other tenants` beside a tenant drawn on its own)
 * and its namespaces. `aggregated`: the tenant groups it holds; `drawn`: every group drawn;
 * `tree`: each group's namespaces and their leaves.
 */
export function aggregateNode(
  aggregated: readonly string[],
  drawn: readonly string[],
  tree: ReadonlyMap<string, ReadonlyMap<string, readonly unknown[]>>,
  position: Point | null,
): { node: GraphNode; namespaces: string[] } {
  const count = aggregated.reduce((n, g) => n + [...(tree.get(g)?.values() ?? [])].reduce((m, l) => m + l.length, 0), 0);
  const others = drawn.some((g) => g !== TENANTS_GROUP && tenantOfGroup(g) !== null);
  const label = `${aggregated.length.toLocaleString('en-US')} ${others ? 'other ' : ''}tenant${aggregated.length === 1 ? '' : 's'}`;
  return {
    node: { id: TENANTS_GROUP, kind: 'group', label, parent: null, group: TENANTS_GROUP, namespace: null, workload: null, dns: false, collapsed: true, workloads: count, unrestricted: [], position },
    namespaces: aggregated.flatMap((g) => [...(tree.get(g)?.keys() ?? [])]).sort(),
  };
}
