/**
 * Outside nodes: the internet, CIDR ranges, FQDNs and reserved entities (kube-apiserver, host,
 * remote-node…) that policies and flows name, and how connectivity sides and flow peers map onto
 * them. An address seen in flows goes to the most specific range a policy names that contains
 * it, else to the internet, so the picture has one node per thing a policy talks about rather
 * than one per IP.
 *
 * Ranges that policies name only as `except` of the same enclosing range ("0.0.0.0/0 except
 * 10.0.0.0/8, 172.16.0.0/12, …") become one node, named by `exceptedRangesName`
 * (`10.0.0.0/8, 172.16.0.0/12 (excepted from internet)`): every source has one red edge to the
 * carve-out instead of one per range. A range also named on its own (`toCIDR: 10.0.0.0/8`) keeps
 * its own node.
 * @internal
 */
import { matchesFqdnSelector } from '../engine/fqdnMatch.ts';
import type { Cluster } from '../model/cluster.ts';
import type { Peer } from '../model/policy.ts';
import { cidrContainsIp, formatCidr, parseCidr, parseIp, type Cidr } from '../net/cidr.ts';
import type { ConnSide, NodeKind } from './types.ts';

export const WORLD_ID = 'o:world';
export const UNKNOWN_ID = 'o:unknown';

export interface OutsideNode {
  readonly id: string;
  readonly kind: NodeKind;
  readonly label: string;
}

export interface OutsideCatalog {
  /** Every outside node named so far (policies first; `idFor*` adds more). */
  readonly nodes: Map<string, OutsideNode>;
  /** Except range node id → node ids of the ranges it is carved out of (`o:world` for 0.0.0.0/0). */
  readonly exceptOf: Map<string, Set<string>>;
  sideId(side: Exclude<ConnSide, { kind: 'workload' }>): string;
  /** Node id for a reserved entity name as flows write it. */
  entityId(entity: string): string;
  fqdnId(name: string): string;
  ipId(ip: string): string;
}

const WORLD_ENTITIES = new Set(['world', 'world-ipv4', 'world-ipv6']);
/** Entities that name the whole cluster or nothing: no single outside node stands for them. */
const NON_NODE_ENTITIES = new Set(['all', 'cluster', 'cluster-mesh', 'none']);

interface FqdnSel {
  readonly id: string;
  readonly matchName: string | null;
  readonly matchPattern: string | null;
}

