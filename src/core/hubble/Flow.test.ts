import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { TCP_ACK, TCP_FIN, TCP_SYN, type Flow, type FlowRecord } from './Flow.ts';
import { parseFlowRecord } from './parseFlow.ts';
import { dropReasonCode, dropReasonName, isPolicyDropReason } from './enums.ts';
import { canonicalTime } from './wire.ts';
import { hubbleFlowsDir } from '../../../test/paths.ts';

const corpus = hubbleFlowsDir;

function flowOf(r: FlowRecord): Flow {
  if (r.kind !== 'flow') throw new Error(`expected a flow, got ${JSON.stringify(r)}`);
  return r.flow;
}

// Semantics reference D.6 (1): a policy-verdict event with attribution.
const verdictLine = {
  flow: {
    time: '2025-03-14T09:26:53.589793238Z',
    uuid: '4f1d2c9e-8a55-4a8e-9a5b-2b7f0a1d3c11',
    verdict: 'FORWARDED',
    IP: { source: '10.244.1.10', destination: '10.244.2.20', ipVersion: 'IPv4' },
    l4: { TCP: { source_port: 52144, destination_port: 8080, flags: { SYN: true } } },
    source: {
      identity: 48211,
      cluster_name: 'default',
      namespace: 'shop',
      labels: ['k8s:app=frontend', 'k8s:io.kubernetes.pod.namespace=shop'],
      pod_name: 'frontend-6d9c7b8f5-x2kqp',
      workloads: [{ name: 'frontend', kind: 'Deployment' }],
    },
    destination: { ID: 1873, identity: 10544, namespace: 'shop', labels: ['k8s:app=backend'], pod_name: 'backend-7f6b9d7c9-m4lz8' },
    Type: 'L3_L4',
    node_name: 'default/worker-2',
    event_type: { type: 5 },
    traffic_direction: 'INGRESS',
    policy_match_type: 2,
    Summary: 'TCP Flags: SYN',
    ingress_allowed_by: [
      {
        name: 'backend-allow-frontend',
        namespace: 'shop',
        labels: ['k8s:io.cilium.k8s.policy.derived-from=CiliumNetworkPolicy', 'k8s:io.cilium.k8s.policy.name=backend-allow-frontend'],
        revision: '42',
        kind: 'CiliumNetworkPolicy',
      },
    ],
  },
  node_name: 'default/worker-2',
  time: '2025-03-14T09:26:53.589793238Z',
};

