/**
 * A Hubble flow as netpol-viz uses it, parsed once from `hubble observe -o json|jsonpb` lines and
 * exporter files (semantics reference Part D). Only the fields the app reads are kept; wire names
 * are given on each field. Strings that Hubble omits when empty are '' here, numbers 0.
 * @public
 */
import type { DropReason, FlowType, L7FlowType, TrafficDirection, Verdict } from './enums.ts';

/** `workloads[]` item: the controller owning the pod, as Cilium resolved it. */
export interface FlowWorkload {
  readonly name: string;
  readonly kind: string;
}

/** `source` / `destination`. */
export interface FlowEndpoint {
  /** `ID`: local Cilium endpoint id; 0 for remote or outside peers. */
  readonly id: number;
  /** `identity`: numeric security identity; 0 unknown (1 host, 2 world, 7 kube-apiserver, ≥ 2^24 CIDR/FQDN). */
  readonly identity: number;
  /** `cluster_name`. */
  readonly clusterName: string;
  readonly namespace: string;
  /** `labels`: `source:key=value` strings (`k8s:app=frontend`, `reserved:world`). */
  readonly labels: readonly string[];
  /** `pod_name`. */
  readonly podName: string;
  readonly workloads: readonly FlowWorkload[];
}

export const TCP_SYN = 1;
export const TCP_ACK = 2;
export const TCP_FIN = 4;
export const TCP_RST = 8;
export const TCP_PSH = 16;
export const TCP_URG = 32;
export const TCP_ECE = 64;
export const TCP_CWR = 128;
export const TCP_NS = 256;
/** Flag names in wire order, index i is bit 1 << i. */
export const TCP_FLAG_NAMES = ['SYN', 'ACK', 'FIN', 'RST', 'PSH', 'URG', 'ECE', 'CWR', 'NS'] as const;

/** `l4`: the oneof, by its wire key. `flags` is a bit set of TCP_* (one number instead of an object per flow). */
export type Layer4 =
  | { readonly protocol: 'TCP'; readonly sourcePort: number; readonly destinationPort: number; readonly flags: number }
  | { readonly protocol: 'UDP' | 'SCTP'; readonly sourcePort: number; readonly destinationPort: number }
  | { readonly protocol: 'ICMPv4' | 'ICMPv6'; readonly type: number; readonly code: number }
  | { readonly protocol: 'VRRP' | 'IGMP'; readonly type: number };

export type L4Protocol = Layer4['protocol'];

/** `IP`. */
export interface FlowIp {
  readonly source: string;
  /** `source_xlated`: post-SNAT source ('' when not translated). */
  readonly sourceXlated: string;
  readonly destination: string;
  /** `ipVersion`: `IPv4` / `IPv6` / '' (IP_NOT_USED). */
  readonly ipVersion: string;
}

/** `l7`: only on `Type: L7` flows. */
export type Layer7 = {
  readonly type: L7FlowType;
  /** `latency_ns` (uint64 as a string on the wire); 0 when absent. */
  readonly latencyNs: number;
} & (
  | { readonly protocol: 'dns'; readonly query: string; readonly rcode: number; readonly ips: readonly string[]; readonly qtypes: readonly string[] }
  | { readonly protocol: 'http'; readonly method: string; readonly url: string; readonly code: number; readonly httpProtocol: string }
  | { readonly protocol: 'kafka'; readonly topic: string; readonly apiKey: string; readonly errorCode: number }
  | { readonly protocol: 'none' }
);

/**
 * An item of `egress_allowed_by` / `ingress_allowed_by` / `egress_denied_by` / `ingress_denied_by`
 * (flow.proto `message Policy {name, namespace, labels, revision, kind}`). Cilium builds it from
 * the rule's labels (k8sutils `GetPolicyFromLabels`): `name`, `namespace` and `kind` are the
 * values of `k8s:io.cilium.k8s.policy.{name,namespace,derived-from}`; implicit rules carry only a
 * `reserved:io.cilium.policy.derived-from=…` label and no name or kind.
 */
