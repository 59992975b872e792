import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FlowEndpoint } from './Flow.ts';
import { parseFlow, parseFlowRecord } from './parseFlow.ts';
import { parseFlowPlain, parseFlowRecordPlain } from './parseFlowPlain.ts';
import { WireErrors, type WireObject } from './wire.ts';

const src: FlowEndpoint = { id: 1, identity: 20013, clusterName: 'c', namespace: 'acme', labels: ['k8s:app=api'], podName: 'api-1', workloads: [] };
const dst: FlowEndpoint = { id: 0, identity: 2, clusterName: '', namespace: '', labels: ['reserved:world'], podName: '', workloads: [] };

/** Values no field accepts, and the forms some do (numbers as strings, null, wrong enums). */
const odd = fc.constantFrom<unknown>(null, 'x', '12', '-3', 1.5, -1, 0, 2, true, false, [], ['a'], [1], {}, { a: 1 });
/** Mostly the valid form, sometimes an odd one: most flows come out error-free, every field sometimes does not. */
function maybe<T>(good: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 20, arbitrary: good }, { weight: 1, arbitrary: odd });
}
const time = fc.constantFrom('2026-11-20T09:00:00.427123456Z', '2026-11-20T09:00:00Z', '2026-11-20T10:00:00.5+01:00', 'yesterday', '');
const ports = fc.record({ source_port: maybe(fc.nat({ max: 65535 })), destination_port: maybe(fc.nat({ max: 65535 })) }, { requiredKeys: [] });
const flags = fc.oneof(
  fc.dictionary(fc.constantFrom('SYN', 'ACK', 'FIN', 'RST', 'PSH', 'URG', 'ECE', 'CWR', 'NS', 'XMAS', '__proto__'), maybe(fc.boolean()), { maxKeys: 4 }),
  odd,
);
const l4 = fc.oneof(
  fc.record({ TCP: maybe(fc.record({ source_port: fc.nat(), destination_port: fc.nat(), flags }, { requiredKeys: [] })) }, { requiredKeys: [] }),
  fc.record({ UDP: maybe(ports), TCP: fc.constantFrom(undefined, null, 'x', 5, []) }, { requiredKeys: ['UDP'] }),
  fc.record({ SCTP: ports }),
  fc.record({ ICMPv4: fc.record({ type: maybe(fc.nat({ max: 255 })), code: fc.nat({ max: 255 }) }, { requiredKeys: [] }) }),
  fc.record({ ICMPv6: fc.record({ type: fc.nat({ max: 255 }) }) }),
  fc.record({ IGMP: fc.record({ type: fc.nat() }), UDP: odd }),
  odd,
);
const ip = fc.oneof(
  fc.record(
    {
      source: maybe(fc.constantFrom('10.0.0.1', 'fd00::1')),
      source_xlated: maybe(fc.constant('192.0.2.1')),
      destination: maybe(fc.constant('10.0.0.2')),
      ipVersion: maybe(fc.constantFrom('IPv4', 'IPv6', 'IP_NOT_USED', 1, 2, 0, 3)),
    },
    { requiredKeys: [] },
  ),
  odd,
);
const policy = fc.record(
  { name: maybe(fc.constant('p')), namespace: fc.constant('acme'), kind: fc.constantFrom('CiliumNetworkPolicy', ''), labels: maybe(fc.constant(['k8s:io.cilium.k8s.policy.derived-from=NetworkPolicy'])), revision: maybe(fc.constantFrom('7', 7)) },
  { requiredKeys: [] },
);
const policies = maybe(fc.array(policy, { maxLength: 2 }));
const strings = maybe(fc.array(fc.constantFrom('a.example.', 'b.example.'), { maxLength: 2 }));

const flowObject = fc.record(
  {
    time: maybe(time),
    uuid: maybe(fc.uuid()),
    verdict: maybe(fc.constantFrom('FORWARDED', 'DROPPED', 'AUDIT', 'BOGUS', 2, 9)),
    drop_reason_desc: maybe(fc.constantFrom('POLICY_DENIED', 'CT_MAP_INSERTION_FAILED', 133, '')),
    drop_reason: maybe(fc.constantFrom(133, '181')),
    event_type: maybe(fc.record({ type: maybe(fc.constantFrom(1, 4, 5, 129)), sub_type: maybe(fc.constantFrom(0, 3, 133)) }, { requiredKeys: [] })),
    is_reply: maybe(fc.boolean()),
    reply: maybe(fc.boolean()),
    IP: ip,
    l4,
    source_names: strings,
    destination_names: strings,
    node_name: maybe(fc.constant('c/n')),
    traffic_direction: maybe(fc.constantFrom('INGRESS', 'EGRESS', 1, 'SIDEWAYS')),
    Type: maybe(fc.constantFrom('L3_L4', 'L7', 'NOPE', 2)),
    l7: fc.oneof(
      fc.record({ type: fc.constantFrom('REQUEST', 'RESPONSE', 'X'), dns: fc.record({ query: fc.constant('a.example.'), rcode: maybe(fc.nat()) }, { requiredKeys: [] }) }, { requiredKeys: [] }),
      fc.record({ http: fc.record({ method: fc.constant('GET'), code: maybe(fc.constant(200)) }, { requiredKeys: [] }) }),
      odd,
    ),
    egress_allowed_by: policies,
    ingress_allowed_by: policies,
    egress_denied_by: policies,
    ingress_denied_by: policies,
    policy_match_type: maybe(fc.nat({ max: 4 })),
    trace_observation_point: maybe(fc.constantFrom('TO_ENDPOINT', 'FROM_STACK')),
    Summary: maybe(fc.constant('TCP Flags: SYN')),
  },
  { requiredKeys: [] },
);

