/**
 * Observed versus predicted: for every request edge of a FlowAggregate, the engine's decision for
 * the same source, destination, port and protocol, and how the two compare (semantics reference
 * D.7). Flows are compared per observation direction: an EGRESS observation was decided by the
 * source's egress policy alone, an INGRESS one by both sides (the packet left the source first).
 * @public
 */
import type { Diagnostic } from '../model/diagnostic.ts';
import type { EngineModel } from '../engine/compile.ts';
import { decide } from '../engine/decide.ts';
import { resolvePeerRef } from '../engine/peerRef.ts';
import { ipcacheCode } from '../engine/ipcacheCode.ts';
import type { Decision, Endpoint, QueryProtocol, ReservedEntity, RuleRef, SideDecision } from '../engine/types.ts';
import { isPolicyDropReason, type TrafficDirection, type Verdict } from '../hubble/enums.ts';
import {
  formatPolicyKeys,
  implicitPolicyKey,
  policyRefKey,
  recordedAttribution,
  versionAtLeast,
  type RecordedAttribution,
  type RecordedPolicyKey,
  type RecordedSide,
} from './attribution.ts';
import { likelyCause, type CauseClass, type CauseEvidence, type ComputedSide, type LikelyCause } from './likelyCause.ts';
import type { DirectionCounts, EdgeProtocol, FlowAggregate, FlowEdge, FlowPeer, FlowSample } from './types.ts';
import { plural } from '../util/plural.ts';

/**
 * - `match`: what was observed is what the policies say.
 * - `observed-allowed-predicted-denied`: traffic passed that the loaded policies deny (AUDIT
 *   verdicts in policy audit mode, a stale policy set, or inventory missing a label).
 * - `observed-denied-predicted-allowed`: dropped by policy (POLICY_DENIED / POLICY_DENY) although
 *   the loaded policies allow it.
 * - `recorded-policy-differs`: the verdict agrees, but Cilium's own attribution (`*_allowed_by`,
 *   `*_denied_by`) names a policy the computed decision does not (a stale policy set, a label
 *   that differs). Recording fewer policies than computed, or none, is not a disagreement: Hubble
 *   names only the policies of the matched policy-map entry, only on policy-verdict events, and
 *   before Cilium 1.20 nothing for default-deny drops and AUDIT verdicts (see attribution.ts).
 * - `non-policy-drop`: drops for datapath reasons (CT map full, no backend…): shown, not a mismatch.
 * - `unknown-endpoint`: a side is not in the inventory, so no prediction (also a diagnostic).
 * - `not-evaluated`: the flows carry no port or protocol policy can match on (no L4, VRRP, IGMP).
 */
export type MismatchClass = 'match' | CauseClass;

export const MISMATCH_CLASSES: readonly MismatchClass[] = [
  'match',
  'observed-allowed-predicted-denied',
  'observed-denied-predicted-allowed',
  'recorded-policy-differs',
  'non-policy-drop',
  'unknown-endpoint',
  'not-evaluated',
];

/** Cilium's attribution against the computed decision, for the policy side that decided some of an edge's flows. */
export interface SideAttribution {
  /** The policy side: `egress` (source's policy, EGRESS observations) or `ingress`. */
  readonly side: 'egress' | 'ingress';
  readonly recorded: RecordedSide;
  readonly computed: ComputedSide;
  /** Recorded policies the computed decision does not name (implicit rules aside): the disagreement. */
  readonly unexplained: readonly RecordedPolicyKey[];
  /** `allowed by CiliumNetworkPolicy/ns/a`, or `nothing (…why, with the Cilium version…)`. */
  readonly recordedText: string;
  /** `allowed by …`, `denied by …`, `default deny (enabled by …)`, `not enforced (no egress policy)`. */
  readonly computedText: string;
}

export interface EdgeAttribution {
  readonly recorded: RecordedAttribution;
  /** One per observed direction with a decision (EGRESS → egress, INGRESS and unknown → ingress). */
  readonly sides: readonly SideAttribution[];
  /** The verdict agrees somewhere while Cilium names a policy the computed decision does not. */
  readonly differs: boolean;
}

