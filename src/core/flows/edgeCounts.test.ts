import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Flow } from '../hubble/Flow.ts';
import { isPolicyDropReason, TRAFFIC_DIRECTIONS, VERDICTS } from '../hubble/enums.ts';
import { parseFlowRecord } from '../hubble/parseFlow.ts';
import { ingestTexts } from './ingest.ts';
import { peerKey } from './peer.ts';
import { minuteOf } from './timeline.ts';

/**
 * The per-edge counts the aggregator keeps in compact form (direction counts in one array, the
 * evidence lists, the per-minute timeline), against a plain reference computed from the parsed
 * flows of every line, on random lines mixing directions, verdicts, drop reasons, event types,
 * replies, peers with and without workloads, identities, clusters and addresses.
 */

const PEERS = [
  { namespace: 'a', pod_name: 'web-1', identity: 1001, cluster_name: 'c1', labels: ['k8s:app=web'], workloads: [{ name: 'web', kind: 'Deployment' }] },
  { namespace: 'a', pod_name: 'web-2', identity: 1001, cluster_name: 'c2', labels: ['k8s:app=web'], workloads: [{ name: 'web', kind: 'Deployment' }] },
  { namespace: 'a', pod_name: 'web-3', identity: 1004, labels: ['k8s:app=web', 'k8s:v=2'], workloads: [{ name: 'web', kind: 'Deployment' }] },
  { namespace: 'b', pod_name: 'db-0', identity: 2002, cluster_name: 'c1', labels: ['k8s:app=db'], workloads: [{ name: 'db', kind: 'StatefulSet' }] },
  { namespace: 'b', pod_name: 'job-x', identity: 0, labels: ['k8s:z=1'] },
  { namespace: 'b', pod_name: 'job-x', identity: 0, labels: ['k8s:a=1'] },
  { identity: 2, labels: ['reserved:world'] },
  { identity: 16777217, labels: ['cidr:8.8.8.8/32', 'reserved:world'] },
];
const IPS = ['10.0.0.1', '10.0.0.2', '10.0.0.10', '8.8.8.8', '', '10.0.0.9', '10.0.0.3', '10.0.1.1'];

const arbLine = fc.record({
  src: fc.integer({ min: 0, max: PEERS.length - 1 }),
  dst: fc.integer({ min: 0, max: PEERS.length - 1 }),
  srcIp: fc.constantFrom(...IPS),
  dstIp: fc.constantFrom(...IPS),
  port: fc.constantFrom(80, 443, 5432),
  direction: fc.constantFrom(undefined, 'INGRESS', 'EGRESS', 'TRAFFIC_DIRECTION_UNKNOWN'),
  verdict: fc.constantFrom('FORWARDED', 'DROPPED', 'AUDIT', 'ERROR', undefined),
  drop: fc.constantFrom(undefined, 'POLICY_DENIED', 'AUTH_REQUIRED', 'CT_MAP_INSERTION_FAILED'),
  type: fc.constantFrom(undefined, 'L3_L4', 'L7'),
  event: fc.constantFrom(undefined, 1, 4, 5, 129),
  reply: fc.constantFrom(undefined, false, true),
  minute: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
  names: fc.constantFrom([], ['example.com'], ['b.example', 'a.example']),
});

function lineOf(l: typeof arbLine extends fc.Arbitrary<infer T> ? T : never, i: number): string {
  const time = l.minute === undefined ? undefined : `2026-01-01T10:${String(l.minute).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000000000Z`;
  const flow: Record<string, unknown> = {
    ...(time === undefined ? {} : { time }),
    uuid: `u${i}`,
    ...(l.verdict === undefined ? {} : { verdict: l.verdict }),
    ...(l.drop === undefined ? {} : { drop_reason_desc: l.drop }),
    IP: { source: l.srcIp, destination: l.dstIp, ipVersion: 'IPv4' },
    l4: { TCP: { source_port: 40000 + i, destination_port: l.port } },
    source: PEERS[l.src],
    destination: PEERS[l.dst],
    destination_names: l.names,
    ...(l.type === undefined ? {} : { Type: l.type }),
    ...(l.event === undefined ? {} : { event_type: { type: l.event } }),
    ...(l.direction === undefined ? {} : { traffic_direction: l.direction }),
    ...(l.reply === undefined ? {} : { is_reply: l.reply }),
  };
  return JSON.stringify({ flow, node_name: 'c1/n1', ...(time === undefined ? {} : { time }) });
}

const ascending = <T extends string | number>(values: Iterable<T>, max: number): T[] => [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).slice(0, max);

