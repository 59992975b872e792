import { cidrEnd } from '../net/cidr.ts';
import type { Cidr } from '../net/cidr.ts';
import type { Direction, Entry, Policy } from '../model/policy.ts';

/**
 * The outside address ranges of a connlist: IPv4 space (netpol-analyzer reports no IPv6)
 * split at every edge of the CIDR peers written in policies, like upstream's
 * `DisjointIPBlocks(refs ∪ {0.0.0.0/0})`. Sources are split at the edges of ingress rules
 * only and destinations at those of egress rules, because an outside source meets only the
 * ingress side of a pod and an outside destination only the egress side.
 * @public
 */
export interface Ipv4Range {
  readonly start: number;
  readonly end: number;
}

export const IPV4_MAX = 0xffffffff;

/** `cidr` minus `except` as disjoint sorted IPv4 ranges (empty for IPv6). */
export function cidrMinusExcept(cidr: Cidr, except: readonly Cidr[]): Ipv4Range[] {
  if (cidr.family !== 4) return [];
  let parts: Ipv4Range[] = [{ start: Number(cidr.base), end: Number(cidrEnd(cidr)) }];
  for (const hole of except) {
    if (hole.family !== 4) continue;
    const hs = Number(hole.base);
    const he = Number(cidrEnd(hole));
    const next: Ipv4Range[] = [];
    for (const p of parts) {
      if (he < p.start || hs > p.end) {
        next.push(p);
        continue;
      }
      if (hs > p.start) next.push({ start: p.start, end: hs - 1 });
      if (he < p.end) next.push({ start: he + 1, end: p.end });
    }
    parts = next;
  }
  return parts;
}

/**
 * The coarsest partition of 0.0.0.0-255.255.255.255 into contiguous ranges such that every
 * given range is a union of parts: split at each range's start and just after its end.
 * This is what upstream's `DisjointIPBlocks` yields for contiguous inputs.
 */
export function partitionIpv4(ranges: Iterable<Ipv4Range>): Ipv4Range[] {
  const cuts = new Set<number>([0]);
  for (const r of ranges) {
    cuts.add(r.start);
    if (r.end < IPV4_MAX) cuts.add(r.end + 1);
  }
  const starts = [...cuts].sort((a, b) => a - b);
  return starts.map((start, i) => ({ start, end: i + 1 < starts.length ? (starts[i + 1] as number) - 1 : IPV4_MAX }));
}

/**
 * Every IPv4 range written as a CIDR peer (with its `except` holes) in entries of the given
 * direction, allow and deny alike, in policies of every kind (a deny on a CIDR changes the
 * verdict as much as an allow does).
 */
export function policyCidrRanges(policies: readonly Policy[], direction: Direction, more: readonly Entry[] = []): Ipv4Range[] {
  const out: Ipv4Range[] = [];
  const own = policies.flatMap((policy) => policy.rules.flatMap((rule) => (direction === 'ingress' ? [...rule.ingress, ...rule.ingressDeny] : [...rule.egress, ...rule.egressDeny])));
  for (const entry of [...own, ...more.filter((e) => e.direction === direction)]) {
    if (entry.peers.kind !== 'list') continue;
    for (const peer of entry.peers.items) {
      if (peer.kind === 'cidr') out.push(...cidrMinusExcept(peer.cidr, peer.except));
    }
  }
  return out;
}

/**
 * Outside sources (split at ingress CIDR edges) and destinations (egress edges), of the policies
 * and of `more` entries (the enforced tier policies' rules, engine/tiers.ts enforcedTierRules).
 */
export function externalRanges(policies: readonly Policy[], more: readonly Entry[] = []): { sources: Ipv4Range[]; destinations: Ipv4Range[] } {
  return {
    sources: partitionIpv4(policyCidrRanges(policies, 'ingress', more)),
    destinations: partitionIpv4(policyCidrRanges(policies, 'egress', more)),
  };
}
