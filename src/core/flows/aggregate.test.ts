import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { FlowIngest, ingestTexts } from './ingest.ts';
import { FlowAggregator } from './aggregate.ts';
import { flowSinkFor } from './sink.ts';
import { syntheticFlowLines } from '../synth/flows.ts';
import type { FlowAggregate, FlowEdge } from './types.ts';
import { appPlatformFile } from '../../../test/paths.ts';

const fixture = appPlatformFile('flows.jsonl');

type Json = Record<string, unknown>;

function pod(ns: string, name: string, workload?: string, identity = 1000): Json {
  return {
    identity,
    namespace: ns,
    labels: [`k8s:app=${workload ?? name}`, `k8s:io.kubernetes.pod.namespace=${ns}`],
    pod_name: `${name}-abc12`,
    ...(workload ? { workloads: [{ name: workload, kind: 'Deployment' }] } : {}),
  };
}

function tcp(sport: number, dport: number, flags: Json = {}): Json {
  return { TCP: { source_port: sport, destination_port: dport, flags } };
}

let n = 0;
function line(flow: Json): string {
  n++;
  const time = `2026-01-01T00:00:${String(n % 60).padStart(2, '0')}.000000001Z`;
  return JSON.stringify({ flow: { time, uuid: `u${String(n).padStart(5, '0')}`, verdict: 'FORWARDED', ...flow }, node_name: 'c/n', time });
}

function agg(lines: readonly string[], sampleSize?: number): FlowAggregate {
  return ingestTexts([{ name: 'flows.jsonl', text: lines.join('\n') }], sampleSize === undefined ? {} : { sampleSize });
}

function edge(a: FlowAggregate, source: string, destination: string): FlowEdge {
  const e = a.edges.find((x) => x.source.key === source && x.destination.key === destination);
  if (!e) throw new Error(`no edge ${source} → ${destination}; edges: ${a.edges.map((x) => x.key.replace(/\n/g, ' ')).join(' | ')}`);
  return e;
}

describe('FlowAggregator: peers', () => {
  it('names each side by workload, else pod, else identity, reserved entity, FQDN or IP', () => {
    const a = agg([
      line({ source: pod('web', 'frontend', 'frontend'), destination: pod('web', 'api'), l4: tcp(40000, 9000) }),
      line({ source: { identity: 48211, labels: ['k8s:app=x'] }, destination: { identity: 1, labels: ['reserved:host'] }, l4: tcp(1, 10250) }),
      line({
        source: pod('jobs', 'mailer', 'mailer'),
        destination: { identity: 2, labels: ['reserved:world'] },
        IP: { source: '10.0.0.1', destination: '34.111.22.5' },
        destination_names: ['smtp.mailgun.org'],
        l4: tcp(40001, 587),
      }),
      line({ source: pod('jobs', 'worker', 'worker'), destination: { identity: 2, labels: ['reserved:world'] }, IP: { source: '10.0.0.2', destination: '169.254.169.254' }, l4: tcp(4, 80) }),
      line({ source: pod('mgmt', 'deployer', 'deployer'), destination: { identity: 7, labels: ['reserved:kube-apiserver', 'reserved:world'] }, l4: tcp(5, 6443) }),
      line({ source: {}, destination: {}, IP: { source: 'fe80::1', destination: 'ff02::2' }, l4: { ICMPv6: { type: 133 } } }),
      line({ source: { identity: 16777217, labels: ['cidr:8.8.8.8/32', 'reserved:world'] }, destination: pod('web', 'api', 'api'), IP: { source: '8.8.8.8' }, l4: tcp(6, 9000) }),
      line({ l4: tcp(7, 9) }),
    ]);
    expect(edge(a, 'web/Deployment/frontend', 'web/Pod/api-abc12').destination).toMatchObject({ kind: 'pod', namespace: 'web', name: 'api-abc12' });
    expect(edge(a, 'identity:48211', 'reserved:host').source).toMatchObject({ kind: 'identity', identity: 48211 });
    expect(edge(a, 'jobs/Deployment/mailer', 'fqdn:smtp.mailgun.org').destination).toMatchObject({
      kind: 'fqdn',
      name: 'smtp.mailgun.org',
      evidence: { ips: ['34.111.22.5'], names: ['smtp.mailgun.org'], identities: [2] },
    });
    expect(edge(a, 'jobs/Deployment/worker', 'ip:169.254.169.254').destination).toMatchObject({ kind: 'ip', ip: '169.254.169.254' });
    expect(edge(a, 'mgmt/Deployment/deployer', 'reserved:kube-apiserver').destination).toMatchObject({ kind: 'reserved', entity: 'kube-apiserver' });
    expect(edge(a, 'ip:fe80::1', 'ip:ff02::2')).toMatchObject({ protocol: 'ICMPv6', port: 133 });
    expect(edge(a, 'ip:8.8.8.8', 'web/Deployment/api').source.evidence.labels).toEqual(['cidr:8.8.8.8/32', 'reserved:world']);
    expect(edge(a, 'unknown', 'unknown')).toMatchObject({ protocol: 'TCP', port: 9 });
  });
});

