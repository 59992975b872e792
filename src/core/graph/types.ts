/**
 * The connectivity graph as the view draws it: compound nodes (group ▸ namespace ▸ workload),
 * outside peers, and edges with a verdict, port set, deciding rules and observed counts.
 * Plain data (crosses the worker boundary); built by `buildGraph(inputs, view)`.
 * @public
 */
import type { NearMiss, ReservedEntity, RuleRef } from '../engine/types.ts';
import type { PortProto, PortSet } from '../engine/PortSet.ts';
import type { Cluster } from '../model/cluster.ts';
import type { FlowAggregate } from '../flows/types.ts';
import type { Verdict } from '../hubble/enums.ts';

/**
 * - `allowed`: some side enforces policy and a rule allows these ports;
 * - `l7-filtered`: allowed at L4, requests filtered by an L7 rule (HTTP 403 / DNS REFUSED, no packet drop);
 * - `default-deny`: a side is in default deny and nothing allows it;
 * - `explicit-deny`: a deny rule matches (wins over every allow);
 * - `auth-denied`: allowed, but the rule item asks for `authentication.mode: test-always-fail`,
 *   whose handshake always fails: Cilium drops it for good (AUTH_REQUIRED), no deny rule involved;
 * - `not-enforced`: passes because neither side is selected by any policy (drawn only when observed);
 * - `not-known`: an end is an endpoint whose policy Cilium cannot compute (two L7 parsers on one
 *   port, engine/l7Conflict.ts): it enforces what it computed last (or, a pod started since, has
 *   no network), not what these policies say. Every path the policies would draw through it, with
 *   whatever verdict they would give, is drawn so.
 */
export type EdgeVerdict = 'allowed' | 'l7-filtered' | 'default-deny' | 'explicit-deny' | 'auth-denied' | 'not-enforced' | 'not-known';
export const edgeVerdicts: readonly EdgeVerdict[] = ['allowed', 'l7-filtered', 'not-enforced', 'default-deny', 'explicit-deny', 'auth-denied', 'not-known'];

export function isDenied(v: EdgeVerdict): boolean {
  return v === 'default-deny' || v === 'explicit-deny' || v === 'auth-denied';
}

/**
 * - `group`: a tenant, or the platform (namespaces without the grouping label);
 * - `namespace`, `workload`: inventory (a workload only named by flows is a workload too);
 * - `identity`: an endpoint flows know only by numeric identity;
 * - `world`: the internet (entity world, 0.0.0.0/0, ::/0); `cidr`, `fqdn`: outside peers policies or flows name;
 * - `entity`: kube-apiserver, host, remote-node, ingress, health…;
 * - `carve-out`: a stub for the denied part of a path to an outside peer (`internet 25/TCP`).
 */
export type NodeKind = 'group' | 'namespace' | 'workload' | 'identity' | 'world' | 'cidr' | 'fqdn' | 'entity' | 'carve-out' | 'unknown';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface GraphNode {
  /** Stable across builds: `g:t:<tenant>`, `g:platform`, `ns:<name>`, `w:<ns/Kind/name>`, `o:world`, `o:cidr:<cidr>`… */
  readonly id: string;
  readonly kind: NodeKind;
  /** Untrusted text (names from the input): render as canvas text only. */
  readonly label: string;
  /** Compound parent id, or null. */
  readonly parent: string | null;
  /** Group id the node belongs to (for filters and collapse); null for outside nodes. */
  readonly group: string | null;
  readonly namespace: string | null;
  /** Workload key for workload nodes. */
  readonly workload: string | null;
  /** kube-dns / CoreDNS pods: ordinary workloads, labelled as cluster DNS. */
  readonly dns: boolean;
  /** A group drawn as one node (its workloads' edges are aggregated onto it). */
  readonly collapsed: boolean;
  /** Workloads inside (groups and namespaces; 1 for a workload). */
  readonly workloads: number;
  /** Directions in which no policy selects the workload (everything passes; no edges drawn for it). */
  readonly unrestricted: readonly ('ingress' | 'egress')[];
  /** Centre of a leaf node; null for expanded compound nodes (their box follows their children). */
  readonly position: Point | null;
  /** An outside peer left of the groups (layout.ts hubLayout): its name stands left of it, outwards. */
  readonly nameLeft?: true;
  /** What-if only: a node of the loaded set's graph kept so that removed edges have an end. */
  readonly removed?: boolean;
  /**
   * What-if only: changed paths whose two ends this node stands for (two workloads of a collapsed
   * group, or a workload's own pods), drawn on no edge: the graph draws no loops.
   */
  readonly changedPaths?: number;
}

export interface ObservedCounts {
  /** Request flows (replies excluded). */
  readonly flows: number;
  readonly verdicts: Readonly<Partial<Record<Verdict, number>>>;
  /** Ports seen, in the edge's port text form (`9000/TCP`). */
  readonly ports: string;
}