export interface CheckedEdge {
  readonly edge: FlowEdge;
  readonly predicted: 'allowed' | 'denied' | null;
  readonly mismatch: boolean;
  readonly mismatchClass: MismatchClass;
  /** Why, in one sentence (names the AUDIT case, the deciding side, the unknown peer). */
  readonly reason: string;
  readonly decision: Decision | null;
  /** Cilium recorded vs computed; null without a decision (unknown endpoint, no L4). */
  readonly attribution: EdgeAttribution | null;
  /** The likely cause of the mismatch class (every class but `match` has one). */
  readonly cause: LikelyCause | null;
  /** Identity labels the flows show for either end but the inventory lacks, and the reverse (`k8s:` labels only). */
  readonly labelsOnlyInFlows: readonly string[];
  readonly labelsOnlyInInventory: readonly string[];
}

export interface CrossCheckResult {
  /** Same order as `aggregate.edges`. */
  readonly edges: readonly CheckedEdge[];
  readonly counts: Readonly<Record<MismatchClass, number>>;
  /** One `unknown-endpoint` diagnostic per peer missing from the inventory. */
  readonly diagnostics: readonly Diagnostic[];
  /** What per-flow checks (`checkFlowSample`) need besides the edge: the engine's Cilium version and the loaded policy keys. */
  readonly context: FlowCheckContext;
}

export interface FlowCheckContext {
  /** `EngineSettings.ciliumVersion` (`1.19`): decides what an empty attribution means. */
  readonly ciliumVersion: string;
  /** Keys (`CiliumNetworkPolicy/ns/name`…) of every loaded policy. */
  readonly loadedPolicies: readonly RecordedPolicyKey[];
}

/** The context of per-flow checks for an engine model. */
export function flowCheckContext(model: EngineModel): FlowCheckContext {
  return { ciliumVersion: model.settings.ciliumVersion, loadedPolicies: [...new Set(model.cluster.policies.map((p) => policyRefKey(p.ref)))].sort() };
}

const PASSED: readonly Verdict[] = ['FORWARDED', 'REDIRECTED', 'TRACED', 'TRANSLATED'];

type Resolved = { readonly ok: true; readonly endpoint: Endpoint } | { readonly ok: false; readonly why: string };

const ENTITIES: readonly ReservedEntity[] = ['host', 'remote-node', 'kube-apiserver', 'health', 'init', 'ingress', 'unmanaged', 'world'];

/**
 * The engine's view of one side of an edge; `null` endpoint when the inventory does not know it,
 * unless an agent's ipcache gives it an identity at its address (engine/ipcachePeer.ts
 * ipcachePeerOfFlow: a pod of another cluster, one newer than the inventory).
 */
export function endpointOfPeer(model: EngineModel, peer: FlowPeer): Resolved {
  const r = inventoryEndpointOf(model, peer);
  return r.ok || !model.cluster.agentIpcache ? r : (ipcacheCode.get().ipcachePeerOfFlow(model, peer) ?? r);
}

function inventoryEndpointOf(model: EngineModel, peer: FlowPeer): Resolved {
  switch (peer.kind) {
    case 'workload':
    case 'pod': {
      const name = peer.kind === 'workload' ? `${peer.workloadKind}/${peer.name}` : peer.name;
      const r = resolvePeerRef(model, { kind: 'named', namespace: peer.namespace, name });
      if (r.ok) return { ok: true, endpoint: r.value.endpoint };
      return { ok: false, why: `${peer.key} is not in the inventory` };
    }
    case 'identity':
      return { ok: false, why: `identity ${peer.identity} has no pod or workload name in the flows` };
    case 'reserved': {
      const entity = ENTITIES.find((e) => e === peer.entity);
      if (entity === undefined) return { ok: false, why: `reserved identity ${peer.entity} is not one the engine models` };
      return { ok: true, endpoint: { kind: 'entity', entity, display: `entity:${entity}` } };
    }
    case 'fqdn':
      return { ok: true, endpoint: { kind: 'fqdn', name: peer.name, ip: peer.evidence.ips[0] ?? null, display: `fqdn:${peer.name}` } };
    case 'ip': {
      const r = resolvePeerRef(model, { kind: 'ip', ip: peer.ip });
      if (r.ok) return { ok: true, endpoint: r.value.endpoint };
      return { ok: false, why: r.error };
    }
    case 'unknown':
      return { ok: false, why: 'the flows name neither endpoint, identity nor address for this side' };
  }
}