describe('FlowAggregator: reserved identities named from their labels', () => {
  it('one peer key, one peer: a workload of kind Pod and a bare pod of that name are one side of one edge', () => {
    const dst = pod('web', 'api', 'api');
    const a = agg([
      line({ source: { identity: 1001, namespace: 'web', pod_name: 'solo', workloads: [{ name: 'solo', kind: 'Pod' }] }, destination: dst, l4: tcp(40000, 9000) }),
      line({ source: { identity: 1001, namespace: 'web', pod_name: 'solo' }, destination: dst, l4: tcp(40001, 9000) }),
      line({ source: dst, destination: { identity: 1001, namespace: 'web', pod_name: 'solo' }, l4: tcp(9000, 40001), is_reply: true }),
    ]);
    expect(a.edges.map((e) => [e.key, e.flows, e.replies?.flows])).toEqual([['web/Pod/solo\nweb/Deployment/api\nTCP/9000', 2, 1]]);
    expect(a.replyOnlyEdges).toEqual([]);
  });

  it('a local-scope identity labelled reserved:kube-apiserver is the kube-apiserver (Cilium 1.19 exporter), whichever side carries it and on both ingest paths', () => {
    const apiserver = { identity: 16777217, labels: ['reserved:kube-apiserver', 'reserved:world'] };
    const lines = [
      line({ source: pod('mgmt', 'deployer', 'deployer'), destination: apiserver, IP: { source: '10.244.0.9', destination: '172.20.0.1' }, l4: tcp(40000, 443) }),
      // The API server calling a webhook in the pod: the identity as the source.
      line({ source: apiserver, destination: pod('mgmt', 'deployer', 'deployer'), IP: { source: '172.20.0.1', destination: '10.244.0.9' }, l4: tcp(50000, 8443) }),
      line({ source: { identity: 1, labels: ['reserved:host'] }, destination: pod('mgmt', 'deployer', 'deployer'), IP: { source: '10.110.0.2', destination: '10.244.0.9' }, l4: tcp(5, 8080) }),
    ];
    const a = agg(lines);
    expect(edge(a, 'mgmt/Deployment/deployer', 'reserved:kube-apiserver').destination).toMatchObject({ kind: 'reserved', entity: 'kube-apiserver' });
    expect(edge(a, 'reserved:kube-apiserver', 'mgmt/Deployment/deployer').source).toMatchObject({ kind: 'reserved', entity: 'kube-apiserver' });
    expect(edge(a, 'reserved:host', 'mgmt/Deployment/deployer').source).toMatchObject({ kind: 'reserved', entity: 'host' });
    // The loader's JSON path gives the same edges as the text fast path.
    const viaLoader = new FlowAggregator();
    const sink = flowSinkFor(viaLoader);
    lines.forEach((l, i) => sink.accept({ file: 'f', line: i + 1, value: JSON.parse(l) as unknown }));
    expect(viaLoader.result().edges.map((e) => `${e.source.key} > ${e.destination.key}`).sort()).toEqual(a.edges.map((e) => `${e.source.key} > ${e.destination.key}`).sort());
  });
});

