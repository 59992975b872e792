/**
 * The engine's public vocabulary: settings, queries and the explained decisions it returns.
 * Everything here is plain data (it crosses the worker boundary by structured clone).
 * @public
 */
import type { ContainerPort, IdentityKey, WorkloadKey } from '../model/cluster.ts';
import type { Direction, PolicyKind } from '../model/policy.ts';

/** Agent settings that change verdicts (semantics reference B.4, B.8, A.7.2, B.11). */
export interface EngineSettings {
  /** `enable-policy` / Helm `policyEnforcementMode`. */
  readonly enforcementMode: 'default' | 'always' | 'never';
  /** `allow-localhost`: `always` (Kubernetes default) lets the local host reach its pods' ingress. */
  readonly allowLocalhost: 'always' | 'policy';
  /** Major.minor, e.g. '1.19'. Port ranges are enforced from 1.16; fromRequires exists before 1.19. */
  readonly ciliumVersion: string;
  /**
   * `policy-cidr-match-mode`: `nodes` lets CIDR selectors match node addresses; `pods` (Cilium
   * 1.20, which alone accepts it) pod addresses (peerMatch.ts).
   */
  readonly policyCidrMatchMode: CidrMatchMode;
  /** `policy-audit-mode`: would-be drops are logged as AUDIT and the traffic passes. */
  readonly auditMode: boolean;
  /**
   * The address families the agents run (`enable-ipv4` / `enable-ipv6`): decides which world
   * label outside addresses and all-addresses prefixes carry (peerMatch.ts zeroPrefixScope).
   * Unset: compile takes cilium-config's, else the families of the pods' addresses.
   */
  readonly ipFamilies?: IpFamilies;
  /**
   * Whether CNP peer selectors on `io.cilium.k8s.namespace.labels.*` reach other namespaces
   * (v1.19 code) or stay in the policy namespace (older docs). Applied by the parser at import;
   * the engine only reports it in notes. Default true.
   */
  readonly cnpNamespaceLabelPeers?: boolean;
  /**
   * Whether the cluster runs with ClusterNetworkPolicy support (enable-k8s-cluster-network-policy;
   * Cilium 1.20 and later only; before 1.20 it is never enforced). Unset = on from 1.20.
   */
  readonly clusterNetworkPolicy?: boolean;
  /**
   * How AdminNetworkPolicy / BaselineAdminNetworkPolicy (`policy.networking.k8s.io/v1alpha1`) are
   * read. Unset or `cilium`: as Cilium reads them, not at all (no release does; Cilium 1.20 reads
   * ClusterNetworkPolicy v1alpha2 instead): they change no verdict. `netpol-analyzer`: enforced as
   * np-guard's netpol-analyzer reads them, whatever the Cilium version (to compare with its output).
   */
  readonly tiersAs?: TiersReading;
}

/** See `EngineSettings.tiersAs`. */
export type TiersReading = 'cilium' | 'netpol-analyzer';

/**
 * The Cilium releases whose semantics the engine tells apart (major.minor, oldest first): the
 * choices the app offers. 1.20 brings tier policies (tiers.ts) and egress named ports resolved
 * on the selected destinations (l4Match.ts).
 */
export const CILIUM_VERSIONS: readonly string[] = ['1.14', '1.15', '1.16', '1.17', '1.18', '1.19', '1.20'];

export const defaultSettings: EngineSettings = {
  enforcementMode: 'default',
  allowLocalhost: 'always',
  ciliumVersion: '1.19',
  policyCidrMatchMode: 'default',
  auditMode: false,
};

/** `policy-cidr-match-mode`'s list, as one value. */
export type CidrMatchMode = 'default' | 'nodes' | 'pods' | 'nodes,pods';

/** Single-stack IPv4, single-stack IPv6, or both. */
export type IpFamilies = 'ipv4' | 'ipv6' | 'dual';

/** Reserved identities Cilium assigns to things that are not pods. */
export type ReservedEntity = 'host' | 'remote-node' | 'kube-apiserver' | 'health' | 'init' | 'ingress' | 'unmanaged' | 'world';

