import { describe, expect, it } from 'vitest';
import { ingestTexts } from './ingest.ts';
import { flowHistogram } from './histogram.ts';
import { dropGroups, droppedFlows, edgePortText, edgeQueryText, flowsInRange, mismatchGroups, peerLabel, type TimeRange } from './inbox.ts';
import { minuteOf } from './timeline.ts';
import type { FlowAggregate } from './types.ts';

type Json = Record<string, unknown>;

function pod(ns: string, name: string): Json {
  return { identity: 1000 + name.length, namespace: ns, labels: [`k8s:app=${name}`], pod_name: `${name}-abc12`, workloads: [{ name, kind: 'Deployment' }] };
}
const world: Json = { identity: 2, labels: ['reserved:world'] };

let uuid = 0;
/** One flow at `time` (`HH:MM:SS` on 2026-01-01). */
function line(time: string, flow: Json): string {
  uuid++;
  const t = `2026-01-01T${time}.000000001Z`;
  return JSON.stringify({ flow: { time: t, uuid: `u${uuid}`, verdict: 'FORWARDED', traffic_direction: 'EGRESS', ...flow }, node_name: 'c/n', time: t });
}
const tcp = (dport: number): Json => ({ TCP: { source_port: 40000, destination_port: dport, flags: { SYN: true } } });
const drop = (reason: string): Json => ({ verdict: 'DROPPED', drop_reason_desc: reason });

function agg(lines: readonly string[]): FlowAggregate {
  return ingestTexts([{ name: 'flows.jsonl', text: lines.join('\n') }]);
}

const minute = (hhmm: string): number => minuteOf(`2026-01-01T${hhmm}:00.000000000Z`) as number;

// shop → api:9000 dropped by policy at 10:00 and 10:05, forwarded at 10:01; jobs → internet:25
// denied at 10:02 (twice) and a CT drop on the same edge at 10:03; one allowed edge without drops.
const LINES = [
  line('10:00:01', { source: pod('shop', 'shop'), destination: pod('web', 'api'), l4: tcp(9000), ...drop('POLICY_DENIED') }),
  line('10:01:30', { source: pod('shop', 'shop'), destination: pod('web', 'api'), l4: tcp(9000) }),
  line('10:05:59', { source: pod('shop', 'shop'), destination: pod('web', 'api'), l4: tcp(9000), ...drop('POLICY_DENIED') }),
  line('10:02:10', { source: pod('jobs', 'mailer'), destination: world, IP: { source: '10.0.0.1', destination: '198.51.100.25' }, l4: tcp(25), ...drop('POLICY_DENY') }),
  line('10:02:20', { source: pod('jobs', 'mailer'), destination: world, IP: { source: '10.0.0.1', destination: '198.51.100.25' }, l4: tcp(25), ...drop('POLICY_DENY') }),
  line('10:03:00', { source: pod('jobs', 'mailer'), destination: world, IP: { source: '10.0.0.1', destination: '198.51.100.25' }, l4: tcp(25), ...drop('CT_MAP_INSERTION_FAILED') }),
  line('10:04:00', { source: pod('web', 'frontend'), destination: pod('web', 'api'), l4: tcp(9000) }),
];

describe('dropGroups', () => {
  const a = agg(LINES);

  it('groups drops by source, destination, port and reason, with counts and first/last time, newest first', () => {
    const groups = dropGroups(a);
    expect(groups.map((g) => [peerLabel(g.source), peerLabel(g.destination), edgePortText(g.protocol, g.port), g.reason, g.flows])).toEqual([
      ['shop/shop', 'web/api', '9000/TCP', 'POLICY_DENIED', 2],
      ['jobs/mailer', 'internet (198.51.100.25)', '25/TCP', 'CT_MAP_INSERTION_FAILED', 1],
      ['jobs/mailer', 'internet (198.51.100.25)', '25/TCP', 'POLICY_DENY', 2],
    ]);
    // First and last time are those of the group's drops, not of every flow of the edge.
    expect(groups[0]?.firstTime).toBe('2026-01-01T10:00:01.000000001Z');
    expect(groups[0]?.lastTime).toBe('2026-01-01T10:05:59.000000001Z');
    expect(groups[2]?.firstTime).toBe('2026-01-01T10:02:10.000000001Z');
    expect(groups[2]?.lastTime).toBe('2026-01-01T10:02:20.000000001Z');
    expect(droppedFlows(groups)).toBe(5);
  });

  it('carries the cross-check class of the edge', () => {
    const shopEdge = a.edges.find((e) => e.source.key === 'shop/Deployment/shop');
    const groups = dropGroups(a, new Map([[shopEdge?.key ?? '', 'observed-denied-predicted-allowed']]));
    expect(groups.filter((g) => g.mismatch !== null).map((g) => g.reason)).toEqual(['POLICY_DENIED']);
  });

  it('counts only the drops inside a time range, with times clamped into it', () => {
    const range: TimeRange = { from: minute('10:00'), to: minute('10:03') };
    const groups = dropGroups(a, null, range);
    expect(groups.map((g) => [g.reason, g.flows])).toEqual([
      ['POLICY_DENY', 2],
      ['POLICY_DENIED', 1],
    ]);
    expect(groups[1]?.lastTime).toBe('2026-01-01T10:01:00.000Z');
    expect(dropGroups(a, null, { from: minute('10:06'), to: minute('10:30') })).toEqual([]);
  });

  it('is empty without drops', () => {
    expect(dropGroups(agg([LINES[6] as string]))).toEqual([]);
  });
});

