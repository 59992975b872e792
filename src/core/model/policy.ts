import type { SourceRef } from './diagnostic.ts';
import type { Requirement, Selector } from './selector.ts';
import type { Cidr } from '../net/cidr.ts';
import type { Manifest } from './manifest.ts';

/**
 * The one internal rule model that CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy and
 * Kubernetes NetworkPolicy are normalised into (Cilium's own import: semantics reference B.2,
 * B.3, B.10). Namespace and cluster scoping are already applied to selectors here, so the
 * engine never needs to know which kind a rule came from (except for explanations).
 * @public
 */

/** The rule kinds, then the tiered kinds of the network-policy-api (model/tiers.ts: `TierPolicyKind`). */
export type PolicyKind = RulePolicyKind | 'ClusterNetworkPolicy' | 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';
export type RulePolicyKind = 'CiliumNetworkPolicy' | 'CiliumClusterwideNetworkPolicy' | 'NetworkPolicy';

export interface PolicyRef {
  readonly kind: PolicyKind;
  /** null for cluster-wide policies. */
  readonly namespace: string | null;
  readonly name: string;
}

/** `Kind/ns/name` or `Kind//name` for cluster-wide ones. */
export type PolicyKey = string & { readonly __brand: 'PolicyKey' };
export function policyKey(ref: PolicyRef): PolicyKey {
  return `${ref.kind}/${ref.namespace ?? ''}/${ref.name}` as PolicyKey;
}

export interface Policy {
  readonly key: PolicyKey;
  readonly ref: PolicyRef;
  readonly source: SourceRef;
  readonly description?: string;
  readonly rules: readonly Rule[];
  /**
   * The object it was loaded from, as a user would edit it (see `manifest.ts`): what the what-if
   * editor starts from. Absent for policies built by hand (tests, generated fixes).
   */
  readonly manifest?: Manifest;
  /**
   * How it was read under an agent flag the loader assumed (enable-node-selector-labels without a
   * cilium-config): said in the notes of every verdict it decides (decide.ts `assumedNotes`).
   */
  readonly assumed?: string;
}

export type Direction = 'ingress' | 'egress';
export type Action = 'allow' | 'deny';

export interface Rule {
  readonly policy: PolicyRef;
  /** `spec`, `specs[2]`; for NetworkPolicy `spec`. */
  readonly path: string;
  /** Endpoints (pods, health…) or, for CCNP `nodeSelector`, host endpoints of nodes. */
  readonly subject: {
    readonly kind: 'endpoints' | 'nodes';
    readonly selector: Selector;
    /** What import-time scoping did to the written selector (absent when nothing was added). */
    readonly scoping?: SelectorScoping;
  };
  readonly ingress: readonly Entry[];
  readonly ingressDeny: readonly Entry[];
  readonly egress: readonly Entry[];
  readonly egressDeny: readonly Entry[];
  /** `enableDefaultDeny.<dir>`; null when not written (then: default deny for directions with entries). */
  readonly enableDefaultDeny: { readonly ingress: boolean | null; readonly egress: boolean | null };
  readonly description?: string;
  /**
   * Sections written as `[]` or null (`ingress: []`). They do not count (A.2): no enforcement in
   * that direction from this rule. Only set (by the parser) on rules that still load because another
   * section has items; absent when nothing was written empty. Read by lint (`empty-section`).
   */
  readonly emptySections?: readonly ('ingress' | 'ingressDeny' | 'egress' | 'egressDeny')[];
}

/**
 * One item of `ingress`/`ingressDeny`/`egress`/`egressDeny` (or one NetworkPolicy rule).
 * Semantics of `peers` (reference B.2):
 * - `none`: some peer list was present but empty (`fromEndpoints: []`): matches nothing;
 * - `wildcard`: no peer field at all: every identity on `ports` (and nothing if no ports either);
 * - `list`: the union of the listed peers (one peer kind per item, by validation).
 */
export interface Entry {
  /** `spec.egress[1]`, `specs[0].ingressDeny[2]`, `spec.ingress[0]` (NetworkPolicy). */
  readonly path: string;
  readonly direction: Direction;
  readonly action: Action;
  readonly peers: EntryPeers;
  /** toPorts (allow) / PortDenyRule (deny). Empty together with `icmps` = all ports and protocols. */
  readonly ports: readonly PortRule[];
  readonly icmps: readonly IcmpMatch[];
  /**
   * `icmps` had items but they name no ICMP type (`icmps: [{}]`, `fields: []`): the item is not
   * L3-only and matches no traffic (Cilium counts icmps items, not types: pkg/policy/rule.go
   * `mergeIngress`). Absent otherwise.
   */
  readonly emptyIcmps?: true;
  /** `authentication.mode: required` or `test-always-fail` (mutual auth) on an allow item. */
  readonly authRequired: boolean;
  /**
   * `authentication.mode: test-always-fail`: the auth handler fails every handshake
   * (pkg/auth/always_fail_authhandler.go), so what the item allows is dropped for good
   * (AUTH_REQUIRED). Absent otherwise.
   */
  readonly authAlwaysFail?: true;
  /**
   * `authentication.mode` as written, when written (`disabled` too: an explicit "no
   * authentication" that a narrower key keeps instead of inheriting a broader key's, see
   * engine/authLayering.ts). Absent when the item has no `authentication`.
   */
  readonly authMode?: 'disabled' | 'required' | 'test-always-fail';
  /**
   * `fromRequires`/`toRequires` selectors (Cilium ≤ 1.18 only, scoped like endpoint peers). They
   * grant nothing: the engine ANDs them into the endpoint peers of every entry of the same action
   * and direction of every rule selecting the same subject (reference B.5.6). Absent when none.
   */
  readonly requires?: readonly Selector[];
}