describe('FlowAggregator: counts', () => {
  it('counts verdicts, drop reasons, TCP flags, directions and first/last time per edge', () => {
    const src = pod('web', 'frontend', 'frontend');
    const dst = pod('web', 'api', 'api');
    const a = agg([
      line({ source: src, destination: dst, l4: tcp(1, 9000, { SYN: true }), traffic_direction: 'EGRESS' }),
      line({ source: src, destination: dst, l4: tcp(1, 9000, { ACK: true, FIN: true }), traffic_direction: 'EGRESS' }),
      line({ source: src, destination: dst, l4: tcp(2, 9000, { RST: true }), traffic_direction: 'INGRESS' }),
      line({
        source: src,
        destination: dst,
        verdict: 'DROPPED',
        drop_reason_desc: 'POLICY_DENIED',
        event_type: { type: 1, sub_type: 133 },
        l4: tcp(3, 9000, { SYN: true }),
        traffic_direction: 'INGRESS',
      }),
      line({ source: src, destination: dst, verdict: 'DROPPED', drop_reason_desc: 'CT_MAP_INSERTION_FAILED', l4: tcp(4, 9000, { SYN: true, ACK: true }) }),
    ]);
    const e = edge(a, 'web/Deployment/frontend', 'web/Deployment/api');
    expect(e).toMatchObject({
      port: 9000,
      protocol: 'TCP',
      flows: 5,
      verdicts: { FORWARDED: 3, DROPPED: 2 },
      drops: { CT_MAP_INSERTION_FAILED: 1, POLICY_DENIED: 1 },
      directions: { EGRESS: 2, INGRESS: 2, TRAFFIC_DIRECTION_UNKNOWN: 1 },
      flags: { syn: 2, synAck: 1, fin: 1, rst: 1 },
      replies: null,
    });
    expect(e.firstTime! < e.lastTime!).toBe(true);
    expect(a.totals).toMatchObject({ flows: 5, byVerdict: { FORWARDED: 3, DROPPED: 2 }, byDropReason: { POLICY_DENIED: 1, CT_MAP_INSERTION_FAILED: 1 } });
  });

  it('keeps replies apart: tallied under the edge they answer, never as request edges', () => {
    const client = pod('web', 'frontend', 'frontend');
    const server = pod('web', 'api', 'api');
    const a = agg([
      line({ source: client, destination: server, l4: tcp(40000, 9000, { SYN: true }), is_reply: false }),
      line({ source: server, destination: client, l4: tcp(9000, 40000, { SYN: true, ACK: true }), is_reply: true }),
      line({ source: server, destination: client, l4: tcp(9000, 40000, { ACK: true }), is_reply: true }),
      // a reply of a connection whose request was not captured
      line({ source: server, destination: pod('web', 'cron', 'cron'), l4: tcp(9000, 41000, { ACK: true }), is_reply: true }),
      // ICMP echo reply answers echo request 8
      line({ source: server, destination: client, l4: { ICMPv4: { type: 0 } }, is_reply: true }),
    ]);
    expect(a.edges.map((e) => [e.source.key, e.destination.key, e.port])).toEqual([['web/Deployment/frontend', 'web/Deployment/api', 9000]]);
    expect(a.edges[0]?.replies).toEqual({ flows: 2, verdicts: { FORWARDED: 2 }, drops: {}, flags: { syn: 0, synAck: 1, fin: 0, rst: 0 } });
    expect(a.replyOnlyEdges.map((e) => [e.source.key, e.destination.key, e.protocol, e.port, e.flows, e.replies?.flows])).toEqual([
      ['web/Deployment/cron', 'web/Deployment/api', 'TCP', 9000, 0, 1],
      ['web/Deployment/frontend', 'web/Deployment/api', 'ICMPv4', 8, 0, 1],
    ]);
    expect(a.totals).toMatchObject({ flows: 5, replies: 4 });
  });

  it('a reply before its request is a reply-only edge with its evidence until the request comes, then counted under the request edge', () => {
    const client = pod('web', 'frontend', 'frontend', 1001);
    const server = pod('web', 'api', 'api', 1002);
    const reply = (ip: string) =>
      line({ source: server, destination: client, IP: { source: '10.0.0.2', destination: ip }, l4: tcp(9000, 40000, { ACK: true }), is_reply: true });
    const request = line({ source: client, destination: server, IP: { source: '10.0.0.1', destination: '10.0.0.2' }, l4: tcp(40000, 9000, { SYN: true }), is_reply: false });
    const i = new FlowIngest();
    i.beginFile('f.jsonl');
    i.pushText(`${reply('10.0.0.1')}\n${reply('10.0.0.3')}\n`);
    const before = i.aggregator.result();
    expect(before.edges).toEqual([]);
    expect(before.replyOnlyEdges.map((e) => [e.key, e.replies?.flows, e.source.evidence.ips, e.destination.evidence.ips, e.source.evidence.identities])).toEqual([
      ['web/Deployment/frontend\nweb/Deployment/api\nTCP/9000', 2, ['10.0.0.1', '10.0.0.3'], ['10.0.0.2'], [1001]],
    ]);
    // The request comes: the replies so far and the ones after it are the request edge's, and no reply-only edge is left.
    i.pushText(`${request}\n${reply('10.0.0.4')}\n`);
    const after = i.finish();
    expect(after.replyOnlyEdges).toEqual([]);
    expect(after.edges.map((e) => [e.key, e.flows, e.replies?.flows, e.source.evidence.ips])).toEqual([
      ['web/Deployment/frontend\nweb/Deployment/api\nTCP/9000', 1, 3, ['10.0.0.1']],
    ]);
    // The same lines, the request first: the same aggregate.
    const first = agg([request, reply('10.0.0.1'), reply('10.0.0.3'), reply('10.0.0.4')]);
    const strip = (a: FlowAggregate) => a.edges.map((e) => ({ ...e, sample: e.sample.length, firstTime: null, lastTime: null, timeline: undefined }));
    expect(strip(first)).toEqual(strip(after));
  });

  it("collects Hubble's policy attribution, deduplicated, with implicit allows named by derived-from", () => {
    const src = pod('shop', 'frontend', 'frontend');
    const dst = pod('shop', 'backend', 'backend');
    const allow = {
      name: 'backend-allow-frontend',
      namespace: 'shop',
      labels: ['k8s:io.cilium.k8s.policy.derived-from=CiliumNetworkPolicy'],
      revision: '42',
      kind: 'CiliumNetworkPolicy',
    };
    const a = agg([
      line({ source: src, destination: dst, l4: tcp(1, 8080), event_type: { type: 5 }, ingress_allowed_by: [allow] }),
      line({ source: src, destination: dst, l4: tcp(2, 8080), event_type: { type: 5 }, ingress_allowed_by: [{ ...allow, revision: '43' }] }),
      line({ source: src, destination: dst, l4: tcp(3, 8080), event_type: { type: 5 }, egress_allowed_by: [{ labels: ['reserved:io.cilium.policy.derived-from=allow-any-egress'] }] }),
      line({
        source: src,
        destination: dst,
        l4: tcp(4, 8080),
        verdict: 'DROPPED',
        drop_reason_desc: 'POLICY_DENY',
        egress_denied_by: [{ name: 'deny', labels: [], kind: 'CiliumClusterwideNetworkPolicy' }],
      }),
    ]);
    expect(edge(a, 'shop/Deployment/frontend', 'shop/Deployment/backend').policies).toEqual([
      { direction: 'egress', effect: 'allow', kind: '', namespace: '', name: '', derivedFrom: 'allow-any-egress', flows: 1 },
      { direction: 'egress', effect: 'deny', kind: 'CiliumClusterwideNetworkPolicy', namespace: '', name: 'deny', derivedFrom: 'CiliumClusterwideNetworkPolicy', flows: 1 },
      { direction: 'ingress', effect: 'allow', kind: 'CiliumNetworkPolicy', namespace: 'shop', name: 'backend-allow-frontend', derivedFrom: 'CiliumNetworkPolicy', flows: 2 },
    ]);
  });

  it('keeps a bounded sample: drops, audits and errors first, then by time', () => {
    const src = pod('a', 'x', 'x');
    const dst = pod('a', 'y', 'y');
    const lines = Array.from({ length: 30 }, (_, i) => line({ source: src, destination: dst, l4: tcp(i + 1, 80), ...(i === 25 ? { verdict: 'AUDIT' } : {}) }));
    const e = agg(lines, 5).edges[0];
    expect(e?.flows).toBe(30);
    expect(e?.sample.map((s) => s.verdict)).toEqual(['AUDIT', 'FORWARDED', 'FORWARDED', 'FORWARDED', 'FORWARDED']);
    expect(e?.sample[0]).toMatchObject({ sourcePort: 26, destinationPort: 80, tcpFlags: '' });
  });

  it('counts lines that are not flows and reports bad ones with file and line, loading the rest', () => {
    const ok = line({ source: pod('a', 'x', 'x'), destination: pod('a', 'y', 'y'), l4: tcp(1, 80) });
    const a = ingestTexts([
      { name: 'one.jsonl', text: `${ok}\n{"node_status":{}}\n{"lost_events":{"num_events_lost":"7"}}\nnot json\n{"flow":{"verdict":"NOPE"}}\n${ok}\n` },
    ]);
    expect(a.totals).toMatchObject({ flows: 2, skipped: { nodeStatus: 1, lostEvents: 1, invalid: 2, total: 4 }, eventsLost: 7 });
    expect(a.totals.bytes).toBeGreaterThan(0);
    expect(a.diagnostics.map((d) => [d.file, d.line, d.code, d.path])).toEqual([
      ['one.jsonl', 4, 'flow-json-syntax', ''],
      ['one.jsonl', 5, 'invalid-flow-record', 'flow.verdict'],
    ]);
  });

  it('counts the exporter\'s agent and debug events as lines that are not flows, without a diagnostic', () => {
    const ok = line({ source: pod('a', 'x', 'x'), destination: pod('a', 'y', 'y'), l4: tcp(1, 80) });
    const agent = JSON.stringify({ agent_event: { type: 'POLICY_UPDATED', policy_update: { labels: ['k8s:io.cilium.k8s.policy.name=x'], revision: '7', rule_count: 1 } }, node_name: 'kind-worker', time: '2024-01-01T00:00:00Z' });
    const debug = JSON.stringify({ debug_event: { type: 'DBG_CT_VERDICT', source: { ID: 1234 }, cpu: 1 }, node_name: 'kind-worker', time: '2024-01-01T00:00:00Z' });
    for (const fastPath of [true, false]) {
      const ingest = new FlowIngest({ fastPath });
      ingest.beginFile('events.log');
      ingest.pushText(`${ok}\n${agent}\n${debug}\n${ok}\n`);
      const a = ingest.finish();
      expect(a.totals).toMatchObject({ flows: 2, skipped: { nodeStatus: 0, lostEvents: 0, events: 2, invalid: 0, total: 2 } });
      expect(a.diagnostics).toEqual([]);
    }
  });

  it('refuses an absurdly long line with a diagnostic and reads the next', () => {
    const ok = line({ l4: tcp(1, 80) });
    const ingest = new FlowIngest({ maxLineLength: 4096 });
    ingest.beginFile('big.jsonl');
    ingest.pushText(`{"flow":{"Summary":"${'x'.repeat(3000)}`);
    ingest.pushText(`${'y'.repeat(3000)}"}}\n${ok}\n`);
    const a = ingest.finish();
    expect(a.totals).toMatchObject({ flows: 1, skipped: { invalid: 1 } });
    expect(a.diagnostics).toEqual([expect.objectContaining({ file: 'big.jsonl', line: 1, code: 'flow-line-too-long' })]);
  });

  it('caps diagnostics and says how many more there were', () => {
    const a = ingestTexts([{ name: 'bad.jsonl', text: 'x\n'.repeat(12) }], { maxDiagnostics: 10 });
    expect(a.totals.skipped.invalid).toBe(12);
    expect(a.diagnostics).toHaveLength(11);
    expect(a.diagnostics[10]?.message).toContain('2 more invalid lines');
  });

  it('accepts records from the loader through the FlowSink adapter', () => {
    const agg2 = new FlowAggregator();
    const sink = flowSinkFor(agg2);
    sink.accept({ file: 'mixed.json', line: 3, value: JSON.parse(line({ l4: tcp(1, 80) })) });
    sink.accept({ file: 'mixed.json', line: 4, value: { nope: true } });
    const r = agg2.result();
    expect(r.totals.flows).toBe(1);
    expect(r.diagnostics[0]).toMatchObject({ file: 'mixed.json', line: 4 });
  });
});

