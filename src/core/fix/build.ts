/**
 * Policy objects (plain JSON, as `kubectl apply` takes them) for the smallest rule that allows or
 * denies one path: one CiliumNetworkPolicy in the namespace of the side it applies to.
 * @internal
 */
import type { EngineModel } from '../engine/compile.ts';
import type { Party } from '../engine/party.ts';
import type { Endpoint, QueryProtocol } from '../engine/types.ts';
import { parseIp } from '../net/cidr.ts';
import { minimalLabels } from './selectors.ts';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

export const NS_KEY = 'k8s:io.kubernetes.pod.namespace';

export interface PathPort {
  readonly port: number | null;
  readonly protocol: QueryProtocol;
}

/** `toPorts` / `icmps` part of an item; empty for "every port" (an L3-only item). */
export function l4Part(p: PathPort): JsonObject {
  if (p.port === null && p.protocol === 'ANY') return {};
  if (p.protocol === 'ICMP' || p.protocol === 'ICMPv6')
    return p.port === null ? {} : { icmps: [{ fields: [{ family: p.protocol === 'ICMP' ? 'IPv4' : 'IPv6', type: p.port }] }] };
  const port: JsonObject = { port: String(p.port ?? 0), protocol: p.protocol };
  return { toPorts: [{ ports: [port] }] };
}

/** The peer part of an item naming `peer`, as seen from a policy in `policyNs`. null when it cannot be named. */
export function peerPart(model: EngineModel, peer: Endpoint, party: Party, dir: 'ingress' | 'egress', policyNs: string, deny: boolean): JsonObject | null {
  const f = (kind: 'Endpoints' | 'Entities' | 'CIDR' | 'FQDNs') => (dir === 'ingress' ? `from${kind}` : `to${kind}`);
  switch (peer.kind) {
    case 'endpoint': {
      const labels: JsonObject = { ...minimalLabels(model, peer) };
      if (peer.namespace !== policyNs) labels[NS_KEY] = peer.namespace;
      return { [f('Endpoints')]: [{ matchLabels: labels }] };
    }
    case 'node':
    case 'entity':
      return { [f('Entities')]: [...party.reserved] };
    case 'ip': {
      const ip = parseIp(peer.ip);
      return ip ? { [f('CIDR')]: [`${peer.ip}/${ip.family === 4 ? 32 : 128}`] } : null;
    }
    case 'fqdn':
      if (dir === 'egress' && !deny) return { toFQDNs: [{ matchName: peer.name }] };
      if (peer.ip !== null) return peerPart(model, { kind: 'ip', ip: peer.ip, display: peer.display }, party, dir, policyNs, deny);
      return null;
  }
}

export function subjectSelector(model: EngineModel, e: Extract<Endpoint, { kind: 'endpoint' }>): JsonObject {
  return { matchLabels: { ...minimalLabels(model, e) } };
}

/** A DNS-5 compatible policy name from its parts. */
export function policyName(parts: readonly string[]): string {
  const s = parts.join('-').toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '');
  return s.length <= 63 ? s : s.slice(0, 63).replace(/-$/, '');
}

export function shortName(e: Endpoint): string {
  switch (e.kind) {
    case 'endpoint':
      return e.display.split('/').pop()?.replace(/\[.*$/, '') ?? 'pod';
    case 'node':
      return e.name ?? 'node';
    case 'entity':
      return e.entity;
    case 'ip':
      return e.ip.replace(/[.:]/g, '-');
    case 'fqdn':
      return e.name.replace(/\./g, '-');
  }
}

export function portWords(p: PathPort): string[] {
  return p.port === null ? (p.protocol === 'ANY' ? ['all'] : [p.protocol]) : [String(p.port), p.protocol];
}

/** The DNS item toFQDNs needs when the pod has none (A.7.3). */
export const dnsItem: JsonObject = {
  toEndpoints: [{ matchLabels: { [NS_KEY]: 'kube-system', 'k8s:k8s-app': 'kube-dns' } }],
  toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }], rules: { dns: [{ matchPattern: '*' }] } }],
};
