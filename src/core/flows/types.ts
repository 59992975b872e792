/**
 * FlowAggregate: what a Hubble export boils down to (edges with counts, flags, attribution and a
 * small sample). Plain data: it crosses the worker boundary by structured clone. Every list is
 * sorted and every count is a sum, so the same flows in any order give the same aggregate.
 * @public
 */
import type { Diagnostic } from '../model/diagnostic.ts';
import type { TrafficDirection, Verdict } from '../hubble/enums.ts';

/**
 * One side of an edge, keyed by the most stable name the flow offers: the workload (namespace +
 * `workloads[0]`), else the pod, else the security identity, else the reserved entity, else (for
 * outside peers) the FQDN from `source_names`/`destination_names`, else the IP.
 */
export type FlowPeer = FlowPeerId & { readonly evidence: PeerEvidence };

export type FlowPeerId =
  /** key `ns/Kind/name` (the model's WorkloadKey form). */
  | { readonly kind: 'workload'; readonly key: string; readonly namespace: string; readonly workloadKind: string; readonly name: string }
  /** key `ns/Pod/name`: a pod whose workload Hubble did not report (older Hubble, bare pods). */
  | { readonly kind: 'pod'; readonly key: string; readonly namespace: string; readonly name: string }
  /** key `identity:<n>`: a Cilium endpoint known only by identity (field-masked or remote). */
  | { readonly kind: 'identity'; readonly key: string; readonly identity: number; readonly namespace: string }
  /** key `reserved:<entity>`: host, remote-node, kube-apiserver, health, ingress, init, unmanaged, world (no IP known). */
  | { readonly kind: 'reserved'; readonly key: string; readonly entity: string }
  /** key `fqdn:<name>`: an outside peer named by Hubble's DNS cache. */
  | { readonly kind: 'fqdn'; readonly key: string; readonly name: string }
  /** key `ip:<address>`: an outside peer without a name. */
  | { readonly kind: 'ip'; readonly key: string; readonly ip: string }
  /** key `unknown`: the flow says nothing about this side. */
  | { readonly kind: 'unknown'; readonly key: string };

/** What the flows said about a peer, bounded (smallest values kept) so memory stays flat. */
export interface PeerEvidence {
  /** Numeric identities seen, ascending, at most 8. */
  readonly identities: readonly number[];
  /** Identity labels of the smallest identity seen (`k8s:app=frontend`…). */
  readonly labels: readonly string[];
  /** IP addresses seen, ascending (string order), at most 16. */
  readonly ips: readonly string[];
  /** DNS names seen (`*_names`), ascending, at most 8. */
  readonly names: readonly string[];
  /** Cluster names seen (`cluster_name`), ascending, at most 4. */
  readonly clusters: readonly string[];
}

/** `l4` oneof key, or `NONE` when the flow had no layer-4 part. */
export type EdgeProtocol = 'TCP' | 'UDP' | 'SCTP' | 'ICMPv4' | 'ICMPv6' | 'VRRP' | 'IGMP' | 'NONE';

export interface TcpFlagCounts {
  /** SYN without ACK: connection attempts. */
  readonly syn: number;
  /** SYN with ACK: accepted connections (usually on replies). */
  readonly synAck: number;
  readonly fin: number;
  readonly rst: number;
}

/** A policy Hubble attributed to flows of this edge (`egress_allowed_by`…), deduplicated. */
export interface EdgePolicy {
  readonly direction: 'ingress' | 'egress';
  readonly effect: 'allow' | 'deny';
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** The `derived-from` label value: the kind for real policies, `allow-any-ingress` and such for implicit ones. */
  readonly derivedFrom: string;
  /** How many flows named it. */
  readonly flows: number;
}

/** One flow in the detail view: what a support engineer reads, not the whole record. */
export interface FlowSample {
  readonly time: string | null;
  readonly uuid: string;
  readonly verdict: Verdict;
  readonly dropReason: string | null;
  readonly direction: TrafficDirection;
  readonly isReply: boolean | null;
  readonly sourceIp: string;
  readonly destinationIp: string;
  readonly sourcePort: number | null;
  readonly destinationPort: number | null;
  /** TCP flag names (`SYN,ACK`), '' when none or not TCP. */
  readonly tcpFlags: string;
  readonly nodeName: string;
  readonly eventType: number;
  /** `Summary`, else an L7 description (`DNS Query example.com. A`, `GET http://…`). */
  readonly summary: string;
  /** `Kind/ns/name` of attributed policies, with `allow:`/`deny:` and direction prefixes. */
  readonly policies: readonly string[];
  /** `*_allowed_by` of this flow as policy keys (`CiliumNetworkPolicy/ns/name`, see flows/attribution.ts). */
  readonly recordedAllowedBy: readonly string[];
  /** `*_denied_by` of this flow as policy keys. */
  readonly recordedDeniedBy: readonly string[];
  /** `policy_log` (Cilium 1.18+), empty texts left out. */
  readonly policyLog: readonly string[];
  /** `policy_match_type` (policy-verdict events): 1 L3-Only, 2 L3-L4, 3 L4-Only, 4 all; 0 none. */
  readonly policyMatchType: number;
  /** `trace_observation_point` (trace events), '' when absent. */
  readonly observationPoint: string;
  /** Numeric security identities as the observing agent resolved them (0 unknown, 2 world, ≥ 2^24 CIDR/FQDN). */
  readonly sourceIdentity: number;
  readonly destinationIdentity: number;
}

