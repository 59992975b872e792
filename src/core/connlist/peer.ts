import type { Workload } from '../model/cluster.ts';
import { assertNever } from '../util/assertNever.ts';

/**
 * One end of a connlist line, named as netpol-analyzer names it.
 * - `workload`: the top of the owner chain as loaded (`ns/name[Kind]`); a pod owned by a
 *   ReplicaSet whose Deployment was not loaded is `ns/rs-name[ReplicaSet]`, a bare pod `ns/pod[Pod]`.
 * - `external`: an IPv4 address range outside the cluster (`a.b.c.d-e.f.g.h[External]`).
 * - `ingress-controller`: the unknown ingress controller behind Routes/Ingresses (`{ingress-controller}`).
 * @public
 */
export type ConnlistPeer =
  | { readonly kind: 'workload'; readonly namespace: string; readonly name: string; readonly workloadKind: string }
  | { readonly kind: 'external'; readonly start: number; readonly end: number }
  | { readonly kind: 'ingress-controller' };

export const INGRESS_CONTROLLER_NAME = '{ingress-controller}';

export function workloadPeer(w: Pick<Workload, 'namespace' | 'name' | 'kind' | 'inferredFrom'>): ConnlistPeer {
  // netpol-analyzer names such pods by their ReplicaSet when the Deployment is not loaded.
  if (w.inferredFrom) return { kind: 'workload', namespace: w.namespace, name: w.inferredFrom.name, workloadKind: w.inferredFrom.kind };
  return { kind: 'workload', namespace: w.namespace, name: w.name, workloadKind: w.kind };
}

/** Dotted quad of an IPv4 address held as a number (0 … 2^32-1). */
export function formatIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Upstream always prints a range, even for a single address (`1.2.3.4-1.2.3.4`). */
export function formatIpv4Range(start: number, end: number): string {
  return `${formatIpv4(start)}-${formatIpv4(end)}`;
}

/** The peer's name in every output format (netpol-analyzer's `Peer.String()`). */
export function peerName(p: ConnlistPeer): string {
  switch (p.kind) {
    case 'workload':
      return `${p.namespace}/${p.name}[${p.workloadKind}]`;
    case 'external':
      return `${formatIpv4Range(p.start, p.end)}[External]`;
    case 'ingress-controller':
      return INGRESS_CONTROLLER_NAME;
    default:
      return assertNever(p, 'connlist peer');
  }
}

/** The node label in dot output: workloads drop their namespace (the subgraph shows it). */
export function peerLabel(p: ConnlistPeer): string {
  return p.kind === 'workload' ? `${p.name}[${p.workloadKind}]` : peerName(p);
}