function queryProtocol(p: EdgeProtocol): QueryProtocol | null {
  switch (p) {
    case 'TCP':
    case 'UDP':
    case 'SCTP':
      return p;
    case 'ICMPv4':
      return 'ICMP';
    case 'ICMPv6':
      return 'ICMPv6';
    case 'VRRP':
    case 'IGMP':
    case 'NONE':
      return null;
  }
}

function sum(counts: DirectionCounts, verdicts: readonly Verdict[]): number {
  let n = 0;
  for (const v of verdicts) n += counts.verdicts[v] ?? 0;
  return n;
}

/** What the flows observed at one direction say, against the side(s) of the decision that decided them. */
function compareDirection(dir: TrafficDirection, c: DirectionCounts, d: Decision): { cls: MismatchClass; reason: string } {
  const decidedBy: SideDecision | null = dir === 'EGRESS' ? d.egress : dir === 'INGRESS' ? d.ingress : null;
  // EGRESS observations only passed the source's egress; INGRESS (and unknown) ones passed both sides.
  const allowsPass = dir === 'EGRESS' ? d.egress.verdict === 'allowed' : d.verdict === 'allowed';
  const deniesHere = decidedBy === null ? d.verdict === 'denied' : decidedBy.verdict === 'denied';
  const where = dir === 'EGRESS' ? 'at egress' : dir === 'INGRESS' ? 'at ingress' : '';
  const audit = c.verdicts.AUDIT ?? 0;
  const passed = sum(c, PASSED);
  const denier = dir === 'INGRESS' && d.ingress.verdict === 'denied' ? d.ingress : d.egress.verdict === 'denied' ? d.egress : d.ingress;
  if (c.policyDrops > 0 && !deniesHere) {
    return { cls: 'observed-denied-predicted-allowed', reason: `${plural(c.policyDrops, 'flow')} dropped by policy ${where} although the loaded policies allow it (${(decidedBy ?? d.egress).text})` };
  }
  if (audit > 0 && !allowsPass && !d.audit) {
    return {
      cls: 'observed-allowed-predicted-denied',
      reason: `${plural(audit, 'AUDIT flow')} ${where}: the traffic passed in policy audit mode although policy denies it (${denier.text})`,
    };
  }
  if (passed > 0 && !allowsPass) {
    return {
      cls: 'observed-allowed-predicted-denied',
      reason: `${plural(passed, 'flow')} passed ${where} that the loaded policies deny (${denier.text}); the policy set may be stale or the inventory incomplete`,
    };
  }
  const drops = c.verdicts.DROPPED ?? 0;
  if (drops - c.policyDrops - c.l7Denied > 0) return { cls: 'non-policy-drop', reason: `${plural(drops - c.policyDrops - c.l7Denied, 'flow')} dropped ${where} for a reason other than policy` };
  return { cls: 'match', reason: '' };
}

const SEVERITY: Readonly<Record<MismatchClass, number>> = {
  'observed-denied-predicted-allowed': 6,
  'observed-allowed-predicted-denied': 5,
  'recorded-policy-differs': 4,
  'unknown-endpoint': 3,
  'non-policy-drop': 2,
  'not-evaluated': 1,
  match: 0,
};

function keysOfRules(rules: readonly RuleRef[]): RecordedPolicyKey[] {
  return [...new Set(rules.map(policyRefKey))].sort();
}

/** The computed side in Hubble's terms: which policies Cilium would name for it. */
export function computedSide(s: SideDecision): ComputedSide & { readonly defaultDenyBy: readonly RecordedPolicyKey[] } {
  const peerPaths = s.matched.map((m) => m.peerPath ?? '');
  const allowed = s.verdict === 'allowed';
  let allowedBy: RecordedPolicyKey[] = [];
  if (allowed && s.reason === 'allowed') allowedBy = s.rules.length > 0 ? keysOfRules(s.rules) : [implicitPolicyKey(s.attribution)];
  return {
    verdict: s.verdict,
    reason: s.reason,
    allowedBy,
    deniedBy: s.reason === 'explicit-deny' ? keysOfRules(s.rules) : [],
    defaultDenyBy: keysOfRules(s.defaultDenyFrom),
    allowedByFqdn: allowed && peerPaths.some((p) => /FQDNs/.test(p)),
    allowedByCidr: allowed && peerPaths.some((p) => /CIDR|ipBlock/.test(p)),
  };
}