/**
 * One side of a query.
 * - `endpoint`: a Cilium-managed pod (or a hypothetical one) with its identity labels in
 *   Cilium's `source:key=value` form; `identity` is the model's key when the pod is known.
 * - `node`: a node address or a hostNetwork pod: `host` for endpoints on that node, `remote-node` otherwise.
 * - `entity`: a reserved identity by name (`entity:world`, `entity:kube-apiserver`).
 * - `ip`: an address outside the cluster (world, plus CIDR matching).
 * - `fqdn`: an outside name (IP unknown unless given); matched by toFQDNs.
 * @public
 */
export type Endpoint =
  | {
      readonly kind: 'endpoint';
      readonly identity: IdentityKey | null;
      readonly labels: readonly string[];
      readonly namespace: string;
      /** `ns/name` of the pod or workload, or `ns[k=v]` for a hypothetical pod. */
      readonly display: string;
      readonly workload: WorkloadKey | null;
      /** Container ports, for named ports resolved on this endpoint as destination. */
      readonly ports: readonly ContainerPort[];
      readonly ip: string | null;
      /** Node the pod runs on, when known (decides host vs remote-node for node peers). */
      readonly nodeName: string | null;
    }
  | { readonly kind: 'node'; readonly name: string | null; readonly ip: string | null; readonly display: string }
  | { readonly kind: 'entity'; readonly entity: ReservedEntity; readonly display: string }
  | { readonly kind: 'ip'; readonly ip: string; readonly display: string }
  | { readonly kind: 'fqdn'; readonly name: string; readonly ip: string | null; readonly display: string };

export type QueryProtocol = 'TCP' | 'UDP' | 'SCTP' | 'ICMP' | 'ICMPv6' | 'ANY';

export type L7Request =
  | { readonly kind: 'http'; readonly method: string; readonly path: string; readonly host?: string; readonly headers?: Readonly<Record<string, string>> }
  | { readonly kind: 'dns'; readonly query: string };

export interface Query {
  readonly from: Endpoint;
  readonly to: Endpoint;
  /**
   * Destination port (after Service DNAT), a port name resolved on the destination, the ICMP
   * type for ICMP/ICMPv6, or null for "every port of the protocol". For a reply (`reply: true`)
   * this is the server's port of the original connection.
   */
  readonly port: number | string | null;
  /** `ANY` asks for TCP, UDP and SCTP at once: allowed only when all three are. */
  readonly protocol: QueryProtocol;
  /** A reply packet of a connection opened by `to` towards `from` (conntrack, B.7). */
  readonly reply?: boolean;
  /** An L7 request to check against L7 rules (they filter requests, never packets). */
  readonly l7?: L7Request;
  /** DNS names the destination IP was learned for (Hubble `destination_names`). */
  readonly destinationNames?: readonly string[];
}

/** A policy rule item, as Hubble and the user know it. */
export interface RuleRef {
  readonly kind: PolicyKind;
  /** null for cluster-wide policies. */
  readonly namespace: string | null;
  readonly name: string;
  /** `spec.egressDeny[0]`, `specs[1].ingress[2]`, or the rule (`spec`) for default-deny attribution. */
  readonly path: string;
}

/** `auth-denied`: allowed by a rule item whose `authentication.mode` is `test-always-fail` (AUTH_REQUIRED drops for good). */
export type SideReason = 'not-applicable' | 'no-policy' | 'allowed' | 'default-deny' | 'explicit-deny' | 'auth-denied';

export type NearMissWhy =
  | 'wrong-port'
  | 'wrong-protocol'
  | 'peer-not-selected'
  | 'in-except'
  | 'fqdn-no-dns-rule'
  | 'named-port-unresolved'
  | 'empty-peer-list'
  | 'no-ports'
  | 'cidr-not-for-cluster'
  | 'icmp-needs-icmps'
  /** An outside peer named only by DNS (no address): a CIDR rule that may or may not select it. */
  | 'address-unknown';

