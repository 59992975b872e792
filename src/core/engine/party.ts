/**
 * A Party is one side of a connection as the engine evaluates it: its identity labels, the
 * reserved identities it carries, its address (for CIDR rules), its DNS names (for toFQDNs) and
 * its container ports (for named ports when it is the destination).
 * @internal
 */
import type { ContainerPort } from '../model/cluster.ts';
import type { LabelSet } from '../model/labels.ts';
import type { IpFamily } from '../net/cidr.ts';
import type { ReservedEntity } from './types.ts';

export interface AddressRange {
  readonly family: IpFamily;
  readonly lo: bigint;
  readonly hi: bigint;
}

export interface Party {
  /** `pod`: a Cilium endpoint with k8s labels; `reserved`: host, nodes, health…; `outside`: world addresses and names. */
  readonly kind: 'pod' | 'reserved' | 'outside';
  readonly display: string;
  readonly labels: LabelSet;
  /** Index into the model's identities, or -1 (hypothetical pods, reserved and outside parties). */
  readonly identity: number;
  readonly reserved: readonly ReservedEntity[];
  /** Address or address range (one IP is lo = hi); null when unknown. */
  readonly range: AddressRange | null;
  readonly names: readonly string[];
  readonly ports: readonly ContainerPort[];
  /** For pods: the node they run on; for node parties: the node itself. */
  readonly nodeName: string | null;
  /** Node labels of a node party (for `fromNodes`/`toNodes` and `nodeSelector`). */
  readonly nodeLabels: Readonly<Record<string, string>> | null;
  /** Namespace of a pod party. */
  readonly namespace: string | null;
}

export function isWorld(p: Party): boolean {
  return p.reserved.includes('world');
}