describe('FlowAggregator: order independence', () => {
  // Synthetic export lines (drops, replies, attribution, DNS, node_status, lost_events) plus the fixture.
  const synth: string[] = [];
  for (const l of syntheticFlowLines({ seed: 3, tenants: 2, namespacesPerTenant: 1, workloadsPerNamespace: 3 })) {
    synth.push(l);
    if (synth.length === 400) break;
  }
  const pool = [...synth, ...readFileSync(fixture, 'utf8').trim().split('\n'), 'garbage'];

  // Diagnostics carry line numbers, which a shuffle changes by design; everything else must not move.
  const normalise = (a: FlowAggregate) => ({ ...a, diagnostics: a.diagnostics.length });

  it('aggregate(lines) equals aggregate(shuffled lines) (property)', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(pool, { minLength: pool.length, maxLength: pool.length }), (shuffled) => {
        expect(normalise(agg(shuffled, 3))).toEqual(normalise(agg(pool, 3)));
      }),
      { numRuns: 15 },
    );
  });

  it('does not depend on how the export is split into files', () => {
    const whole = ingestTexts([{ name: 'a', text: pool.join('\n') }]);
    const parts = ingestTexts([
      { name: 'a', text: pool.slice(0, 100).join('\n') },
      { name: 'b', text: pool.slice(100).join('\r\n') },
    ]);
    // CRLF adds bytes; nothing else may differ.
    expect({ ...normalise(parts), totals: { ...parts.totals, bytes: 0 } }).toEqual({ ...normalise(whole), totals: { ...whole.totals, bytes: 0 } });
  });
});