export interface NearMiss {
  readonly rule: RuleRef;
  readonly why: NearMissWhy;
  readonly text: string;
}

/** A matched entry and what part of it matched (peer selector path, port path). */
export interface MatchedEntry {
  readonly rule: RuleRef;
  /** Path of the peer selector that matched (`…fromEndpoints[0]`), or null for a wildcard peer. */
  readonly peerPath: string | null;
  /** Path of the port that matched (`…toPorts[0].ports[1]`), or null when the entry has no L4 part. */
  readonly portPath: string | null;
  /** Hubble's policy_match_type: L3-Only, L3-L4, L4-Only. */
  readonly matchType: 'L3-Only' | 'L3-L4' | 'L4-Only';
  /** The entry carries L7 rules on the matching port. */
  readonly l7: boolean;
}

export interface L7Summary {
  readonly kind: 'http' | 'dns' | 'kafka' | 'generic';
  readonly rule: RuleRef;
  /** Human form of every allowed request pattern (`GET /public`, `dns *.github.com`). */
  readonly allowed: readonly string[];
}

export interface SideDecision {
  readonly direction: Direction;
  readonly verdict: 'allowed' | 'denied';
  readonly reason: SideReason;
  /** Deciding rules: matching allows, matching denies, or (default deny) who enabled default deny. */
  readonly rules: readonly RuleRef[];
  readonly matched: readonly MatchedEntry[];
  /** Rules that put this endpoint into default deny for this direction (also set when allowed). */
  readonly defaultDenyFrom: readonly RuleRef[];
  readonly nearMisses: readonly NearMiss[];
  /** `none` when no allow entry carries L7; `unrestricted` when a plain L4 allow shadows L7; `filtered` otherwise. */
  readonly l7: 'none' | 'unrestricted' | 'filtered';
  readonly l7Rules: readonly L7Summary[];
  /** Hubble-like attribution: `allow-localhost-ingress`, `allow-any-egress`, policy names, … */
  readonly attribution: string;
  /** Plain-language sentence for this side. */
  readonly text: string;
  /**
   * What the policy tiers did on this side (ClusterNetworkPolicy, Cilium 1.20): "Admin tier,
   * priority 10, rule `deny-smtp`: Deny", or a Pass with "decided by the NetworkPolicy tier".
   */
  readonly tier?: string;  /**
   * Cilium cannot compute this endpoint's policy (two L7 parsers on one port, l7Conflict.ts): it
   * enforces whatever it computed last, not this side's verdict, which is what these policies
   * would decide if they could be merged.
   */
  readonly notComputed?: true;
}

export interface Decision {
  readonly verdict: 'allowed' | 'denied';
  readonly egress: SideDecision;
  readonly ingress: SideDecision;
  /** Result for an L7 request in the query (packets are not dropped by L7 rules). */
  readonly l7?: { readonly verdict: 'allowed' | 'denied'; readonly text: string };
  /** Audit mode: a denied verdict is logged as AUDIT and the traffic passes. */
  readonly audit: boolean;
  /** Version-dependent or uncertain behaviour; always shown to the user. */
  readonly notes: readonly string[];
  /**
   * The endpoints on this path whose policy Cilium cannot compute (a side with `notComputed`):
   * the verdict is then not known from the policies; `verdict` is what they would decide.
   */
  readonly notComputed?: readonly string[];
  /**
   * The verdict is not firm: it becomes `verdict` when `text` holds (a DNS name no loaded flow saw,
   * which a toFQDNs rule allows once some pod's lookup teaches Cilium its addresses: core/query/fqdnCondition.ts).
   */
  readonly condition?: DecisionCondition;
}

export interface DecisionCondition {
  readonly verdict: 'allowed';
  /** When, in plain words, naming the rules. */
  readonly text: string;
  /** The toFQDNs rule item that would allow it, then the DNS rules that let a pod look the name up. */
  readonly rules: readonly RuleRef[];
}
