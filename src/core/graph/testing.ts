/**
 * Builders for graph tests: hand-made connectivity paths in the shape the engine's
 * `connectivity()` is expected to return, and a loaded app-platform fixture.
 * @internal
 */
import { emptyPortSet } from '../engine/PortSet.ts';
import type { RuleRef } from '../engine/types.ts';
import type { ConnPath, ConnSide } from './types.ts';
import type { EdgeProtocol, FlowAggregate, FlowEdge, FlowPeer } from '../flows/types.ts';
import type { Verdict } from '../hubble/enums.ts';

export const wl = (key: string): ConnSide => ({ kind: 'workload', key });
export const world: ConnSide = { kind: 'entity', entity: 'world' };
export const cidr = (c: string): ConnSide => ({ kind: 'cidr', cidr: c });

export function rule(name: string, path: string, namespace: string | null = null): RuleRef {
  return { kind: namespace === null ? 'CiliumClusterwideNetworkPolicy' : 'CiliumNetworkPolicy', namespace, name, path };
}

export function path(source: ConnSide, destination: ConnSide, p: Partial<Omit<ConnPath, 'source' | 'destination'>> = {}): ConnPath {
  return {
    source,
    destination,
    allowed: p.allowed ?? emptyPortSet,
    l7Filtered: p.l7Filtered ?? emptyPortSet,
    explicitDenied: p.explicitDenied ?? emptyPortSet,
    defaultDenied: p.defaultDenied ?? emptyPortSet,
    allowRules: p.allowRules ?? [],
    denyRules: p.denyRules ?? [],
    defaultDenyFrom: p.defaultDenyFrom ?? [],
    nearMisses: p.nearMisses ?? [],
    unenforced: p.unenforced ?? false,
  };
}

const noEvidence = { identities: [], labels: [], ips: [], names: [], clusters: [] };

export function flowWorkload(ns: string, name: string, kind = 'Pod'): FlowPeer {
  return { kind: 'workload', key: `${ns}/${kind}/${name}`, namespace: ns, workloadKind: kind, name, evidence: noEvidence };
}
export function flowIp(ip: string): FlowPeer {
  return { kind: 'ip', key: `ip:${ip}`, ip, evidence: noEvidence };
}

export function flowEdge(
  source: FlowPeer,
  destination: FlowPeer,
  protocol: EdgeProtocol,
  port: number | null,
  verdicts: Partial<Record<Verdict, number>>,
  drops: Record<string, number> = {},
): FlowEdge {
  const flows = Object.values(verdicts).reduce((a, b) => a + (b ?? 0), 0);
  return {
    key: `${source.key}\n${destination.key}\n${protocol}/${port ?? ''}`,
    source,
    destination,
    port,
    protocol,
    flows,
    verdicts,
    drops,
    directions: {},
    flags: { syn: 0, synAck: 0, fin: 0, rst: 0 },
    firstTime: null,
    lastTime: null,
    replies: null,
    policies: [],
    l7: { dns: 0, http: 0, kafka: 0, denied: 0 },
    sample: [],
  };
}

export function aggregate(edges: readonly FlowEdge[]): FlowAggregate {
  return {
    totals: {
      flows: 0,
      replies: 0,
      skipped: { nodeStatus: 0, lostEvents: 0, events: 0, invalid: 0, total: 0 },
      eventsLost: 0,
      byVerdict: {},
      byDropReason: {},
      bytes: 0,
      firstTime: null,
      lastTime: null,
    },
    edges: [...edges].sort((a, b) => (a.key < b.key ? -1 : 1)),
    replyOnlyEdges: [],
    diagnostics: [],
  };
}