export interface FlowPolicy {
  readonly name: string;
  /** '' for cluster-wide policies and for implicit allows. */
  readonly namespace: string;
  /** `CiliumNetworkPolicy` / `CiliumClusterwideNetworkPolicy` / `NetworkPolicy`; derived from labels when absent (< 1.18). */
  readonly kind: string;
  readonly labels: readonly string[];
  /** uint64 on the wire, kept as its decimal string. */
  readonly revision: string;
}

export interface Flow {
  /** Canonical UTC time with 9 fraction digits (sorts as a string); flow `time`, else the envelope's; null when absent. */
  readonly time: string | null;
  readonly uuid: string;
  readonly verdict: Verdict;
  /** `drop_reason_desc`, else the deprecated numeric `drop_reason`, else `event_type.sub_type` of a drop event; null when none. */
  readonly dropReason: DropReason | null;
  /** Numeric form of `dropReason` (133 for POLICY_DENIED); 0 when none. */
  readonly dropReasonCode: number;
  /** `event_type.type`: 1 drop, 4 trace, 5 policy verdict, 129 L7 (0 when absent). */
  readonly eventType: number;
  readonly eventSubType: number;
  readonly trafficDirection: TrafficDirection;
  /** `is_reply` (a BoolValue): null when absent, which means unknown (common on drops). */
  readonly isReply: boolean | null;
  /** `IP`; null when absent (field-masked exports, non-IP traffic). */
  readonly ip: FlowIp | null;
  readonly l4: Layer4 | null;
  readonly source: FlowEndpoint;
  readonly destination: FlowEndpoint;
  /** `source_names` / `destination_names`: DNS names known for the IP (the FQDN of outside peers). */
  readonly sourceNames: readonly string[];
  readonly destinationNames: readonly string[];
  /** `node_name` of the flow, else of the envelope: `<cluster>/<node>` via Relay. */
  readonly nodeName: string;
  /** `Type`. */
  readonly type: FlowType;
  readonly l7: Layer7 | null;
  readonly egressAllowedBy: readonly FlowPolicy[];
  readonly ingressAllowedBy: readonly FlowPolicy[];
  readonly egressDeniedBy: readonly FlowPolicy[];
  readonly ingressDeniedBy: readonly FlowPolicy[];
  /**
   * `policy_log` (Cilium 1.18+, cilium/cilium#39902): the distinct `spec.log.value` texts of the
   * policies that matched, on policy-verdict events; may be present as `[""]`.
   */
  readonly policyLog: readonly string[];
  /** `policy_match_type` of policy-verdict events: 1 L3-Only, 2 L3-L4, 3 L4-Only, 4 all; 0 none. */
  readonly policyMatchType: number;
  /** `trace_observation_point` name; '' when absent. */
  readonly traceObservationPoint: string;
  /** `Summary` (deprecated, still emitted): Hubble's one-line description. */
  readonly summary: string;
  /**
   * `aggregate`: set on the records of a Hubble exporter that aggregates (`aggregationOptions`,
   * cilium/cilium pkg/hubble/exporter/aggregator.go): the record stands for this many flows with
   * the same aggregation fields, by traffic direction. Null (or absent) on an ordinary flow.
   */
  readonly aggregate?: FlowAggregateCounts | null;
}

/** flow.proto `Aggregate` (field 21007 of Flow): flows a record stands for, by direction. */
export interface FlowAggregateCounts {
  /** `ingress_flow_count`. */
  readonly ingress: number;
  /** `egress_flow_count`. */
  readonly egress: number;
  /** `unknown_direction_flow_count`. */
  readonly unknown: number;
}

/** What one line of an export holds. Lines that are not flows are counted, never silently lost. */
export type FlowRecord =
  | { readonly kind: 'flow'; readonly flow: Flow }
  | { readonly kind: 'node_status' }
  /** An agent or debug event (the exporter's ExportEvent, `hubble observe agent-events|debug-events`). */
  | { readonly kind: 'event' }
  | { readonly kind: 'lost_events'; readonly lost: number }
  | { readonly kind: 'invalid'; readonly path: string; readonly message: string };