function computedText(c: ComputedSide & { readonly defaultDenyBy: readonly RecordedPolicyKey[] }, side: 'egress' | 'ingress'): string {
  switch (c.reason) {
    case 'allowed':
      return `allowed by ${formatPolicyKeys(c.allowedBy)}`;
    case 'explicit-deny':
      return `denied by ${formatPolicyKeys(c.deniedBy)}`;
    case 'auth-denied':
      return 'dropped: the allowing rule asks for authentication mode test-always-fail (AUTH_REQUIRED)';
    case 'default-deny':
      return c.defaultDenyBy.length > 0 ? `default deny (no allow rule matches; enabled by ${formatPolicyKeys(c.defaultDenyBy)})` : 'default deny (no allow rule matches)';
    case 'no-policy':
      return `not enforced (no ${side} policy selects it)`;
    case 'not-applicable':
      return 'not enforced (not a Cilium endpoint)';
  }
}

/**
 * Why Cilium recorded no policy for flows of this side, version-aware (see attribution.ts):
 * only policy-verdict events are attributed, and before 1.20 never default-deny drops or AUDIT.
 */
function nothingRecorded(c: DirectionCounts, ciliumVersion: string): string {
  const pv = c.policyVerdicts ?? 0;
  if (pv === 0) return 'nothing (no policy-verdict events for it in the export: Hubble attributes only those, from Cilium 1.15)';
  const dropped = c.verdicts.DROPPED ?? 0;
  const audit = c.verdicts.AUDIT ?? 0;
  const passed = sum(c, PASSED);
  if (passed === 0 && dropped + audit > 0) {
    if (!versionAtLeast(ciliumVersion, '1.20'))
      return `nothing, as expected: Cilium ${ciliumVersion} records no policy for default-deny drops (POLICY_DENIED) or AUDIT verdicts (from 1.20 it names them for AUDIT, cilium/cilium#45373)`;
    return `nothing, as expected for default-deny drops (POLICY_DENIED): no rule matched, so there is no policy to name`;
  }
  return 'nothing (policy correlation off, hubble-network-policy-correlation-enabled, or not possible for this rule, e.g. port ranges: cilium/cilium#45761)';
}

function recordedText(r: RecordedSide, c: DirectionCounts, ciliumVersion: string): string {
  const parts: string[] = [];
  if (r.allowedBy.length > 0) parts.push(`allowed by ${r.allowedBy.join(', ')}`);
  if (r.deniedBy.length > 0) parts.push(`denied by ${r.deniedBy.join(', ')}`);
  return parts.length > 0 ? parts.join('; ') : nothingRecorded(c, ciliumVersion);
}

/** Recorded policies the computed side does not name; implicit rules (allow-any-*, allow-localhost-ingress) are never held against it. */
function unexplainedOf(r: RecordedSide, c: ComputedSide & { readonly defaultDenyBy: readonly RecordedPolicyKey[] }): RecordedPolicyKey[] {
  const out: RecordedPolicyKey[] = [];
  // Only what can be compared on the same verdict: allows against allows, denies against denies
  // (a recorded deny on an allowed side is a verdict mismatch, classed as such).
  if (c.verdict === 'allowed') for (const k of r.allowedBy) if (!k.startsWith('implicit/') && !c.allowedBy.includes(k)) out.push(k);
  if (c.verdict === 'denied')
    for (const k of r.deniedBy) if (!k.startsWith('implicit/') && !c.deniedBy.includes(k) && !c.defaultDenyBy.includes(k)) out.push(k);
  return out;
}

function sideAttribution(dir: TrafficDirection, c: DirectionCounts, recorded: RecordedAttribution, d: Decision, ciliumVersion: string): SideAttribution {
  const side = dir === 'EGRESS' ? 'egress' : 'ingress';
  const s = side === 'egress' ? d.egress : d.ingress;
  const r = side === 'egress' ? recorded.egress : recorded.ingress;
  const computed = computedSide(s);
  return { side, recorded: r, computed, unexplained: unexplainedOf(r, computed), recordedText: recordedText(r, c, ciliumVersion), computedText: computedText(computed, side) };
}