function trimDot(name: string): string {
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

/**
 * The name of the node that stands for ranges policies name only as `except` of `outers` (the
 * names of the ranges they are carved out of: `internet` for 0.0.0.0/0): the ranges first, then
 * where they were excepted from. The node holds exactly those ranges; the old name `except
 * 10.0.0.0/8, …` read as "the internet except these". The graph, the details, the exports and
 * the CLI all show this name (it is the node's label).
 */
export function exceptedRangesName(ranges: readonly string[], outers: readonly string[]): string {
  return `${ranges.join(', ')} (excepted from ${outers.length > 0 ? outers.join(' and ') : 'a wider range'})`;
}

export function buildOutsideCatalog(cluster: Cluster): OutsideCatalog {
  const nodes = new Map<string, OutsideNode>();
  const exceptOf = new Map<string, Set<string>>();
  const ranges: { id: string; cidr: Cidr }[] = [];
  let rangesSorted = false;
  /** ipId answers, valid until the next range is added (a graph resolves the same few ranges 100k times). */
  const ipIds = new Map<string, string>();
  const fqdnSels: FqdnSel[] = [];
  /** Range node id → the except node standing for it. */
  const alias = new Map<string, string>();

  const add = (n: OutsideNode): string => {
    if (!nodes.has(n.id)) nodes.set(n.id, n);
    return n.id;
  };
  const world = (): string => add({ id: WORLD_ID, kind: 'world', label: 'internet' });
  const cidrNode = (c: Cidr): string => {
    if (c.bits === 0) return world();
    const text = formatCidr(c);
    const id = `o:cidr:${text}`;
    const grouped = alias.get(id);
    if (grouped !== undefined) return grouped;
    if (!nodes.has(id)) {
      ranges.push({ id, cidr: c });
      rangesSorted = false;
      ipIds.clear();
    }
    return add({ id, kind: 'cidr', label: text });
  };
  const entityId = (entity: string): string => {
    if (WORLD_ENTITIES.has(entity)) return world();
    return add({ id: `o:entity:${entity}`, kind: 'entity', label: entity });
  };
  const fqdnNode = (text: string): string => {
    const t = trimDot(text.toLowerCase());
    return add({ id: `o:fqdn:${t}`, kind: 'fqdn', label: t });
  };

  const named = new Set<string>();
  const visitPeer = (p: Peer): void => {
    switch (p.kind) {
      case 'cidr': {
        const outer = cidrNode(p.cidr);
        named.add(outer);
        for (const e of p.except) {
          const id = cidrNode(e);
          const set = exceptOf.get(id) ?? new Set<string>();
          set.add(outer);
          exceptOf.set(id, set);
        }
        return;
      }
      case 'entity':
        if (!NON_NODE_ENTITIES.has(p.entity)) entityId(p.entity);
        return;
      case 'fqdn': {
        const text = p.matchName ?? p.matchPattern;
        if (text !== null) fqdnSels.push({ id: fqdnNode(text), matchName: p.matchName, matchPattern: p.matchPattern });
        return;
      }
      // Selected in-cluster peers, or ranges resolved elsewhere: no outside node of their own.
      case 'endpoints':
      case 'cidrGroup':
      case 'service':
      case 'nodes':
      case 'groups':
        return;
    }
  };
  for (const policy of cluster.policies) {
    for (const rule of policy.rules) {
      for (const entry of [...rule.ingress, ...rule.ingressDeny, ...rule.egress, ...rule.egressDeny]) {
        if (entry.peers.kind === 'list') for (const p of entry.peers.items) visitPeer(p);
      }
    }
  }
  // Except-only ranges of the same enclosing ranges become one node.
  const byOuter = new Map<string, string[]>();
  for (const [id, outers] of exceptOf) {
    if (named.has(id)) continue;
    const key = [...outers].sort().join('+');
    byOuter.set(key, [...(byOuter.get(key) ?? []), id]);
  }
  for (const [key, ids] of byOuter) {
    if (ids.length < 2) continue;
    const members = ranges.filter((r) => ids.includes(r.id)).sort((a, b) => a.cidr.family - b.cidr.family || (a.cidr.base < b.cidr.base ? -1 : 1));
    const gid = `${key}${EXCEPTED_SUFFIX}`;
    const outers = exceptOf.get(ids[0] as string) ?? new Set<string>();
    const outerNames = [...outers].sort().map((o) => nodes.get(o)?.label ?? o.replace(/^o:cidr:/, ''));
    add({ id: gid, kind: 'cidr', label: exceptedRangesName(members.map((m) => formatCidr(m.cidr)), outerNames) });
    exceptOf.set(gid, outers);
    for (const id of ids) {
      alias.set(id, gid);
      nodes.delete(id);
      exceptOf.delete(id);
    }
  }
  const resolve = (id: string): string => alias.get(id) ?? id;

  const ipId = (ip: string): string => {
    const known = ipIds.get(ip);
    if (known !== undefined) return known;
    const id = ipIdUncached(ip);
    ipIds.set(ip, id);
    return id;
  };
  const ipIdUncached = (ip: string): string => {
    const parsed = parseIp(ip);
    if (parsed !== null) {
      if (!rangesSorted) {
        // Most specific first, so an address lands on the narrowest range a policy names.
        ranges.sort((a, b) => b.cidr.bits - a.cidr.bits || a.id.localeCompare(b.id));
        rangesSorted = true;
      }
      const hit = ranges.find((r) => r.cidr.family === parsed.family && cidrContainsIp(r.cidr, parsed));
      if (hit) return resolve(hit.id);
    }
    return world();
  };

  return {
    nodes,
    exceptOf,
    sideId(side) {
      switch (side.kind) {
        case 'entity':
          return entityId(side.entity);
        case 'cidr': {
          const c = parseCidr(side.cidr);
          return c === null ? add({ id: `o:cidr:${side.cidr}`, kind: 'cidr', label: side.cidr }) : cidrNode(c);
        }
        case 'fqdn':
          return fqdnNode(side.name);
        case 'range':
          // Ranges are split at every CIDR edge, so the first address decides for the whole range.
          return ipId(side.start);
      }
    },
    entityId,
    fqdnId(name) {
      const hit = fqdnSels.find((s) => matchesFqdnSelector(s, name));
      return hit ? hit.id : fqdnNode(name);
    },
    ipId,
  };
}

/** Ends the id of a node of ranges named only as `except` (`o:world~except`). */
const EXCEPTED_SUFFIX = '~except';

/**
 * Order of the outside column: by kind (outsideRank), the ranges named only as `except` after
 * the other ranges (where they stood when their name began with "except"; the layout, and so
 * the crossings it picks, follow this order), then by name.
 */
export function compareOutside(a: { readonly id: string; readonly kind: NodeKind; readonly label: string }, b: { readonly id: string; readonly kind: NodeKind; readonly label: string }): number {
  const excepted = (n: { readonly id: string }): number => (n.id.endsWith(EXCEPTED_SUFFIX) ? 1 : 0);
  return outsideRank(a.kind) - outsideRank(b.kind) || excepted(a) - excepted(b) || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
}

/** Outside nodes shown near the top of the outside column come first. */
export function outsideRank(kind: NodeKind): number {
  switch (kind) {
    case 'entity':
      return 0;
    case 'world':
      return 1;
    case 'carve-out':
      return 2;
    case 'cidr':
      return 3;
    case 'fqdn':
      return 4;
    default:
      return 5;
  }
}