export interface DirectionCounts {
  readonly verdicts: Readonly<Partial<Record<Verdict, number>>>;
  /** DROPPED by policy: POLICY_DENIED, POLICY_DENY, AUTH_REQUIRED. */
  readonly policyDrops: number;
  /** DROPPED L7 records: requests refused by L7 rules (not packet drops). */
  readonly l7Denied: number;
  /**
   * Request flows that were policy-verdict events (`event_type.type` 5): the only events Hubble
   * attributes to policies (`*_allowed_by`, `*_denied_by`). Always set by the aggregator.
   */
  readonly policyVerdicts?: number;
}

export interface ReplyTally {
  readonly flows: number;
  readonly verdicts: Readonly<Partial<Record<Verdict, number>>>;
  readonly drops: Readonly<Record<string, number>>;
  readonly flags: TcpFlagCounts;
}

export interface L7Counts {
  readonly dns: number;
  readonly http: number;
  readonly kafka: number;
  /** L7 records with verdict DROPPED: requests the proxy refused (HTTP 403, DNS REFUSED); not packet drops. */
  readonly denied: number;
}

/**
 * Observed traffic from one peer to another on one destination port and protocol (request
 * direction: flows with `is_reply: true` never create edges, they are tallied in `replies`).
 */
export interface FlowEdge {
  /** `source\ndestination\nprotocol/port`: unique in the aggregate. */
  readonly key: string;
  readonly source: FlowPeer;
  readonly destination: FlowPeer;
  /** Destination port; the ICMP type for ICMP (what Cilium matches as "port"); null without L4. */
  readonly port: number | null;
  readonly protocol: EdgeProtocol;
  /** Request flows (`is_reply` false or unknown). */
  readonly flows: number;
  readonly verdicts: Readonly<Partial<Record<Verdict, number>>>;
  /** Request flows by drop reason (`POLICY_DENIED`…). */
  readonly drops: Readonly<Record<string, number>>;
  readonly directions: Readonly<Partial<Record<TrafficDirection, number>>>;
  /**
   * Request flows per observation direction (EGRESS: the source's policy decided; INGRESS: the
   * destination's). Always set by the aggregator; optional only for hand-built test edges.
   */
  readonly byDirection?: Readonly<Partial<Record<TrafficDirection, DirectionCounts>>>;
  readonly flags: TcpFlagCounts;
  readonly firstTime: string | null;
  readonly lastTime: string | null;
  /** Replies of this edge's connections (reversed flows with `is_reply: true`), or null when none. */
  readonly replies: ReplyTally | null;
  readonly policies: readonly EdgePolicy[];
  /** `policy_log` texts of the edge's flows (Cilium 1.18+), sorted, at most 16. Always set by the aggregator. */
  readonly policyLog?: readonly string[];
  readonly l7: L7Counts;
  /** Up to `sampleSize` flows: drops, audits and errors first, then by (time, uuid). */
  readonly sample: readonly FlowSample[];
  /**
   * Request flows by minute, for the time-range filter and the drops inbox. Always set by the
   * aggregator; optional only for hand-built test edges.
   */
  readonly timeline?: EdgeTimeline;
}

/** Request flows of one edge in one minute. */
export interface TimeBucket {
  /** Minutes since the epoch (UTC). */
  readonly minute: number;
  readonly flows: number;
  readonly verdicts: Readonly<Partial<Record<Verdict, number>>>;
  /** Of these, the DROPPED ones by drop reason (`DROP_REASON_UNKNOWN` when a drop names none). */
  readonly drops: Readonly<Record<string, number>>;
}

export interface EdgeTimeline {
  /** Ascending by minute; minutes without flows are left out. */
  readonly buckets: readonly TimeBucket[];
  /** Request flows without a (readable) time: counted, but outside every time range. */
  readonly untimed: number;
  /** First and last time of the DROPPED request flows, by drop reason. */
  readonly dropTimes: Readonly<Record<string, { readonly first: string; readonly last: string }>>;
}

export interface FlowTotals {
  /** Flow records (requests and replies). */
  readonly flows: number;
  readonly replies: number;
  /**
   * Lines that held no flow: node_status, lost_events, agent/debug events (`events`; absent in
   * aggregates saved before it was counted), invalid; `total` is their sum.
   */
  readonly skipped: { readonly nodeStatus: number; readonly lostEvents: number; readonly events?: number; readonly invalid: number; readonly total: number };
  /** Sum of `num_events_lost` over lost_events records: flows Hubble itself lost. */
  readonly eventsLost: number;
  readonly byVerdict: Readonly<Partial<Record<Verdict, number>>>;
  readonly byDropReason: Readonly<Record<string, number>>;
  /** Bytes read (when streaming text; 0 when records came pre-parsed). */
  readonly bytes: number;
  readonly firstTime: string | null;
  readonly lastTime: string | null;
  /**
   * Records of a Hubble exporter that aggregates (`flow.aggregate`) and the flows they stand for,
   * which `flows` and every other count include; absent when there were none.
   */
  readonly aggregated?: { readonly records: number; readonly flows: number };
}

export interface FlowAggregate {
  readonly totals: FlowTotals;
  /** Request edges, sorted by key. */
  readonly edges: readonly FlowEdge[];
  /** Replies whose request edge never appeared (capture started mid-connection), as edges with `flows: 0`. */
  readonly replyOnlyEdges: readonly FlowEdge[];
  /** Bad lines (file, line), at most `maxDiagnostics` plus one summary line. */
  readonly diagnostics: readonly Diagnostic[];
}