describe('parseFlowRecord: envelopes', () => {
  it('reads the wrapped GetFlowsResponse form with every field the app uses', () => {
    const f = flowOf(parseFlowRecord(verdictLine));
    expect(f.time).toBe('2025-03-14T09:26:53.589793238Z');
    expect(f.uuid).toBe('4f1d2c9e-8a55-4a8e-9a5b-2b7f0a1d3c11');
    expect(f.verdict).toBe('FORWARDED');
    expect(f.trafficDirection).toBe('INGRESS');
    expect(f.isReply).toBeNull();
    expect(f.ip).toEqual({ source: '10.244.1.10', sourceXlated: '', destination: '10.244.2.20', ipVersion: 'IPv4' });
    expect(f.l4).toEqual({ protocol: 'TCP', sourcePort: 52144, destinationPort: 8080, flags: TCP_SYN });
    expect(f.source).toMatchObject({ id: 0, identity: 48211, clusterName: 'default', namespace: 'shop', podName: 'frontend-6d9c7b8f5-x2kqp' });
    expect(f.source.workloads).toEqual([{ name: 'frontend', kind: 'Deployment' }]);
    expect(f.destination).toMatchObject({ id: 1873, identity: 10544, workloads: [] });
    expect(f.type).toBe('L3_L4');
    expect(f.eventType).toBe(5);
    expect(f.policyMatchType).toBe(2);
    expect(f.nodeName).toBe('default/worker-2');
    expect(f.summary).toBe('TCP Flags: SYN');
    expect(f.ingressAllowedBy).toEqual([
      {
        name: 'backend-allow-frontend',
        namespace: 'shop',
        kind: 'CiliumNetworkPolicy',
        labels: ['k8s:io.cilium.k8s.policy.derived-from=CiliumNetworkPolicy', 'k8s:io.cilium.k8s.policy.name=backend-allow-frontend'],
        revision: '42',
      },
    ]);
    expect(f.dropReason).toBeNull();
  });

  it('reads the legacy bare flow (Hubble CLI ≤ 0.10) the same way', () => {
    const bare = flowOf(parseFlowRecord(verdictLine.flow));
    expect(bare).toEqual(flowOf(parseFlowRecord(verdictLine)));
  });

  it('takes time and node name from the envelope when the flow lacks them (field-masked exporter)', () => {
    const f = flowOf(parseFlowRecord({ flow: { verdict: 'FORWARDED' }, node_name: 'c/n1', time: '2023-08-21T12:12:13.5Z' }));
    expect(f.time).toBe('2023-08-21T12:12:13.500000000Z');
    expect(f.nodeName).toBe('c/n1');
    expect(f.source.labels).toEqual([]);
    expect(f.ip).toBeNull();
    expect(f.l4).toBeNull();
  });

  it('counts node_status and lost_events lines (64-bit count as a string)', () => {
    expect(parseFlowRecord({ node_status: { state_change: 'NODE_CONNECTED' }, node_name: 'a', time: '2025-01-01T00:00:00Z' })).toEqual({
      kind: 'node_status',
    });
    expect(parseFlowRecord({ lost_events: { source: 'PERF_EVENT_RING_BUFFER', num_events_lost: '12', cpu: { value: 3 } } })).toEqual({
      kind: 'lost_events',
      lost: 12,
    });
    expect(parseFlowRecord({ lost_events: {} })).toEqual({ kind: 'lost_events', lost: 0 });
  });

  it('reports what is wrong, with a path, instead of throwing', () => {
    expect(parseFlowRecord(42)).toMatchObject({ kind: 'invalid', path: '' });
    expect(parseFlowRecord([])).toMatchObject({ kind: 'invalid' });
    expect(parseFlowRecord({ hello: 'world' })).toMatchObject({ kind: 'invalid', message: expect.stringContaining('not a Hubble record') });
    expect(parseFlowRecord({ flow: 'x' })).toMatchObject({ kind: 'invalid', path: 'flow' });
    expect(parseFlowRecord({ flow: { verdict: 'MAYBE' } })).toMatchObject({ kind: 'invalid', path: 'flow.verdict' });
    expect(parseFlowRecord({ flow: { source: { labels: ['a', 3] } } })).toMatchObject({ kind: 'invalid', path: 'flow.source.labels[1]' });
    expect(parseFlowRecord({ flow: { l4: { TCP: { destination_port: 'eighty' } } } })).toMatchObject({
      kind: 'invalid',
      path: 'flow.l4.TCP.destination_port',
    });
    expect(parseFlowRecord({ flow: { time: 'yesterday' } })).toMatchObject({ kind: 'invalid', path: 'flow.time' });
    expect(parseFlowRecord({ flow: { egress_denied_by: [{ name: 'x' }, 'y'] } })).toMatchObject({ kind: 'invalid', path: 'flow.egress_denied_by[1]' });
    expect(parseFlowRecord({ lost_events: { num_events_lost: 'many' } })).toMatchObject({ kind: 'invalid', path: 'lost_events.num_events_lost' });
  });
});