/**
 * The flows cross-check's classes (`src/core/flows/crossCheck.ts`), which the graph also derives
 * itself when no cross-check was run:
 * - `observed-allowed-predicted-denied`: flows passed although the loaded policy denies them
 *   (AUDIT verdicts in audit mode, a stale policy set, a missing label);
 * - `observed-denied-predicted-allowed`: policy drops although the loaded policy allows them;
 * - any other string: another class the cross-check reports.
 */
export type MismatchClass = 'observed-allowed-predicted-denied' | 'observed-denied-predicted-allowed' | (string & {});

export interface GraphEdge {
  /** `e:<source>|<target>|<verdict>`: one edge per node pair and verdict. */
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly verdict: EdgeVerdict;
  readonly ports: PortSet;
  /** `9000/TCP`, `53/TCP,UDP`, `all except 25/TCP`. */
  readonly portsText: string;
  /** Deciding rules: allows for allowed edges, denies for explicit-deny, default-deny sources otherwise. */
  readonly rules: readonly RuleRef[];
  readonly nearMisses: readonly NearMiss[];
  /** Derived from policy (connectivity), as opposed to only seen in flows. */
  readonly policy: boolean;
  readonly observed: ObservedCounts | null;
  readonly mismatch: MismatchClass | null;
  /** FlowAggregate edge keys behind this edge (for the flows table). */
  readonly flowKeys: readonly string[];
  /** Underlying workload-level edges (> 1 when collapsed groups aggregate them). */
  readonly members: number;
  /** A line at the tenants' aggregate (TENANTS_GROUP): the tenants it stands for (tenantShares.ts). */
  readonly tenants?: TenantShare;
  /** What-if only: how this edge differs from the same view of the loaded policy set. */
  readonly change?: EdgeChange;
}

/**
 * How a what-if changes an edge (src/core/whatif/marks.ts), compared at the same view:
 * - `added`: the loaded set draws no such edge (node pair and verdict);
 * - `ports`: the same edge with other ports;
 * - `removed`: drawn only for the loaded set; the proposed graph keeps it as a ghost;
 * - `paths`: the same edge with the same ports, but some of the paths it stands for change
 *   (a collapsed group's, or an outside node's ranges): `paths` says how many.
 * `opened`/`closed` are the ports the node pair newly allows / no longer allows, as text
 * in the edges' port text (`25/TCP`; '' when none).
 */
export interface EdgeChange {
  readonly kind: 'added' | 'ports' | 'removed' | 'paths';
  /** The edge's ports in the loaded set ('' when it had none). */
  readonly before: string;
  readonly opened: string;
  readonly closed: string;
  /** Changed paths of the what-if drawn on this edge (when the what-if's changes were placed). */
  readonly paths?: number;
}

/**
 * Of the tenants drawn as one node (TENANTS_GROUP), those whose paths a line at it stands for:
 * `67 of 120 tenants` reach the internet, where the aggregate alone reads as 'every tenant'.
 */
export interface TenantShare {
  /** Tenant group ids (`g:t:<tenant>`), sorted. */
  readonly ids: readonly string[];
  /** Tenants in the aggregate. */
  readonly of: number;
  /** In words, as the line's label says it (tenantShares.ts tenantsText): `67 of 120 tenants`. */
  readonly text: string;
  /**
   * The ports the line's label says after `text` (`443/TCP`; clipped), '' when its peer's name
   * says them (a carve-out: `internet 25/TCP`). The aggregate's lines carry no flow count and
   * were drawn with the share alone: a reader of the picture could not tell what they allow.
   */
  readonly ports?: string;
}

/** Parallel paths between the same two groups, drawn as one line (bundle.ts). */
export interface EdgeBundle {
  /** `b:<end>|<end>` (the two ends in id order): stable while the same two boxes are drawn. */
  readonly id: string;
  /** The end most of its paths start from (ties: the first in id order). */
  readonly source: string;
  readonly target: string;
  /** Ids of the edges it holds, sorted. */
  readonly members: readonly string[];
  /** Paths per verdict. */
  readonly verdicts: Readonly<Partial<Record<EdgeVerdict, number>>>;
  /** Paths neither denied nor not known. */
  readonly allowed: number;
  readonly denied: number;
  /** Paths whose verdict is `not-known` (an end's policy Cilium cannot compute). */
  readonly notKnown: number;
  /** Request flows seen on its paths. */
  readonly flows: number;
  /** Some of its paths run from `target` to `source`. */
  readonly bothWays: boolean;
  /** A bundle at the tenants' aggregate: how many of its tenants its paths stand for (any of them). */
  readonly tenants?: { readonly count: number; readonly of: number; readonly text: string };
}

export interface GraphModel {
  /** Parents before children; every list sorted by id. */
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** Identifies what the positions depend on; the view reruns its fit only when it changes. */
  readonly layoutKey: string;
  /** Group ids present (for collapse-all and filter lists). */
  readonly groups: readonly string[];
  readonly counts: GraphCounts;
  /** Parallel paths drawn as one line each (bundle.ts); absent: none. `edges` still holds every path. */
  readonly bundles?: readonly EdgeBundle[];
}

