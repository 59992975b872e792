/**
 * The addresses Hubble saw for each DNS name (`destination_names`/`source_names` of outside peers
 * in a flow aggregate). A path query to a DNS name has no address on its own, so CIDR rules with
 * `except` cannot be evaluated for it; with flows loaded the query is answered for an address the
 * name was seen at, as the graph (which draws the observed peer) decides it.
 * @public
 */
import type { Endpoint } from '../engine/types.ts';
import type { FlowAggregate, FlowPeer } from '../flows/types.ts';

/** DNS name (lower case, no trailing dot) → addresses seen for it, ascending. */
export type DnsAddresses = ReadonlyMap<string, readonly string[]>;

const EMPTY: DnsAddresses = new Map();

export function dnsName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

export function observedDnsAddresses(flows: FlowAggregate | null | undefined): DnsAddresses {
  if (!flows) return EMPTY;
  const seen = new Map<string, Set<string>>();
  const add = (peer: FlowPeer) => {
    if (peer.kind !== 'fqdn' && peer.kind !== 'ip') return;
    const names = peer.kind === 'fqdn' ? [peer.name, ...peer.evidence.names] : peer.evidence.names;
    const ips = peer.kind === 'ip' ? [peer.ip, ...peer.evidence.ips] : peer.evidence.ips;
    for (const n of names)
      for (const ip of ips) {
        const key = dnsName(n);
        let s = seen.get(key);
        if (!s) seen.set(key, (s = new Set()));
        s.add(ip);
      }
  };
  for (const e of flows.edges) {
    add(e.source);
    add(e.destination);
  }
  return new Map([...seen].map(([n, s]) => [n, [...s].sort()]));
}

/**
 * A DNS-name endpoint without an address given the first address the flows saw for it, with a note
 * saying so; any other endpoint unchanged. `others` are the remaining addresses (to check they agree).
 */
export function withObservedAddress(endpoint: Endpoint, addresses: DnsAddresses): { endpoint: Endpoint; others: readonly string[] } | null {
  if (endpoint.kind !== 'fqdn' || endpoint.ip !== null) return null;
  const ips = addresses.get(dnsName(endpoint.name)) ?? [];
  const [first, ...others] = ips;
  if (first === undefined) return null;
  return { endpoint: { ...endpoint, ip: first }, others };
}