/** `k8s:` identity labels present on one side only (the flows' evidence vs the inventory's endpoint). */
function labelDiff(peer: FlowPeer, endpoint: Endpoint | null): { onlyInFlows: string[]; onlyInInventory: string[] } {
  if (endpoint === null || endpoint.kind !== 'endpoint' || peer.evidence.labels.length === 0) return { onlyInFlows: [], onlyInInventory: [] };
  const k8s = (l: string) => l.startsWith('k8s:') && !l.startsWith('k8s:io.cilium.k8s.policy.cluster=');
  const flow = new Set(peer.evidence.labels.filter(k8s));
  const inv = new Set(endpoint.labels.filter(k8s));
  return { onlyInFlows: [...flow].filter((l) => !inv.has(l)).sort(), onlyInInventory: [...inv].filter((l) => !flow.has(l)).sort() };
}

function isHost(peer: FlowPeer): boolean {
  return peer.kind === 'reserved' && (peer.entity === 'host' || peer.entity === 'remote-node');
}

const IN_CLUSTER: ReadonlySet<FlowPeer['kind']> = new Set(['workload', 'pod', 'identity']);

interface CauseBase {
  readonly edge: FlowEdge;
  readonly loadedPolicies: ReadonlySet<RecordedPolicyKey>;
  readonly labelsOnlyInFlows: readonly string[];
  readonly labelsOnlyInInventory: readonly string[];
}

function evidenceOf(
  base: CauseBase,
  cls: Exclude<MismatchClass, 'match'>,
  dir: TrafficDirection,
  c: DirectionCounts | null,
  drops: Readonly<Record<string, number>>,
  recorded: RecordedSide,
  computed: ComputedSide | null,
  noDecisionWhy?: string,
  flow?: { readonly remoteIdentities: readonly number[]; readonly observationPoints: readonly string[] },
): CauseEvidence {
  const e = base.edge;
  const remote = dir === 'INGRESS' ? e.source : e.destination;
  const local = dir === 'INGRESS' ? e.destination : e.source;
  // Edge level: the identities the flows gave the remote side, and the observation points of the
  // sampled flows of this direction (the sample keeps drops first), so the ingest does no extra work per flow.
  const points = flow?.observationPoints ?? [...new Set(e.sample.filter((s) => s.direction === dir && s.observationPoint !== '').map((s) => s.observationPoint))].sort();
  return {
    mismatchClass: cls,
    direction: dir,
    verdicts: c?.verdicts ?? e.verdicts,
    drops,
    l7Denied: c?.l7Denied ?? e.l7.denied,
    observationPoints: points,
    remoteIdentities: flow?.remoteIdentities ?? remote.evidence.identities,
    remoteInCluster: IN_CLUSTER.has(remote.kind),
    remoteName: remote.key,
    localIsHost: isHost(local),
    recorded,
    computed,
    loadedPolicies: base.loadedPolicies,
    labelsOnlyInFlows: base.labelsOnlyInFlows,
    labelsOnlyInInventory: base.labelsOnlyInInventory,
    ...(noDecisionWhy === undefined ? {} : { noDecisionWhy }),
  };
}

const NO_RECORD: RecordedSide = { allowedBy: [], deniedBy: [] };

/**
 * One edge against the engine: verdict class per observation direction (the most severe wins),
 * Cilium's attribution against the computed one, and the likely cause of any mismatch.
 * `context` defaults to the model's (pass crossCheck's to avoid recomputing the policy keys).
 */