/** What one edge must say, from its request flows. */
function reference(flows: readonly Flow[]) {
  const directions: Record<string, number> = {};
  const byDirection: Record<string, { verdicts: Record<string, number>; policyDrops: number; l7Denied: number; policyVerdicts: number }> = {};
  const buckets = new Map<number, number>();
  for (const f of flows) {
    directions[f.trafficDirection] = (directions[f.trafficDirection] ?? 0) + 1;
    const d = (byDirection[f.trafficDirection] ??= { verdicts: {}, policyDrops: 0, l7Denied: 0, policyVerdicts: 0 });
    d.verdicts[f.verdict] = (d.verdicts[f.verdict] ?? 0) + 1;
    if (f.verdict === 'DROPPED' && isPolicyDropReason(f.dropReason)) d.policyDrops++;
    else if (f.verdict === 'DROPPED' && f.type === 'L7') d.l7Denied++;
    if (f.eventType === 5) d.policyVerdicts++;
    const m = f.time === null ? null : minuteOf(f.time);
    if (m !== null) buckets.set(m, (buckets.get(m) ?? 0) + 1);
  }
  const side = (pick: (f: Flow) => Flow['source'], ip: (f: Flow) => string, names: (f: Flow) => readonly string[]) => {
    let labels: readonly string[] = [];
    let labelsIdentity = Infinity;
    for (const f of flows) {
      const ep = pick(f);
      // Lists compared item by item, a prefix first (no label holds U+0000).
      const less = ep.labels.join('\u0000') < labels.join('\u0000');
      if (ep.identity < labelsIdentity || (ep.identity === labelsIdentity && ep.identity === 0 && less)) {
        labelsIdentity = ep.identity;
        labels = ep.labels;
      }
    }
    return {
      identities: ascending(flows.map((f) => pick(f).identity), 8),
      labels: [...labels],
      ips: ascending(flows.map(ip).filter((x) => x !== ''), 16),
      names: ascending(flows.flatMap((f) => [...names(f)]), 8),
      clusters: ascending(flows.map((f) => pick(f).clusterName).filter((x) => x !== ''), 4),
    };
  };
  return {
    flows: flows.length,
    directions: Object.fromEntries(TRAFFIC_DIRECTIONS.filter((d) => directions[d] !== undefined).map((d) => [d, directions[d]])),
    byDirection: Object.fromEntries(
      TRAFFIC_DIRECTIONS.filter((d) => byDirection[d] !== undefined).map((d) => {
        const c = byDirection[d] as (typeof byDirection)[string];
        return [d, { ...c, verdicts: Object.fromEntries(VERDICTS.filter((v) => c.verdicts[v] !== undefined).map((v) => [v, c.verdicts[v]])) }];
      }),
    ),
    minutes: [...buckets].sort((a, b) => a[0] - b[0]),
    source: side((f) => f.source, (f) => f.ip?.source ?? '', (f) => f.sourceNames),
    destination: side((f) => f.destination, (f) => f.ip?.destination ?? '', (f) => f.destinationNames),
  };
}

describe('per-edge counts and evidence against a plain reference (property)', () => {
  it('directions, per-direction verdicts, policy drops, L7 denials, policy verdicts, minutes and both sides’ evidence', () => {
    fc.assert(
      fc.property(fc.array(arbLine, { minLength: 1, maxLength: 60 }), (ls) => checkCounts(ls.map(lineOf))),
      { numRuns: 200 },
    );
  });

  it('the same with more edges than the counts store starts with (its rows grow; 700 ports, property)', () => {
    fc.assert(
      fc.property(fc.array(arbLine, { minLength: 800, maxLength: 1200 }), (ls) => checkCounts(ls.map((l, i) => lineOf({ ...l, port: (1000 + (i % 700)) as typeof l.port }, i)))),
      { numRuns: 5, endOnFailure: true },
    );
  });
});

/** The aggregate of `lines` against `reference`, edge by edge. */
function checkCounts(lines: readonly string[]): void {
  const agg = ingestTexts([{ name: 'f.jsonl', text: lines.join('\n') }]);
  const byKey = new Map<string, Flow[]>();
  for (const l of lines) {
    const r = parseFlowRecord(JSON.parse(l));
    if (r.kind !== 'flow' || r.flow.isReply === true) continue;
    const f = r.flow;
    const key = `${peerKey(f.source, f.ip?.source ?? '', f.sourceNames)}\n${peerKey(f.destination, f.ip?.destination ?? '', f.destinationNames)}\nTCP/${f.l4?.protocol === 'TCP' ? f.l4.destinationPort : ''}`;
    byKey.set(key, [...(byKey.get(key) ?? []), f]);
  }
  expect(agg.edges.map((e) => e.key).sort()).toEqual([...byKey.keys()].sort());
  for (const e of agg.edges) {
    const want = reference(byKey.get(e.key) ?? []);
    const { evidence: se } = e.source;
    const { evidence: de } = e.destination;
    expect({
      flows: e.flows,
      directions: e.directions,
      byDirection: e.byDirection,
      minutes: (e.timeline?.buckets ?? []).map((b) => [b.minute, b.flows]),
      source: se,
      destination: de,
    }).toEqual(want);
  }
}