/**
 * Whether an entry is L3-only (all ports and protocols of its peers): no toPorts items and no
 * icmps items, as Cilium tests it (pkg/policy/rule.go `toPorts.Len() == 0 && icmp.Len() == 0`).
 */
export function isL3Only(e: Entry): boolean {
  return e.ports.length === 0 && e.icmps.length === 0 && e.emptyIcmps !== true;
}

/**
 * How Cilium's import (reference B.3, B.10) changed a selector: kept so explanations can say
 * "namespace shop was added because the selector names no namespace". `selector` on the owner
 * is always the effective one; this is only for explanations.
 */
export interface SelectorScoping {
  /** The selector as written (after key sanitisation), before anything was added. */
  readonly written: Selector;
  /** Requirements the import added (namespace, namespace Exists, cluster, reserved:remote-node). */
  readonly added: readonly Requirement[];
  /** Human-readable reasons, one per decision (added or deliberately not added). */
  readonly notes: readonly string[];
}

export type EntryPeers =
  | { readonly kind: 'none' }
  | { readonly kind: 'wildcard' }
  | { readonly kind: 'list'; readonly items: readonly Peer[] };

export type Entity =
  | 'all'
  | 'world'
  | 'world-ipv4'
  | 'world-ipv6'
  | 'cluster'
  | 'cluster-mesh'
  | 'host'
  | 'remote-node'
  | 'kube-apiserver'
  | 'health'
  | 'init'
  | 'ingress'
  | 'unmanaged'
  | 'none';

/** A peer selector of an entry; `path` points at the item in the user's YAML. */
export type Peer =
  | { readonly kind: 'endpoints'; readonly path: string; readonly selector: Selector; readonly scoping?: SelectorScoping }
  | { readonly kind: 'entity'; readonly path: string; readonly entity: Entity }
  | { readonly kind: 'cidr'; readonly path: string; readonly cidr: Cidr; readonly except: readonly Cidr[] }
  | {
      readonly kind: 'cidrGroup';
      readonly path: string;
      readonly ref: string | null;
      readonly selector: Selector | null;
      /** Ranges taken out of the group's CIDRs (applied from Cilium 1.17; ignored before). */
      readonly except: readonly Cidr[];
    }
  | { readonly kind: 'fqdn'; readonly path: string; readonly matchName: string | null; readonly matchPattern: string | null }
  | {
      readonly kind: 'service';
      readonly path: string;
      readonly serviceName: string | null;
      /** null: any namespace (legacy translator); always set by NetworkPolicy-free input when written. */
      readonly namespace: string | null;
      readonly selector: Selector | null;
    }
  | {
      readonly kind: 'nodes';
      readonly path: string;
      readonly selector: Selector;
      readonly scoping?: SelectorScoping;
      /**
       * Selects the local host (reserved:host) as well as remote nodes: a ClusterNetworkPolicy
       * `nodes` peer (Cilium 1.20, tiers.nodes.test.ts). A fromNodes/toNodes peer selects remote nodes only.
       */
      readonly localHost?: true;
    }
  | { readonly kind: 'groups'; readonly path: string; readonly provider: string };

export type Protocol = 'TCP' | 'UDP' | 'SCTP' | 'ANY' | 'VRRP' | 'IGMP';

export interface PortProtocol {
  readonly path: string;
  readonly protocol: Protocol;
  /** Number (0 = every port of the protocol) or a lower-case named port resolved on the destination pod. */
  readonly port: number | string;
  /** Inclusive end of a range; only for numeric ports; null = single port. */
  readonly endPort: number | null;
}

export interface PortRule {
  readonly path: string;
  /** Empty: this PortRule matches nothing (reference open question: `ports` omitted). */
  readonly ports: readonly PortProtocol[];
  /** L7 rules on allow entries; they never drop packets, they filter requests in the proxy. */
  readonly l7: L7Rules | null;
  readonly serverNames: readonly string[];
  /**
   * L7 rules written here that the Cilium release in use no longer has (Kafka, generic
   * `l7proto`/`l7`: removed in 1.20): the port is allowed without them.
   */
  readonly removedL7?: 'kafka' | 'generic';
  /** What the Cilium release in use does with the L7 rules written here, when that depends on it (Kafka on 1.19, removed kinds on 1.20). */
  readonly l7VersionNote?: string;
}

export type L7Rules =
  | { readonly kind: 'http'; readonly rules: readonly HttpRule[] }
  | { readonly kind: 'dns'; readonly rules: readonly DnsRule[] }
  | { readonly kind: 'kafka'; readonly rules: readonly Readonly<Record<string, string>>[] }
  | { readonly kind: 'generic'; readonly l7proto: string; readonly rules: readonly Readonly<Record<string, string>>[] };

export interface HttpRule {
  readonly method?: string;
  readonly path?: string;
  readonly host?: string;
  readonly headers?: readonly string[];
  /** `headerMatches` items (mismatch actions other than drop are proxy rewrites, not filters). */
  readonly headerMatches?: readonly { readonly name: string; readonly value?: string; readonly mismatch?: string }[];
}

export interface DnsRule {
  readonly matchName: string | null;
  readonly matchPattern: string | null;
}

export interface IcmpMatch {
  readonly path: string;
  readonly family: 'IPv4' | 'IPv6';
  readonly type: number;
}