export interface GraphCounts {
  readonly workloads: number;
  readonly groups: number;
  readonly edges: number;
  readonly deniedEdges: number;
  readonly mismatches: number;
  /** Edges whose verdict is `not-known` (an end's policy Cilium cannot compute); absent: none. */
  readonly notKnownEdges?: number;
  /** What-if only: edges marked with a change (ghosts of removed ones included). */
  readonly changedEdges?: number;
  /** What-if only: changed paths drawn on no edge or group of this view (filtered out). */
  readonly changesNotDrawn?: number;
}

export type ShowOnly = 'all' | 'observed' | 'policy' | 'mismatches';

export interface GraphFilters {
  /** Group ids to focus on (empty: all). */
  readonly groups: readonly string[];
  readonly namespaces: readonly string[];
  /** Verdicts to show (empty: all). */
  readonly verdicts: readonly EdgeVerdict[];
  readonly protocols: readonly PortProto[];
  readonly port: number | null;
  readonly show: ShowOnly;
  /** Case-insensitive substring of node labels and ids. */
  readonly search: string;
  /** Observed flows only from this time range (minutes since the epoch, `to` exclusive); absent or null: all. */
  readonly time?: { readonly from: number; readonly to: number } | null;
}

/**
 * What the user chose to see. Plain data (it goes into the URL): never names from the data except
 * ids the user picked.
 */
export interface ViewState {
  /** Namespace label naming the tenant (`tenant`). */
  readonly groupingLabel: string;
  /** Group ids drawn as one node. */
  readonly collapsed: readonly string[];
  readonly filters: GraphFilters;
  /** Customer view: only this tenant's names are shown (redaction; null = support view). */
  readonly customerTenant: string | null;
}

// ---------------------------------------------------------------------------------------------
// Inputs. `ConnectivityInput` is the shape the graph expects from the engine's `connectivity()`.

/** One side of a connectivity path. */
export type ConnSide =
  | { readonly kind: 'workload'; readonly key: string }
  | { readonly kind: 'entity'; readonly entity: ReservedEntity }
  /** A range a policy names (`10.0.0.0/8`); `0.0.0.0/0` and `::/0` are the internet. */
  | { readonly kind: 'cidr'; readonly cidr: string }
  /** A `toFQDNs` matchName or matchPattern. */
  | { readonly kind: 'fqdn'; readonly name: string }
  /**
   * An address range as the engine splits the outside world (at every CIDR edge policies name):
   * drawn on the narrowest range a policy names that holds it, else on the internet.
   */
  | { readonly kind: 'range'; readonly start: string; readonly end: string };

/**
 * What policy says about connections from `source` to `destination` (both sides evaluated).
 * The four port sets are disjoint except `l7Filtered ⊆ allowed`.
 */
export interface ConnPath {
  readonly source: ConnSide;
  readonly destination: ConnSide;
  /** Passes both sides (L7-filtered ports included). */
  readonly allowed: PortSet;
  /** Of `allowed`, ports redirected to the proxy with L7 rules. */
  readonly l7Filtered: PortSet;
  /** Dropped by a deny rule on either side. */
  readonly explicitDenied: PortSet;
  /** Dropped because a side is in default deny and nothing allows it. */
  readonly defaultDenied: PortSet;
  /**
   * Allowed by a rule item whose `authentication.mode` (as it layers with the other allows) is
   * test-always-fail: dropped for good (AUTH_REQUIRED). Absent when none.
   */
  readonly authDenied?: PortSet;
  /** The rule items asking for that mode. */
  readonly authRules?: readonly RuleRef[];
  readonly allowRules: readonly RuleRef[];
  readonly denyRules: readonly RuleRef[];
  readonly defaultDenyFrom: readonly RuleRef[];
  readonly nearMisses: readonly NearMiss[];
  /** Neither side is selected by a policy in the relevant direction: allowed by absence of policy. */
  readonly unenforced: boolean;
  /** An end's policy Cilium cannot compute (ConnPeer.notComputed): every port's verdict is not known. Absent otherwise. */
  readonly notComputed?: true;
}

/** Whether any policy selects a workload, per direction. */
export interface WorkloadEnforcement {
  readonly workload: string;
  readonly ingress: boolean;
  readonly egress: boolean;
}

export interface ConnectivityInput {
  readonly paths: readonly ConnPath[];
  readonly enforcement: readonly WorkloadEnforcement[];
  /**
   * Workloads whose paths stand for this many workloads' (itself included): the first step of a
   * big load lists each class of workloads with equal paths once (engine/connectivity.ts
   * `classesOf`), for views that draw them all on one collapsed node. Absent: every workload's
   * paths are listed.
   */
  readonly members?: ReadonlyMap<string, number>;
}

export interface GraphInputs {
  readonly cluster: Cluster;
  /** null until the engine has run (the graph then shows flows and policy-named peers only). */
  readonly connectivity: ConnectivityInput | null;
  readonly flows: FlowAggregate | null;
  /** Mismatch class per FlowAggregate edge key, from the flows cross-check (optional). */
  readonly mismatches?: ReadonlyMap<string, MismatchClass>;
}