describe('mismatchGroups', () => {
  const a = agg(LINES);
  const shopKey = a.edges.find((e) => e.source.key === 'shop/Deployment/shop')?.key ?? '';
  const mailKey = a.edges.find((e) => e.source.key === 'jobs/Deployment/mailer')?.key ?? '';
  const classes = new Map([
    [shopKey, 'observed-denied-predicted-allowed'],
    [mailKey, 'observed-allowed-predicted-denied'],
  ]);

  it('lists every mismatching edge with its flows and drops', () => {
    expect(mismatchGroups(a, classes).map((g) => [g.edgeKey, g.mismatch, g.flows, g.dropped])).toEqual([
      [shopKey, 'observed-denied-predicted-allowed', 3, 2],
      [mailKey, 'observed-allowed-predicted-denied', 3, 3],
    ]);
  });

  it('keeps an edge in a range only while its flows there still disagree', () => {
    // 10:01-10:02: the shop edge only forwarded (no drop to disagree); the mailer edge has no flows.
    expect(mismatchGroups(a, classes, { from: minute('10:01'), to: minute('10:02') })).toEqual([]);
    expect(mismatchGroups(a, classes, { from: minute('10:05'), to: minute('10:06') }).map((g) => [g.edgeKey, g.flows, g.dropped])).toEqual([[shopKey, 1, 1]]);
  });
});

describe('flowHistogram', () => {
  it('counts request flows and drops per minute, gaps included', () => {
    const h = flowHistogram(agg(LINES));
    expect(h.bins.map((b) => [b.flows, b.dropped])).toEqual([
      [1, 1],
      [1, 0],
      [2, 2],
      [1, 1],
      [1, 0],
      [1, 1],
    ]);
    expect(h.bins[0]?.start).toBe(minute('10:00'));
    expect(h.untimed).toBe(0);
  });

  it('widens the bins to stay within maxBins', () => {
    const h = flowHistogram(agg(LINES), 2);
    expect(h.bins.map((b) => [b.width, b.flows])).toEqual([
      [3, 4],
      [3, 3],
    ]);
  });
});

it('names the deny policies Hubble recorded on the group', () => {
  const denied = { ...drop('POLICY_DENY'), egress_denied_by: [{ name: 'tenant-egress-defaults', kind: 'CiliumClusterwideNetworkPolicy', revision: '42' }] };
  const a = agg([line('10:00:00', { source: pod('jobs', 'mailer'), destination: world, IP: { source: '10.0.0.1', destination: '198.51.100.25' }, l4: tcp(25), ...denied })]);
  expect(dropGroups(a)[0]?.recorded.map((p) => [p.direction, p.kind, p.name])).toEqual([['egress', 'CiliumClusterwideNetworkPolicy', 'tenant-egress-defaults']]);
});

describe('edgeQueryText', () => {
  const a = agg(LINES);
  it('writes the group as a path query in the PEER grammar', () => {
    const groups = dropGroups(a);
    expect(groups.map((g) => edgeQueryText(g))).toEqual([
      { ok: true, query: { from: 'shop/shop', to: 'web/api', port: '9000/TCP' } },
      { ok: true, query: { from: 'jobs/mailer', to: '198.51.100.25', port: '25/TCP' } },
      { ok: true, query: { from: 'jobs/mailer', to: '198.51.100.25', port: '25/TCP' } },
    ]);
  });

  it('says why a peer known only by identity cannot be queried', () => {
    const b = agg([line('10:00:00', { source: { identity: 48211, labels: ['k8s:app=x'] }, destination: pod('web', 'api'), l4: tcp(80), ...drop('POLICY_DENIED') })]);
    const g = dropGroups(b)[0];
    expect(g && edgeQueryText(g)).toEqual({ ok: false, why: 'identity 48211 is known only by identity in the flows' });
  });
});

describe('flowsInRange', () => {
  it('keeps only the flows of the range: edges without any go, counts and samples are the range’s', () => {
    const a = agg(LINES);
    const shopKey = a.edges.find((e) => e.source.key === 'shop/Deployment/shop')?.key ?? '';
    const r = flowsInRange(a, { from: minute('10:01'), to: minute('10:02') }, new Map([[shopKey, 'observed-denied-predicted-allowed']]));
    expect(r.flows.edges.map((e) => [e.key, e.flows, e.verdicts, e.drops])).toEqual([[shopKey, 1, { FORWARDED: 1 }, {}]]);
    expect(r.flows.edges[0]?.sample.map((s) => s.verdict)).toEqual(['FORWARDED']);
    // Only forwarded flows in the range: nothing left to disagree about.
    expect(r.mismatches?.size).toBe(0);
    const all = flowsInRange(a, { from: minute('10:00'), to: minute('10:10') }, undefined);
    expect(all.flows.edges.map((e) => e.flows)).toEqual(a.edges.map((e) => e.flows));
  });
});
