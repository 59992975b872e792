/**
 * Names for the ends of a changed path as the graph draws them: an address range is named by the
 * outside node the graph puts it in (`internet`, the range a policy names, `10.0.0.0/8, … (excepted from internet)`) and by the
 * CIDR groups that hold it, with the range itself (in prefix notation where it is one) as
 * secondary text; an entity by its name (`world` is the internet); an FQDN by the name policies
 * match. Workloads keep their `namespace/name`.
 * @public
 */
import { buildOutsideCatalog } from '../graph/outside.ts';
import type { Cluster } from '../model/cluster.ts';
import { cidrEnd, parseCidr, parseIp, rangePrefixes, type IpFamily } from '../net/cidr.ts';
import type { DiffPeer } from './types.ts';

export interface PeerName {
  /** What the graph calls it. */
  readonly name: string;
  /** The address range, or what kind of peer it is (null for workloads). */
  readonly detail: string | null;
}

/** The range as text: its prefixes when a few cover it, else `start – end`. */
export function rangeText(family: IpFamily, start: string, end: string): string {
  const lo = parseIp(start);
  const hi = parseIp(end);
  if (lo === null || hi === null) return start === end ? start : `${start} – ${end}`;
  if (lo.value === hi.value) return start;
  const prefixes = rangePrefixes(family, lo.value, hi.value);
  return prefixes ? prefixes.join(', ') : `${start} – ${end}`;
}

/** `peerName(peer)` for the peers of a diff over `cluster`'s inventory and (before or after) policies. */
export function peerNamer(cluster: Cluster): (peer: DiffPeer) => PeerName {
  let catalog: ReturnType<typeof buildOutsideCatalog> | null = null;
  const groups = cluster.cidrGroups.map((g) => ({ name: g.name, cidrs: g.cidrs.map((c) => parseCidr(c)).filter((c) => c !== null) }));
  const memo = new Map<string, PeerName>();
  const name = (p: DiffPeer): PeerName => {
    switch (p.kind) {
      case 'identity':
        return { name: p.display, detail: null };
      case 'entity':
        return p.entity === 'world' ? { name: 'internet', detail: 'entity world' } : { name: p.entity, detail: 'entity' };
      case 'fqdn':
        return { name: p.name, detail: 'DNS name' };
      case 'range': {
        catalog ??= buildOutsideCatalog(cluster);
        const node = catalog.nodes.get(catalog.ipId(p.start));
        const lo = parseIp(p.start)?.value;
        const hi = parseIp(p.end)?.value;
        // A range is split at every CIDR edge policies and groups name: inside a group's prefix, or outside all of it.
        const inGroups = lo === undefined || hi === undefined ? [] : groups.filter((g) => g.cidrs.some((c) => c.family === p.family && lo >= c.base && hi <= cidrEnd(c))).map((g) => `CIDR group ${g.name}`);
        const graphName = node?.label ?? 'internet';
        return { name: [graphName, ...inGroups].join(' · '), detail: rangeText(p.family, p.start, p.end) };
      }
    }
  };
  return (p) => {
    let hit = memo.get(p.key);
    if (!hit) memo.set(p.key, (hit = name(p)));
    return hit;
  };
}