describe('parseFlowPlain gives parseFlow’s flow exactly when parseFlow records no error (fast-check)', () => {
  it('on generated flows, fields valid or not', () => {
    let plain = 0;
    fc.assert(
      fc.property(flowObject, fc.constantFrom('', '2026-11-20T09:00:01.000000000Z', 'bad'), fc.constantFrom('', 'c/env'), (o, envTime, envNode) => {
        // Through JSON, as the line parser sees it (also drops undefined members).
        const v = JSON.parse(JSON.stringify(o)) as WireObject;
        const e = new WireErrors();
        const ref = parseFlow(v, 'flow', e, envTime, envNode, src, dst);
        const quick = parseFlowPlain(v, envTime, envNode, src, dst);
        if (e.first === null) {
          expect(quick).toEqual(ref);
          plain++;
        } else {
          expect(quick).toBeNull();
        }
      }),
      { numRuns: 3000 },
    );
    // Most generated flows hold some field parseFlow reports; enough do not.
    expect(plain).toBeGreaterThan(50);
  });

  it('on a typical TCP flow, field by field', () => {
    const v = JSON.parse(
      '{"time":"2026-11-20T09:00:00.448290558Z","uuid":"u","verdict":"FORWARDED","IP":{"source":"10.1.3.10","destination":"10.1.16.10","ipVersion":"IPv4"},"l4":{"TCP":{"source_port":51993,"destination_port":8000,"flags":{"SYN":true,"ACK":true}}},"Type":"L3_L4","event_type":{"type":4,"sub_type":3},"traffic_direction":"INGRESS","is_reply":false,"Summary":"TCP Flags: SYN, ACK"}',
    ) as WireObject;
    const e = new WireErrors();
    const ref = parseFlow(v, 'flow', e, '', 'c/n', src, dst);
    expect(e.first).toBeNull();
    expect(parseFlowPlain(v, '', 'c/n', src, dst)).toEqual(ref);
    expect(ref.l4).toEqual({ protocol: 'TCP', sourcePort: 51993, destinationPort: 8000, flags: 3 });
  });
});

const workload = fc.record({ name: fc.constantFrom('api', 'db'), kind: fc.constantFrom('Deployment', 'StatefulSet') }, { requiredKeys: [] });
const endpointFields = {
  ID: fc.nat({ max: 4000 }),
  identity: fc.constantFrom(2, 20013, 16777217),
  cluster_name: fc.constant('c'),
  namespace: fc.constantFrom('acme', ''),
  labels: fc.array(fc.constantFrom('k8s:app=api', 'reserved:world'), { maxLength: 2 }),
  pod_name: fc.constantFrom('api-1', ''),
  workloads: fc.array(workload, { maxLength: 2 }),
};
/** Mostly endpoints of valid fields; some with an odd value in any field, item or in place of the endpoint. */
const endpoint = fc.oneof(
  { weight: 6, arbitrary: fc.record(endpointFields, { requiredKeys: [] }) },
  {
    weight: 2,
    arbitrary: fc.record(
      { ...Object.fromEntries(Object.entries(endpointFields).map(([k, v]) => [k, maybe(v as fc.Arbitrary<unknown>)])), workloads: maybe(fc.array(maybe(fc.record({ name: maybe(fc.constant('api')), kind: maybe(fc.constant('Deployment')) }, { requiredKeys: [] })), { maxLength: 2 })) },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: odd },
);

describe('parseFlowRecordPlain gives parseFlowRecord’s record whenever it gives one (fast-check)', () => {
  it('on generated wrapped flows with generated endpoints, fields valid or not', () => {
    let plain = 0;
    fc.assert(
      fc.property(flowObject, endpoint, endpoint, maybe(time), maybe(fc.constant('c/env')), (flow, source, destination, envTime, envNode) => {
        const v: unknown = JSON.parse(JSON.stringify({ flow: { ...flow, source, destination }, time: envTime, node_name: envNode }));
        const ref = parseFlowRecord(v);
        const quick = parseFlowRecordPlain(v);
        // A decline is always allowed (the caller takes parseFlowRecord); what it gives must be the same.
        if (quick !== null) {
          expect(quick).toEqual(ref);
          plain++;
        }
      }),
      { numRuns: 3000 },
    );
    // Most generated records hold some field parseFlowRecord reports (about 1.5% do not).
    expect(plain).toBeGreaterThan(15);
  });

  it('declines what is not a wrapped flow', () => {
    for (const v of [null, 1, [], {}, { flow: 1 }, { node_status: {} }, { verdict: 'FORWARDED', source: {}, destination: {} }]) expect(parseFlowRecordPlain(v)).toBeNull();
  });
});
