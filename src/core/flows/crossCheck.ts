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
import type { Decision, Endpoint, QueryProtocol, ReservedEntity, SideDecision } from '../engine/types.ts';
import type { TrafficDirection, Verdict } from '../hubble/enums.ts';
import type { DirectionCounts, EdgeProtocol, FlowAggregate, FlowEdge, FlowPeer } from './types.ts';

/**
 * - `match`: what was observed is what the policies say.
 * - `observed-allowed-predicted-denied`: traffic passed that the loaded policies deny (AUDIT
 *   verdicts in policy audit mode, a stale policy set, or inventory missing a label).
 * - `observed-denied-predicted-allowed`: dropped by policy (POLICY_DENIED / POLICY_DENY) although
 *   the loaded policies allow it.
 * - `non-policy-drop`: drops for datapath reasons (CT map full, no backend…): shown, not a mismatch.
 * - `unknown-endpoint`: a side is not in the inventory, so no prediction (also a diagnostic).
 * - `not-evaluated`: the flows carry no port or protocol policy can match on (no L4, VRRP, IGMP).
 */
export type MismatchClass =
  | 'match'
  | 'observed-allowed-predicted-denied'
  | 'observed-denied-predicted-allowed'
  | 'non-policy-drop'
  | 'unknown-endpoint'
  | 'not-evaluated';

export const MISMATCH_CLASSES: readonly MismatchClass[] = [
  'match',
  'observed-allowed-predicted-denied',
  'observed-denied-predicted-allowed',
  'non-policy-drop',
  'unknown-endpoint',
  'not-evaluated',
];

export interface CheckedEdge {
  readonly edge: FlowEdge;
  readonly predicted: 'allowed' | 'denied' | null;
  readonly mismatch: boolean;
  readonly mismatchClass: MismatchClass;
  /** Why, in one sentence (names the AUDIT case, the deciding side, the unknown peer). */
  readonly reason: string;
  readonly decision: Decision | null;
}

export interface CrossCheckResult {
  /** Same order as `aggregate.edges`. */
  readonly edges: readonly CheckedEdge[];
  readonly counts: Readonly<Record<MismatchClass, number>>;
  /** One `unknown-endpoint` diagnostic per peer missing from the inventory. */
  readonly diagnostics: readonly Diagnostic[];
}

const PASSED: readonly Verdict[] = ['FORWARDED', 'REDIRECTED', 'TRACED', 'TRANSLATED'];

type Resolved = { readonly ok: true; readonly endpoint: Endpoint } | { readonly ok: false; readonly why: string };

const ENTITIES: readonly ReservedEntity[] = ['host', 'remote-node', 'kube-apiserver', 'health', 'init', 'ingress', 'unmanaged', 'world'];

/** The engine's view of one side of an edge; `null` endpoint when the inventory does not know it. */
export function endpointOfPeer(model: EngineModel, peer: FlowPeer): Resolved {
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
    return { cls: 'observed-denied-predicted-allowed', reason: `${c.policyDrops} flow(s) dropped by policy ${where} although the loaded policies allow it (${(decidedBy ?? d.egress).text})` };
  }
  if (audit > 0 && !allowsPass && !d.audit) {
    return {
      cls: 'observed-allowed-predicted-denied',
      reason: `${audit} AUDIT flow(s) ${where}: the traffic passed in policy audit mode although policy denies it (${denier.text})`,
    };
  }
  if (passed > 0 && !allowsPass) {
    return {
      cls: 'observed-allowed-predicted-denied',
      reason: `${passed} flow(s) passed ${where} that the loaded policies deny (${denier.text}); the policy set may be stale or the inventory incomplete`,
    };
  }
  const drops = c.verdicts.DROPPED ?? 0;
  if (drops - c.policyDrops - c.l7Denied > 0) return { cls: 'non-policy-drop', reason: `${drops - c.policyDrops - c.l7Denied} flow(s) dropped ${where} for a reason other than policy` };
  return { cls: 'match', reason: '' };
}

const SEVERITY: Readonly<Record<MismatchClass, number>> = {
  'observed-denied-predicted-allowed': 5,
  'observed-allowed-predicted-denied': 4,
  'unknown-endpoint': 3,
  'non-policy-drop': 2,
  'not-evaluated': 1,
  match: 0,
};

export function checkEdge(model: EngineModel, edge: FlowEdge): CheckedEdge & { readonly unknown: readonly string[] } {
  const protocol = queryProtocol(edge.protocol);
  if (protocol === null || edge.port === null) {
    return { edge, predicted: null, mismatch: false, mismatchClass: 'not-evaluated', reason: 'no port and protocol that policy matches on', decision: null, unknown: [] };
  }
  const from = endpointOfPeer(model, edge.source);
  const to = endpointOfPeer(model, edge.destination);
  if (!from.ok || !to.ok) {
    const unknown = [...(from.ok ? [] : [edge.source.key]), ...(to.ok ? [] : [edge.destination.key])];
    const why = [from.ok ? null : from.why, to.ok ? null : to.why].filter((w) => w !== null).join('; ');
    return { edge, predicted: null, mismatch: false, mismatchClass: 'unknown-endpoint', reason: `no prediction: ${why}`, decision: null, unknown };
  }
  const names = edge.destination.kind === 'fqdn' || edge.destination.kind === 'ip' ? edge.destination.evidence.names : [];
  const decision = decide(model, { from: from.endpoint, to: to.endpoint, port: edge.port, protocol, ...(names.length > 0 ? { destinationNames: names } : {}) });
  let cls: MismatchClass = 'match';
  let reason = '';
  for (const [dir, counts] of Object.entries(edge.byDirection ?? {}) as [TrafficDirection, DirectionCounts][]) {
    const r = compareDirection(dir, counts, decision);
    if (SEVERITY[r.cls] > SEVERITY[cls]) {
      cls = r.cls;
      reason = r.reason;
    }
  }
  const mismatch = cls === 'observed-allowed-predicted-denied' || cls === 'observed-denied-predicted-allowed';
  return { edge, predicted: decision.verdict, mismatch, mismatchClass: cls, reason, decision, unknown: [] };
}

/** Cross-checks every request edge (replies follow connection tracking and are not evaluated, D.7). */
export function crossCheck(aggregate: FlowAggregate, model: EngineModel): CrossCheckResult {
  const counts = Object.fromEntries(MISMATCH_CLASSES.map((c) => [c, 0])) as Record<MismatchClass, number>;
  const unknownFlows = new Map<string, number>();
  const edges = aggregate.edges.map((edge) => {
    const { unknown, ...checked } = checkEdge(model, edge);
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
    message: `${key} appears in ${unknownFlows.get(key)} flow(s) but is not in the loaded inventory: its edges get no predicted verdict. Load the inventory of its namespace (kubectl get ns,deploy,sts,ds,pods -o yaml).`,
  }));
  return { edges, counts, diagnostics };
}
