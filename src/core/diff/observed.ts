/**
 * Observed flows whose verdict a policy change flips: every request edge of a FlowAggregate is
 * decided in both policy sets (as the flows cross-check does); edges that change are returned.
 * @internal
 */
import type { EngineModel } from '../engine/compile.ts';
import { decide } from '../engine/decide.ts';
import type { Endpoint, QueryProtocol } from '../engine/types.ts';
import { endpointOfPeer } from '../flows/crossCheck.ts';
import type { EdgeProtocol, FlowAggregate } from '../flows/types.ts';
import type { ObservedChange } from './types.ts';

export interface ObservedOnPath {
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly change: ObservedChange;
}

const PROTO: Partial<Record<EdgeProtocol, QueryProtocol>> = { TCP: 'TCP', UDP: 'UDP', SCTP: 'SCTP', ICMPv4: 'ICMP', ICMPv6: 'ICMPv6' };
const PASSED = ['FORWARDED', 'REDIRECTED', 'TRACED', 'TRANSLATED', 'AUDIT'] as const;

/**
 * `unchanged(from, to)`: true when the connection's verdict is known to be the same in both sets
 * (a what-if update: neither side's inputs changed, `sameSide`), so it is not decided twice.
 */
export function observedChanges(before: EngineModel, after: EngineModel, aggregate: FlowAggregate, unchanged?: (from: Endpoint, to: Endpoint) => boolean): ObservedOnPath[] {
  const out: ObservedOnPath[] = [];
  for (const edge of aggregate.edges) {
    const protocol = PROTO[edge.protocol];
    if (protocol === undefined || edge.port === null) continue;
    const from = endpointOfPeer(after, edge.source);
    const to = endpointOfPeer(after, edge.destination);
    if (!from.ok || !to.ok) continue;
    const names = edge.destination.kind === 'fqdn' || edge.destination.kind === 'ip' ? edge.destination.evidence.names : [];
    if (unchanged?.(from.endpoint, to.endpoint) === true) continue;
    const q = { from: from.endpoint, to: to.endpoint, port: edge.port, protocol, ...(names.length > 0 ? { destinationNames: names } : {}) };
    const b = decide(before, q).verdict;
    const a = decide(after, q).verdict;
    if (a === b) continue;
    const passed = PASSED.reduce((n, v) => n + (edge.verdicts[v] ?? 0), 0);
    out.push({
      from: from.endpoint,
      to: to.endpoint,
      change: {
        source: edge.source.key,
        destination: edge.destination.key,
        port: edge.port,
        protocol: edge.protocol,
        flows: edge.flows,
        passed,
        dropped: edge.verdicts.DROPPED ?? 0,
        before: b,
        after: a,
        effect: a === 'denied' ? 'breaks' : 'unblocks',
      },
    });
  }
  return out;
}