export function checkEdge(model: EngineModel, edge: FlowEdge, context?: FlowCheckContext): CheckedEdge & { readonly unknown: readonly string[] } {
  const ctx = context ?? flowCheckContext(model);
  const loadedPolicies = new Set(ctx.loadedPolicies);
  const recorded = recordedAttribution(edge);
  const noLabels = { labelsOnlyInFlows: [] as string[], labelsOnlyInInventory: [] as string[] };
  const protocol = queryProtocol(edge.protocol);
  if (protocol === null || edge.port === null) {
    const cause = likelyCause(evidenceOf({ edge, loadedPolicies, ...noLabels }, 'not-evaluated', 'TRAFFIC_DIRECTION_UNKNOWN', null, edge.drops, NO_RECORD, null));
    return { edge, predicted: null, mismatch: false, mismatchClass: 'not-evaluated', reason: 'no port and protocol that policy matches on', decision: null, attribution: null, cause, ...noLabels, unknown: [] };
  }
  const from = endpointOfPeer(model, edge.source);
  const to = endpointOfPeer(model, edge.destination);
  if (!from.ok || !to.ok) {
    const unknown = [...(from.ok ? [] : [edge.source.key]), ...(to.ok ? [] : [edge.destination.key])];
    const why = [from.ok ? null : from.why, to.ok ? null : to.why].filter((w) => w !== null).join('; ');
    // The unknown side is the remote one for the cause: the observing agent is the known side's.
    const dir: TrafficDirection = from.ok ? 'EGRESS' : 'INGRESS';
    const cause = likelyCause(evidenceOf({ edge, loadedPolicies, ...noLabels }, 'unknown-endpoint', dir, edge.byDirection?.[dir] ?? null, edge.drops, NO_RECORD, null, `no prediction: ${why}`));
    return { edge, predicted: null, mismatch: false, mismatchClass: 'unknown-endpoint', reason: `no prediction: ${why}`, decision: null, attribution: null, cause, ...noLabels, unknown };
  }
  const names = edge.destination.kind === 'fqdn' || edge.destination.kind === 'ip' ? edge.destination.evidence.names : [];
  const decision = decide(model, { from: from.endpoint, to: to.endpoint, port: edge.port, protocol, ...(names.length > 0 ? { destinationNames: names } : {}) });
  const ls = labelDiff(edge.source, from.endpoint);
  const ld = labelDiff(edge.destination, to.endpoint);
  const base: CauseBase = {
    edge,
    loadedPolicies,
    labelsOnlyInFlows: [...new Set([...ls.onlyInFlows, ...ld.onlyInFlows])].sort(),
    labelsOnlyInInventory: [...new Set([...ls.onlyInInventory, ...ld.onlyInInventory])].sort(),
  };
  let cls: MismatchClass = 'match';
  let reason = '';
  let causeDir: TrafficDirection = 'TRAFFIC_DIRECTION_UNKNOWN';
  const sides: SideAttribution[] = [];
  for (const [dir, counts] of Object.entries(edge.byDirection ?? {}) as [TrafficDirection, DirectionCounts][]) {
    const attr = sideAttribution(dir, counts, recorded, decision, ctx.ciliumVersion);
    if (!sides.some((x) => x.side === attr.side)) sides.push(attr);
    let r = compareDirection(dir, counts, decision);
    if ((r.cls === 'match' || r.cls === 'non-policy-drop') && attr.unexplained.length > 0) {
      r = {
        cls: 'recorded-policy-differs',
        reason: `the verdict agrees ${dir === 'EGRESS' ? 'at egress' : 'at ingress'}, but Cilium recorded ${attr.recordedText} where the loaded policies give ${attr.computedText}`,
      };
    }
    if (SEVERITY[r.cls] > SEVERITY[cls]) {
      cls = r.cls;
      reason = r.reason;
      causeDir = dir;
    }
  }
  const mismatch = cls === 'observed-allowed-predicted-denied' || cls === 'observed-denied-predicted-allowed' || cls === 'recorded-policy-differs';
  let cause: LikelyCause | null = null;
  if (cls !== 'match') {
    const attr = sides.find((x) => x.side === (causeDir === 'EGRESS' ? 'egress' : 'ingress'));
    const counts = edge.byDirection?.[causeDir] ?? null;
    cause = likelyCause(evidenceOf(base, cls, causeDir, counts, edge.drops, attr?.recorded ?? NO_RECORD, attr?.computed ?? null));
  }
  const attribution: EdgeAttribution = { recorded, sides, differs: sides.some((x) => x.unexplained.length > 0) };
  return {
    edge,
    predicted: decision.verdict,
    mismatch,
    mismatchClass: cls,
    reason,
    decision,
    attribution,
    cause,
    labelsOnlyInFlows: base.labelsOnlyInFlows,
    labelsOnlyInInventory: base.labelsOnlyInInventory,
    unknown: [],
  };
}