describe('acceptance: app-platform flows', () => {
  it('aggregates the 223 flows: 207 FORWARDED, 15 DROPPED, 1 AUDIT, no diagnostics', () => {
    const a = ingestTexts([{ name: 'flows.jsonl', text: readFileSync(fixture, 'utf8') }]);
    expect(a.totals).toMatchObject({ flows: 223, byVerdict: { FORWARDED: 207, DROPPED: 15, AUDIT: 1 }, byDropReason: { POLICY_DENIED: 9, POLICY_DENY: 6 } });
    expect(a.diagnostics).toEqual([]);
    const smtp = edge(a, 'acme-jobs/Deployment/mailer', 'ip:198.51.100.25');
    expect(smtp).toMatchObject({ port: 25, verdicts: { DROPPED: 6 }, drops: { POLICY_DENY: 6 } });
    expect(smtp.policies.map((p) => `${p.direction} ${p.effect} ${p.name}`)).toEqual(['egress deny tenant-egress-baseline']);
    expect(edge(a, 'initech-blog/Deployment/blog', 'globex-shop/Deployment/cart').verdicts).toEqual({ AUDIT: 1 });
    expect(edge(a, 'acme-jobs/Deployment/mailer', 'fqdn:smtp.mailgun.org').flows).toBe(12);
  });
});

