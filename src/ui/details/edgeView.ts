/**
 * An edge of the graph as its details show it: the two ends as PEER text (so the explanation is
 * a real `decide`, the same one the path query runs), a representative port to explain, and the
 * observed flows behind it.
 * @public
 */
import { hasPort, portProtocols, type PortSet } from '../../core/engine/PortSet.ts';
import type { FlowAggregate, FlowSample } from '../../core/flows/types.ts';
import type { GraphEdge, GraphModel, GraphNode } from '../../core/graph/types.ts';
import type { Cluster, ContainerPort } from '../../core/model/cluster.ts';
import { cidrContainsIp, formatIp, parseCidr, parseIp, type Cidr } from '../../core/net/cidr.ts';
import { isReservedEntity } from '../../core/identity/reserved.ts';
import type { QueryText } from '../state/urlState.ts';

export type EndText = { readonly ok: true; readonly peer: string } | { readonly ok: false; readonly why: string };

/** An address inside a range, to stand for it (the first host address when there is one). */
function addressIn(cidrText: string): string | null {
  const c = parseCidr(cidrText);
  if (!c) return null;
  const width = c.family === 4 ? 32 : 128;
  const value = c.bits < width - 1 ? c.base + 1n : c.base;
  return formatIp({ family: c.family, value });
}

/** Public addresses to stand for "the internet" (documentation ranges first, then well-known resolvers). */
const WORLD_CANDIDATES = ['203.0.113.10', '198.51.100.10', '192.0.2.10', '8.8.8.8', '1.1.1.1', '9.9.9.9'];

/**
 * An internet address no range a policy names holds (0.0.0.0/0 aside), and no pod or node has:
 * what "the internet" means on the world node. `entity:world` alone would leave CIDR rules such
 * as `0.0.0.0/0 except …` unevaluated (the engine does not know its address).
 */
export function worldAddress(cluster: Cluster): string {
  const named: Cidr[] = [];
  for (const p of cluster.policies)
    for (const r of p.rules)
      for (const e of [...r.ingress, ...r.ingressDeny, ...r.egress, ...r.egressDeny])
        if (e.peers.kind === 'list') for (const peer of e.peers.items) if (peer.kind === 'cidr') named.push(...[peer.cidr, ...peer.except].filter((c) => c.bits > 0));
  const used = new Set([...cluster.pods.flatMap((p) => p.ips), ...cluster.nodes.flatMap((n) => n.ips)]);
  const free = WORLD_CANDIDATES.find((a) => {
    const ip = parseIp(a);
    return ip !== null && !used.has(a) && !named.some((c) => cidrContainsIp(c, ip));
  });
  return free ?? 'entity:world';
}

/** The PEER text a node stands for, or why it cannot be asked about as one peer. */
export function nodePeer(node: GraphNode, graph: GraphModel, world = 'entity:world'): EndText {
  switch (node.kind) {
    case 'workload': {
      if (node.workload === null) return { ok: false, why: `${node.label} is not in the inventory` };
      const [ns, , name] = node.workload.split('/');
      return ns !== undefined && name !== undefined ? { ok: true, peer: `${ns}/${name}` } : { ok: false, why: `cannot name ${node.workload}` };
    }
    case 'world':
      return { ok: true, peer: world };
    case 'entity':
      return isReservedEntity(node.label) ? { ok: true, peer: `entity:${node.label}` } : { ok: false, why: `entity ${node.label} is a class of identities, not one peer` };
    case 'cidr': {
      // `10.0.0.0/8`, or `10.0.0.0/8, 172.16.0.0/12 (excepted from internet)` for ranges carved out of a wider one.
      const first = /[0-9a-f.:]+\/\d+/i.exec(node.label)?.[0];
      const ip = first !== undefined ? addressIn(first) : null;
      return ip !== null ? { ok: true, peer: ip } : { ok: false, why: `no address for ${node.label}` };
    }
    case 'fqdn':
      return { ok: true, peer: `fqdn:${node.label.replace(/\*/g, 'www')}` };
    case 'carve-out': {
      const of = graph.nodes.find((n) => node.id.startsWith(`${n.id}~`) && n.kind !== 'carve-out');
      return of ? nodePeer(of, graph, world) : { ok: true, peer: world };
    }
    case 'group':
    case 'namespace':
      return { ok: false, why: `${node.label} groups several workloads: expand it to explain one path` };
    case 'identity':
    case 'unknown':
      return { ok: false, why: `${node.label} is known only from flows, not from the inventory` };
  }
}

const PREFERRED = [443, 80, 53, 8080];

/**
 * One port of the set to explain: an observed one first, else one the destination declares,
 * else a common one, else the lowest; a whole protocol when the set holds all of it.
 */