/** One observed flow against its edge's check: what Cilium recorded for it, what is computed, and any mismatch with its likely cause. */
export interface CheckedFlow {
  /** `allowed by CiliumNetworkPolicy/ns/name`, or `nothing (…why…)`. */
  readonly recordedText: string;
  /** What the loaded policies give for the side that decided this flow; '' without a decision. */
  readonly computedText: string;
  readonly mismatchClass: MismatchClass;
  readonly mismatch: boolean;
  readonly cause: LikelyCause | null;
}

/** The per-flow check of a sampled flow of `checked.edge` (the same rules as the edge's, on one flow). */
export function checkFlowSample(sample: FlowSample, checked: CheckedEdge, context: FlowCheckContext): CheckedFlow {
  const dir = sample.direction;
  const policyDrop = sample.verdict === 'DROPPED' && isPolicyDropReason(sample.dropReason);
  const l7Denied = sample.verdict === 'DROPPED' && !policyDrop && sample.eventType === 129 ? 1 : 0;
  const counts: DirectionCounts = {
    verdicts: { [sample.verdict]: 1 },
    policyDrops: policyDrop ? 1 : 0,
    l7Denied,
    policyVerdicts: sample.eventType === 5 ? 1 : 0,
  };
  const own = {
    remoteIdentities: [dir === 'INGRESS' ? sample.sourceIdentity : sample.destinationIdentity],
    observationPoints: sample.observationPoint === '' ? [] : [sample.observationPoint],
  };
  const recorded: RecordedSide = { allowedBy: sample.recordedAllowedBy, deniedBy: sample.recordedDeniedBy };
  const rText = recordedText(recorded, counts, context.ciliumVersion);
  const d = checked.decision;
  const drops: Record<string, number> = sample.dropReason === null ? {} : { [sample.dropReason]: 1 };
  const base: CauseBase = { edge: checked.edge, loadedPolicies: new Set(context.loadedPolicies), labelsOnlyInFlows: checked.labelsOnlyInFlows, labelsOnlyInInventory: checked.labelsOnlyInInventory };
  if (d === null) {
    const cls = checked.mismatchClass === 'match' ? 'not-evaluated' : checked.mismatchClass;
    return { recordedText: rText, computedText: '', mismatchClass: checked.mismatchClass, mismatch: false, cause: likelyCause(evidenceOf(base, cls, dir, counts, drops, recorded, null, undefined, own)) };
  }
  const side = dir === 'EGRESS' ? 'egress' : 'ingress';
  const computed = computedSide(side === 'egress' ? d.egress : d.ingress);
  let { cls } = compareDirection(dir, counts, d);
  if ((cls === 'match' || cls === 'non-policy-drop') && unexplainedOf(recorded, computed).length > 0) cls = 'recorded-policy-differs';
  const mismatch = cls === 'observed-allowed-predicted-denied' || cls === 'observed-denied-predicted-allowed' || cls === 'recorded-policy-differs';
  return {
    recordedText: rText,
    computedText: computedText(computed, side),
    mismatchClass: cls,
    mismatch,
    cause: cls === 'match' ? null : likelyCause(evidenceOf(base, cls, dir, counts, drops, recorded, computed, undefined, own)),
  };
}

/** Cross-checks every request edge (replies follow connection tracking and are not evaluated, D.7). */
export function crossCheck(aggregate: FlowAggregate, model: EngineModel): CrossCheckResult {
  const context = flowCheckContext(model);
  const counts = Object.fromEntries(MISMATCH_CLASSES.map((c) => [c, 0])) as Record<MismatchClass, number>;
  const unknownFlows = new Map<string, number>();
  const edges = aggregate.edges.map((edge) => {
    const { unknown, ...checked } = checkEdge(model, edge, context);
    counts[checked.mismatchClass]++;
    for (const k of unknown) unknownFlows.set(k, (unknownFlows.get(k) ?? 0) + edge.flows);
    return checked;
  });
  const diagnostics: Diagnostic[] = [...unknownFlows.keys()].sort().map((key) => ({
    file: '(flows)',
    document: -1,
    line: 0,
    column: 0,
    path: key,
    severity: 'warning',
    code: 'unknown-endpoint',
    message: `${key} appears in ${plural(unknownFlows.get(key) ?? 0, 'flow')} but is not in the loaded inventory: its edges get no predicted verdict. Load the inventory of its namespace (kubectl get ns,deploy,sts,ds,pods -o yaml).`,
  }));
  return { edges, counts, diagnostics, context };
}