describe('edges of ICMP types outside a byte', () => {
  it('are told apart by protocol and type, and their replies go to their own edge', () => {
    const a = pod('shop', 'api', 'api');
    const b = pod('shop', 'db', 'db');
    const icmp = (protocol: 'ICMPv4' | 'ICMPv6', type: number, reply = false): Json =>
      reply ? { source: b, destination: a, l4: { [protocol]: { type } }, is_reply: true } : { source: a, destination: b, l4: { [protocol]: { type } } };
    // ICMPv4 type 70000 and ICMPv6 type 0, type 2^32 and type 0 of the same protocol, a negative type:
    // distinct edges (the edge table's number for protocol and port must not make them one).
    const r = agg([
      line(icmp('ICMPv4', 70000)),
      line(icmp('ICMPv6', 0)),
      line(icmp('ICMPv4', 4294967296)),
      line(icmp('ICMPv4', 0)),
      line(icmp('ICMPv4', -1)),
      line(icmp('ICMPv6', -70001)),
      line(icmp('ICMPv6', 0, true)),
    ]);
    expect(r.edges.map((e) => e.key.split('\n')[2])).toEqual(['ICMPv4/-1', 'ICMPv4/0', 'ICMPv4/4294967296', 'ICMPv4/70000', 'ICMPv6/-70001', 'ICMPv6/0']);
    expect(r.edges.map((e) => e.flows)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(r.edges.map((e) => e.replies?.flows ?? 0)).toEqual([0, 0, 0, 0, 0, 1]);
    expect(r.replyOnlyEdges).toEqual([]);
  });
});