export function representativePort(ports: PortSet, observed: string | null, declared: readonly ContainerPort[] = []): string {
  const seen = observed?.split(/[,\s]+/).find((p) => /^\d+\/[A-Z]+/.test(p));
  if (seen !== undefined) return seen.replace(/\+.*$/, '');
  const dp = declared.find((d) => hasPort(ports, d.protocol, d.port));
  if (dp) return `${dp.port}/${dp.protocol}`;
  for (const proto of portProtocols) {
    const ranges = ports[proto];
    const first = ranges[0];
    if (first === undefined) continue;
    const [min, max] = proto === 'ICMP' || proto === 'ICMPv6' ? [0, 255] : [1, 65535];
    if (ranges.length === 1 && first[0] === min && first[1] === max) return `/${proto}`;
    const pref = PREFERRED.find((p) => ranges.some(([lo, hi]) => lo <= p && p <= hi));
    return `${pref ?? first[0]}/${proto}`;
  }
  return '';
}

export type EdgeQuery = { readonly ok: true; readonly query: QueryText } | { readonly ok: false; readonly why: string };

/** Context for explaining edges: the internet's stand-in address and the ports workloads declare. */
export interface EdgeContext {
  readonly world: string;
  readonly declaredPorts: (workloadKey: string) => readonly ContainerPort[];
}

export function edgeContext(cluster: Cluster): EdgeContext {
  const byKey = new Map(cluster.workloads.map((w) => [w.key as string, w.ports]));
  return { world: worldAddress(cluster), declaredPorts: (key) => byKey.get(key) ?? [] };
}

export function edgeQuery(edge: GraphEdge, graph: GraphModel, ctx: EdgeContext = { world: 'entity:world', declaredPorts: () => [] }): EdgeQuery {
  const world = ctx.world;
  const node = (id: string) => graph.nodes.find((n) => n.id === id);
  const s = node(edge.source);
  const t = node(edge.target);
  if (!s || !t) return { ok: false, why: 'an end of this path is filtered out of view' };
  const from = nodePeer(s, graph, world);
  if (!from.ok) return from;
  const to = nodePeer(t, graph, world);
  if (!to.ok) return to;
  const declared = t.kind === 'workload' && t.workload !== null ? ctx.declaredPorts(t.workload) : [];
  return { ok: true, query: { from: from.peer, to: to.peer, port: representativePort(edge.ports, edge.observed?.ports ?? null, declared) } };
}

/** Whether `peer` (PEER text) can be an end `node` stands for: the same text, or an address inside what it draws. */
function standsFor(node: GraphNode, graph: GraphModel, own: string, peer: string): boolean {
  if (peer === own) return true;
  const ip = parseIp(peer);
  if (ip === null) return false;
  switch (node.kind) {
    case 'world':
      return true;
    case 'cidr':
      return (node.label.match(/[0-9a-f.:]+\/\d+/gi) ?? []).some((text) => {
        const c = parseCidr(text);
        return c !== null && cidrContainsIp(c, ip);
      });
    case 'carve-out': {
      const of = graph.nodes.find((n) => node.id.startsWith(`${n.id}~`) && n.kind !== 'carve-out');
      return of === undefined || standsFor(of, graph, own, peer);
    }
    default:
      return false;
  }
}

/** An edge's query as the details explain it, and the address a path query put in place of a stand-in. */
export interface AskedEdgeQuery {
  readonly query: QueryText;
  /** The asked address that replaced the edge's own end (an outside address), or null. */
  readonly address: string | null;
}

/**
 * The edge's query, or the path query `asked` when it asks about this edge: its workload ends the
 * same, its outside end an address the edge's node stands for (a drop opened from the inbox asks
 * about the drop's own address and port). The details then explain what the answer above them
 * explains, not the internet's stand-in address.
 */
export function askedEdgeQuery(own: QueryText, edge: GraphEdge, graph: GraphModel, asked: QueryText | null): AskedEdgeQuery {
  if (asked === null) return { query: own, address: null };
  const s = graph.nodes.find((n) => n.id === edge.source);
  const t = graph.nodes.find((n) => n.id === edge.target);
  if (!s || !t || !standsFor(s, graph, own.from, asked.from) || !standsFor(t, graph, own.to, asked.to)) return { query: own, address: null };
  const address = asked.to !== own.to ? asked.to : asked.from !== own.from ? asked.from : null;
  return { query: { from: asked.from, to: asked.to, port: asked.port }, address };
}

/** The sampled flows of the FlowAggregate edges behind a graph edge, oldest first. */
export function edgeFlows(flows: FlowAggregate | null, edge: GraphEdge): FlowSample[] {
  if (!flows || edge.flowKeys.length === 0) return [];
  const keys = new Set(edge.flowKeys);
  const out = flows.edges.filter((e) => keys.has(e.key)).flatMap((e) => e.sample);
  return out.sort((a, b) => (a.time ?? '').localeCompare(b.time ?? '') || a.uuid.localeCompare(b.uuid));
}