describe('parseFlowRecord: flow shapes', () => {
  it('reads a POLICY_DENIED drop (drop event, reply unknown, no attribution)', () => {
    const f = flowOf(
      parseFlowRecord({
        flow: {
          verdict: 'DROPPED',
          drop_reason: 133,
          l4: { TCP: { source_port: 40112, destination_port: 8080, flags: { SYN: true } } },
          event_type: { type: 1, sub_type: 133 },
          traffic_direction: 'INGRESS',
          drop_reason_desc: 'POLICY_DENIED',
        },
      }),
    );
    expect(f.verdict).toBe('DROPPED');
    expect(f.dropReason).toBe('POLICY_DENIED');
    expect(f.dropReasonCode).toBe(133);
    expect(f.isReply).toBeNull();
    expect(f.eventType).toBe(1);
    expect(f.eventSubType).toBe(133);
  });

  it('reads an explicit-deny policy verdict with egress_denied_by', () => {
    const f = flowOf(
      parseFlowRecord({
        flow: {
          verdict: 'DROPPED',
          drop_reason: 181,
          l4: { UDP: { source_port: 38811, destination_port: 53 } },
          destination: { identity: 2, labels: ['reserved:world'] },
          event_type: { type: 5 },
          traffic_direction: 'EGRESS',
          policy_match_type: 1,
          drop_reason_desc: 'POLICY_DENY',
          egress_denied_by: [{ name: 'deny-world', namespace: 'shop', labels: ['k8s:io.cilium.k8s.policy.derived-from=CiliumNetworkPolicy'], revision: '43' }],
          policy_log: [''],
        },
      }),
    );
    expect(f.dropReason).toBe('POLICY_DENY');
    expect(f.l4).toEqual({ protocol: 'UDP', sourcePort: 38811, destinationPort: 53 });
    // Before 1.18 `kind` was absent: it comes from the derived-from label.
    expect(f.egressDeniedBy[0]).toMatchObject({ name: 'deny-world', kind: 'CiliumNetworkPolicy', revision: '43' });
  });

  it('derives the drop reason from event_type.sub_type when the enum is absent (printer golden)', () => {
    const f = flowOf(parseFlowRecord({ verdict: 'DROPPED', event_type: { type: 1, sub_type: 133 }, source: { identity: 4 } }));
    expect(f.dropReason).toBe('POLICY_DENIED');
    // A trace event's sub type is an observation point, never a drop reason.
    const t = flowOf(parseFlowRecord({ verdict: 'FORWARDED', event_type: { type: 4, sub_type: 3 } }));
    expect(t.dropReason).toBeNull();
  });

  it('reads an AUDIT verdict (passed although policy would drop it)', () => {
    const f = flowOf(parseFlowRecord({ flow: { verdict: 'AUDIT', is_reply: false, traffic_direction: 'EGRESS' } }));
    expect(f.verdict).toBe('AUDIT');
    expect(f.isReply).toBe(false);
  });

  it('reads a DNS L7 record', () => {
    const f = flowOf(
      parseFlowRecord({
        flow: {
          verdict: 'FORWARDED',
          Type: 'L7',
          event_type: { type: 129 },
          l4: { UDP: { source_port: 41234, destination_port: 53 } },
          l7: {
            type: 'RESPONSE',
            latency_ns: '1234567',
            dns: { query: 'api.stripe.com.', ips: ['104.18.12.33'], ttl: 30, rcode: 3, qtypes: ['A'], rrtypes: ['A'] },
          },
          is_reply: true,
        },
      }),
    );
    expect(f.type).toBe('L7');
    expect(f.l7).toEqual({ type: 'RESPONSE', latencyNs: 1234567, protocol: 'dns', query: 'api.stripe.com.', rcode: 3, ips: ['104.18.12.33'], qtypes: ['A'] });
  });

  it('reads an HTTP L7 record', () => {
    const f = flowOf(
      parseFlowRecord({
        flow: {
          verdict: 'DROPPED',
          Type: 'L7',
          l7: { type: 'RESPONSE', http: { code: 403, method: 'GET', url: 'http://api/admin', protocol: 'HTTP/1.1', headers: [{ key: 'a', value: 'b' }] } },
        },
      }),
    );
    expect(f.l7).toMatchObject({ protocol: 'http', method: 'GET', url: 'http://api/admin', code: 403, httpProtocol: 'HTTP/1.1', latencyNs: 0 });
    expect(f.dropReason).toBeNull();
  });

  it('reads ICMPv4 and ICMPv6', () => {
    expect(flowOf(parseFlowRecord({ flow: { l4: { ICMPv4: { type: 8 } } } })).l4).toEqual({ protocol: 'ICMPv4', type: 8, code: 0 });
    expect(flowOf(parseFlowRecord({ flow: { l4: { ICMPv6: { type: 133, code: 0 } } } })).l4).toEqual({ protocol: 'ICMPv6', type: 133, code: 0 });
  });

  it('reads TCP flags into a bit set', () => {
    const f = flowOf(parseFlowRecord({ flow: { l4: { TCP: { flags: { FIN: true, ACK: true, SYN: false } } } } }));
    expect(f.l4).toEqual({ protocol: 'TCP', sourcePort: 0, destinationPort: 0, flags: TCP_FIN | TCP_ACK });
  });

  it('accepts enums as numbers and 32-bit values as strings', () => {
    const f = flowOf(
      parseFlowRecord({
        flow: {
          verdict: 2,
          traffic_direction: 2,
          Type: 1,
          drop_reason_desc: 181,
          source: { identity: '16777217', ID: '12' },
          IP: { source: '1.1.1.1', destination: '2.2.2.2', ipVersion: 1 },
        },
      }),
    );
    expect(f.verdict).toBe('DROPPED');
    expect(f.trafficDirection).toBe('EGRESS');
    expect(f.type).toBe('L3_L4');
    expect(f.dropReason).toBe('POLICY_DENY');
    expect(f.source.identity).toBe(16777217);
    expect(f.source.id).toBe(12);
    expect(f.ip?.ipVersion).toBe('IPv4');
  });

  it('keeps is_reply tri-state and honours the pre-0.6 `reply` bool', () => {
    expect(flowOf(parseFlowRecord({ flow: { is_reply: true } })).isReply).toBe(true);
    expect(flowOf(parseFlowRecord({ flow: { is_reply: false } })).isReply).toBe(false);
    expect(flowOf(parseFlowRecord({ flow: { verdict: 'FORWARDED' } })).isReply).toBeNull();
    expect(flowOf(parseFlowRecord({ flow: { verdict: 'FORWARDED', reply: true } })).isReply).toBe(true);
  });

  it('keeps destination_names and post-SNAT source', () => {
    const f = flowOf(
      parseFlowRecord({ flow: { IP: { source: '10.0.0.1', source_xlated: '192.0.2.1', destination: '34.111.22.5' }, destination_names: ['smtp.mailgun.org'] } }),
    );
    expect(f.destinationNames).toEqual(['smtp.mailgun.org']);
    expect(f.ip?.sourceXlated).toBe('192.0.2.1');
  });
});

