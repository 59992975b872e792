/**
 * Which nodes and edges of the drawn graph a path query is about, so the canvas can light the
 * path up. The ends map onto graph node ids the way the graph maps them (a workload's node, or
 * its collapsed group; an address on the narrowest range a policy names; an FQDN on the selector
 * that matches it); the edges are those between the ends that carry the asked port.
 * @public
 */
import type { Decision, Endpoint, Query } from '../engine/types.ts';
import { hasPort, type PortProto } from '../engine/PortSet.ts';
import { collapsedNodeOf, makeGrouping } from '../graph/grouping.ts';
import { buildOutsideCatalog, WORLD_ID } from '../graph/outside.ts';
import { workloadNodeId } from '../graph/registry.ts';
import type { GraphModel, ViewState } from '../graph/types.ts';
import type { Cluster } from '../model/cluster.ts';

export interface PathHighlight {
  /** Graph node ids of the two ends (source first), when the graph draws them. */
  readonly nodes: readonly string[];
  /** Edge ids between the ends that carry the asked port (all of them when no port was asked). */
  readonly edges: readonly string[];
  readonly verdict: 'allowed' | 'denied';
  /** The ends as asked (`acme-web/frontend`, `1.2.3.4`…), for words about a path the graph does not draw. */
  readonly ends: readonly [string, string];
  /** The asked port (`443/TCP`, `any TCP port`). */
  readonly port: string;
}

/** `443/TCP`, `http/TCP` (a named port), `any TCP port`; `ANY` is TCP, UDP and SCTP at once. */
export function queryPortText(query: Pick<Query, 'port' | 'protocol'>): string {
  const proto = query.protocol === 'ANY' ? 'TCP+UDP+SCTP' : query.protocol;
  return query.port === null ? `any ${proto} port` : `${query.port}/${proto}`;
}

type Catalog = ReturnType<typeof buildOutsideCatalog>;

function endNodeId(e: Endpoint, graph: GraphModel, cluster: Cluster, view: ViewState, outside: () => Catalog): string | null {
  switch (e.kind) {
    case 'endpoint': {
      if (e.workload === null) return null;
      const id = workloadNodeId(e.workload);
      if (graph.nodes.some((n) => n.id === id)) return id;
      // Hidden inside a collapsed group: the group node stands for it.
      const group = makeGrouping(cluster, view.groupingLabel).groupOf(e.namespace);
      return collapsedNodeOf(new Set(view.collapsed))(group) ?? id;
    }
    case 'entity':
      return e.entity === 'world' ? WORLD_ID : outside().entityId(e.entity);
    case 'ip':
      return outside().ipId(e.ip);
    case 'fqdn':
      return outside().fqdnId(e.name);
    case 'node':
      return null;
  }
}

export function pathHighlight(graph: GraphModel, cluster: Cluster, view: ViewState, query: Query, decision: Decision): PathHighlight {
  let catalog: Catalog | null = null;
  const outside = (): Catalog => (catalog ??= buildOutsideCatalog(cluster));
  const s = endNodeId(query.from, graph, cluster, view, outside);
  const t = endNodeId(query.to, graph, cluster, view, outside);
  // Carve-out stubs (`o:world~25/TCP`) hold the denied ports of the path to their outside node.
  const stubs = new Set(graph.nodes.filter((n) => n.kind === 'carve-out' && t !== null && n.id.startsWith(`${t}~`)).map((n) => n.id));
  const between = graph.edges.filter((e) => s !== null && e.source === s && (e.target === t || stubs.has(e.target)));
  const proto: PortProto = query.protocol === 'ANY' ? 'TCP' : query.protocol;
  const port = typeof query.port === 'number' ? query.port : null;
  const onPort = port === null ? between : between.filter((e) => hasPort(e.ports, proto, port));
  return {
    nodes: [s, t].filter((id): id is string => id !== null),
    edges: (onPort.length > 0 ? onPort : between).map((e) => e.id),
    verdict: decision.verdict,
    ends: [query.from.display, query.to.display],
    port: queryPortText(query),
  };
}
