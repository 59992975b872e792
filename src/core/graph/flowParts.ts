/**
 * Observed edges: every request edge of the FlowAggregate becomes a part. Its verdict is what the
 * loaded policy predicts for the observed port (so the edge joins the policy edge it confirms);
 * without a prediction it is read from the flows (drop reason POLICY_DENY → explicit deny,
 * other drops → default deny, forwarded → allowed or not enforced). Flows that disagree with the
 * prediction carry a mismatch class.
 * @internal
 */
import { allPortsOf, emptyPortSet, hasPort, portRange, type PortProto, type PortSet } from '../engine/PortSet.ts';
import type { EdgeProtocol, FlowAggregate, FlowEdge } from '../flows/types.ts';
import type { Verdict } from '../hubble/enums.ts';
import type { EdgePart } from './edgeParts.ts';
import type { Registry } from './registry.ts';
import type { ConnPath, EdgeVerdict, MismatchClass, WorkloadEnforcement } from './types.ts';

export function edgeProto(p: EdgeProtocol): PortProto | null {
  switch (p) {
    case 'TCP':
    case 'UDP':
    case 'SCTP':
    case 'ICMPv6':
      return p;
    case 'ICMPv4':
      return 'ICMP';
    case 'VRRP':
    case 'IGMP':
    case 'NONE':
      return null;
  }
}

function observedPorts(e: FlowEdge): PortSet {
  const proto = edgeProto(e.protocol);
  if (proto === null) return emptyPortSet;
  return e.port === null ? allPortsOf([proto]) : portRange(proto, e.port);
}

/** What policy predicts for this port, or null when no path covers it. */
export function predict(paths: readonly ConnPath[], proto: PortProto | null, port: number | null): EdgeVerdict | null {
  if (proto === null || port === null || paths.length === 0) return null;
  const inSet = (f: (p: ConnPath) => PortSet): boolean => paths.some((p) => hasPort(f(p), proto, port));
  // An end's policy not computed (every port of the path): what policy predicts is not known.
  if (paths.some((p) => p.notComputed)) return 'not-known';
  if (inSet((p) => p.explicitDenied)) return 'explicit-deny';
  if (inSet((p) => p.authDenied ?? emptyPortSet)) return 'auth-denied';
  if (inSet((p) => p.l7Filtered)) return 'l7-filtered';
  const allowing = paths.filter((p) => hasPort(p.allowed, proto, port));
  if (allowing.length > 0) return allowing.every((p) => p.unenforced) ? 'not-enforced' : 'allowed';
  if (inSet((p) => p.defaultDenied)) return 'default-deny';
  return null;
}

const POLICY_DROPS = ['POLICY_DENIED', 'POLICY_DENY'];

function count(v: Readonly<Partial<Record<Verdict, number>>>, k: Verdict): number {
  return v[k] ?? 0;
}

function mismatchOf(predicted: EdgeVerdict | null, e: FlowEdge): MismatchClass | null {
  const forwarded = count(e.verdicts, 'FORWARDED');
  const policyDrops = POLICY_DROPS.reduce((n, r) => n + (e.drops[r] ?? 0), 0);
  const audit = count(e.verdicts, 'AUDIT');
  // Nothing is predicted to disagree with: the flows say what the endpoint enforced.
  if (predicted === 'not-known') return null;
  if (predicted === 'explicit-deny' || predicted === 'default-deny' || predicted === 'auth-denied') {
    if (forwarded + audit > 0) return 'observed-allowed-predicted-denied';
  } else if (predicted !== null && policyDrops > 0) {
    return 'observed-denied-predicted-allowed';
  }
  // AUDIT: the datapath itself says policy would have dropped it.
  if (audit > 0) return 'observed-allowed-predicted-denied';
  return null;
}

/** The verdict flows alone show, split by what happened (a capture can hold both). */
function observedSplit(e: FlowEdge, enforced: boolean | null): { verdict: EdgeVerdict; flows: number; verdicts: Partial<Record<Verdict, number>> }[] {
  const out: { verdict: EdgeVerdict; flows: number; verdicts: Partial<Record<Verdict, number>> }[] = [];
  const deny = e.drops['POLICY_DENY'] ?? 0;
  // Mutual authentication not (yet) established: its own verdict, as policy draws test-always-fail.
  const auth = e.drops['AUTH_REQUIRED'] ?? 0;
  const dropped = count(e.verdicts, 'DROPPED');
  const audit = count(e.verdicts, 'AUDIT');
  const passed = e.flows - dropped - audit;
  if (deny > 0) out.push({ verdict: 'explicit-deny', flows: deny, verdicts: { DROPPED: deny } });
  if (auth > 0) out.push({ verdict: 'auth-denied', flows: auth, verdicts: { DROPPED: auth } });
  if (dropped - deny - auth + audit > 0) {
    const v: Partial<Record<Verdict, number>> = {};
    if (dropped - deny - auth > 0) v.DROPPED = dropped - deny - auth;
    if (audit > 0) v.AUDIT = audit;
    out.push({ verdict: 'default-deny', flows: dropped - deny - auth + audit, verdicts: v });
  }
  if (passed > 0) {
    const v: Partial<Record<Verdict, number>> = { ...e.verdicts };
    delete v.DROPPED;
    delete v.AUDIT;
    const verdict: EdgeVerdict = e.l7.denied > 0 ? 'l7-filtered' : enforced === false ? 'not-enforced' : 'allowed';
    out.push({ verdict, flows: passed, verdicts: v });
  }
  return out;
}

export interface FlowContext {
  /** Connectivity paths by `sourceId|targetId`. */
  readonly paths: ReadonlyMap<string, readonly ConnPath[]>;
  readonly enforcement: ReadonlyMap<string, WorkloadEnforcement> | null;
  readonly mismatches: ReadonlyMap<string, MismatchClass> | undefined;
}

export function flowParts(flows: FlowAggregate, reg: Registry, ctx: FlowContext): EdgePart[] {
  const parts: EdgePart[] = [];
  for (const e of flows.edges) {
    const s = reg.flowPeerId(e.source);
    const t = reg.flowPeerId(e.destination);
    const proto = edgeProto(e.protocol);
    const ports = observedPorts(e);
    const predicted = predict(ctx.paths.get(`${s}|${t}`) ?? [], proto, e.port);
    const mismatch = ctx.mismatches?.get(e.key) ?? mismatchOf(predicted, e);
    const base = { source: s, target: t, ports, rules: [], nearMisses: [], policy: false, mismatch, flowKeys: [e.key], pair: `${s}|${t}` };
    if (predicted !== null) {
      parts.push({ ...base, verdict: predicted, observed: { flows: e.flows, verdicts: e.verdicts, ports } });
      continue;
    }
    for (const split of observedSplit(e, enforcedBetween(ctx.enforcement, e))) {
      parts.push({ ...base, verdict: split.verdict, observed: { flows: split.flows, verdicts: split.verdicts, ports } });
    }
  }
  return parts;
}

/** Whether either side enforces policy for this edge; null when unknown (no engine result). */
function enforcedBetween(enf: ReadonlyMap<string, WorkloadEnforcement> | null, e: FlowEdge): boolean | null {
  if (enf === null) return null;
  const src = e.source.kind === 'workload' ? enf.get(e.source.key) : undefined;
  const dst = e.destination.kind === 'workload' ? enf.get(e.destination.key) : undefined;
  if ((src === undefined && e.source.kind === 'workload') || (dst === undefined && e.destination.kind === 'workload')) return null;
  return (src?.egress ?? false) || (dst?.ingress ?? false);
}