describe('enums and time', () => {
  it('names drop reasons, including codes newer than this build', () => {
    expect(dropReasonName(133)).toBe('POLICY_DENIED');
    expect(dropReasonName(999)).toBe('DROP_REASON_999');
    expect(dropReasonCode('POLICY_DENY')).toBe(181);
    expect(dropReasonCode('DROP_REASON_999')).toBe(999);
    expect(isPolicyDropReason('POLICY_DENIED')).toBe(true);
    expect(isPolicyDropReason('CT_MAP_INSERTION_FAILED')).toBe(false);
  });

  it('canonicalises RFC 3339 times so they sort as strings', () => {
    expect(canonicalTime('1970-01-01T00:20:34.567800Z')).toBe('1970-01-01T00:20:34.567800000Z');
    expect(canonicalTime('2025-03-14T09:26:53Z')).toBe('2025-03-14T09:26:53.000000000Z');
    expect(canonicalTime('2025-03-14T10:26:53.5+01:00')).toBe('2025-03-14T09:26:53.500000000Z');
    expect(canonicalTime('not a time')).toBeNull();
  });
});

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    if (statSync(p).isDirectory()) return jsonFiles(p);
    return /\.jsonl?$/.test(n) ? [p] : [];
  });
}

describe('acceptance: the Hubble corpora', () => {
  // Record counts from corpora/hubble-flows/SOURCES.md; the hubble-otel `.json` files are JSON Lines too.
  const expected: Record<string, number> = {
    'hubble-otel/testdata/basic-sample-10-flows.json': 10,
    'hubble-otel/testdata/basic-sample-5-dns-flows.json': 5,
    'hubble-otel/testdata/basic-sample-5-http-flows.json': 5,
    'hubble-otel/testdata/basic-sample-330-dns-flows.json': 330,
    'hubble-otel/testdata/basic-sample-348-http-flows.json': 348,
    'hubble-otel/testdata/basic-sample-400-icmpv4-flows.json': 18,
    'hubble-otel/testdata/basic-sample-400-l7-redirected-flows.json': 400,
    'hubble-otel/testdata/basic-sample-400-tcp-flows.json': 400,
    'hubble-otel/testdata/basic-sample-400-udp-flows.json': 400,
    'cilium-docs/hubble-exporter-events.log.jsonl': 2,
    'hubble-printer-golden/printer_json_vs_jsonpb.jsonl': 3,
  };

  it('knows every file of the corpus', () => {
    expect(jsonFiles(corpus).map((p) => path.relative(corpus, p)).sort()).toEqual(Object.keys(expected).sort());
  });

  for (const [rel, count] of Object.entries(expected)) {
    it(`parses every record of ${rel}`, () => {
      const lines = readFileSync(path.join(corpus, rel), 'utf8').split('\n').filter((l) => l.trim() !== '');
      const records = lines.map((l) => parseFlowRecord(JSON.parse(l)));
      expect(records.filter((r) => r.kind !== 'flow')).toEqual([]);
      expect(records.length).toBe(count);
    });
  }

  it('reads the same flow from the printer golden in its json (bare) and jsonpb (wrapped) forms', () => {
    const [bare, wrapped, withTrace] = readFileSync(path.join(corpus, 'hubble-printer-golden/printer_json_vs_jsonpb.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => flowOf(parseFlowRecord(JSON.parse(l))));
    expect(bare).toEqual(wrapped);
    // ip_trace_id is not used by the app: the third form reads the same.
    expect(withTrace).toEqual(wrapped);
    expect(bare?.dropReason).toBe('POLICY_DENIED');
    expect(bare?.time).toBe('1970-01-01T00:20:34.567800000Z');
    expect(bare?.isReply).toBe(false);
  });

  it('reads the hubble-otel L7 and exporter records with the fields the aggregator needs', () => {
    const http = readFileSync(path.join(corpus, 'hubble-otel/testdata/basic-sample-5-http-flows.json'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => flowOf(parseFlowRecord(JSON.parse(l))));
    expect(http.some((f) => f.l7?.protocol === 'http')).toBe(true);
    const exporter = readFileSync(path.join(corpus, 'cilium-docs/hubble-exporter-events.log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => flowOf(parseFlowRecord(JSON.parse(l))));
    expect(exporter.map((f) => f.dropReason)).toEqual(['INVALID_SOURCE_IP', 'POLICY_DENIED']);
    expect(exporter[1]?.destination.podName).toBe('deathstar-7848d6c4d5-th9v2');
  });
});
