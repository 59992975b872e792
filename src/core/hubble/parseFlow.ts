/**
 * Wire → domain mapping of an export line (`parseFlowRecord`, public) and of the Flow message in
 * it (semantics reference D.2–D.4; the types are Flow.ts's). Hot path: runs once per line of
 * multi-gigabyte exports, so it reuses the parsed arrays and shares empty values.
 */
import type { Flow, FlowAggregateCounts, FlowEndpoint, FlowIp, FlowPolicy, FlowRecord, FlowWorkload, Layer4, Layer7 } from './Flow.ts';
import { dropReasonCode, dropReasonName, enumName, FLOW_TYPES, L7_FLOW_TYPES, TRAFFIC_DIRECTIONS, VERDICTS } from './enums.ts';
import { isIpAddress } from '../net/cidr.ts';
import {
  canonicalTime,
  describe,
  EMPTY_STRINGS,
  isObject,
  pathOf,
  readBool,
  readInt,
  readObject,
  readObjects,
  readPort,
  readString,
  readStrings,
  WireErrors,
  type WireObject,
} from './wire.ts';

/**
 * One line of an export (already JSON-parsed) to a record. Accepts the wrapped
 * `GetFlowsResponse` form (`{"flow":…,"node_name","time"}`, Hubble CLI ≥ 0.11 and exporter files)
 * and the legacy bare flow (≤ 0.10); the exporter's agent and debug events are `event`. Never throws.
 */
export function parseFlowRecord(value: unknown): FlowRecord {
  return parseFlowRecordWith(value, null, null);
}

/**
 * `parseFlowRecord` with the flow's `source` and `destination` already parsed (FlowLineParser):
 * the caller guarantees that the flow object this reads holds placeholders at those two keys.
 * @internal
 */
export function parseFlowRecordWith(value: unknown, source: FlowEndpoint | null, destination: FlowEndpoint | null): FlowRecord {
  if (!isObject(value)) return { kind: 'invalid', path: '', message: 'expected a JSON object per line (a Hubble GetFlowsResponse or Flow)' };
  const e = new WireErrors();
  const wrapped = value['flow'];
  if (wrapped !== undefined) {
    if (!isObject(wrapped)) return { kind: 'invalid', path: 'flow', message: 'expected "flow" to be an object' };
    const envTime = value['time'];
    const envNode = value['node_name'];
    const flow = parseFlow(wrapped, 'flow', e, typeof envTime === 'string' ? envTime : '', typeof envNode === 'string' ? envNode : '', source, destination);
    return e.first ? { kind: 'invalid', ...e.first } : { kind: 'flow', flow };
  }
  if (value['node_status'] !== undefined) return { kind: 'node_status' };
  if (isObject(value['agent_event']) || isObject(value['debug_event'])) return { kind: 'event' };
  if (value['lost_events'] !== undefined) {
    const lost = readObject(value, 'lost_events', '', e);
    const n = lost ? readInt(lost, 'num_events_lost', 'lost_events', e) : 0;
    return e.first ? { kind: 'invalid', ...e.first } : { kind: 'lost_events', lost: n };
  }
  if ('verdict' in value || 'IP' in value || 'source' in value || 'destination' in value || 'l4' in value) {
    const flow = parseFlow(value, '', e, '', '', source, destination);
    return e.first ? { kind: 'invalid', ...e.first } : { kind: 'flow', flow };
  }
  return {
    kind: 'invalid',
    path: '',
    message: 'not a Hubble record: no "flow", "node_status", "lost_events", "agent_event" or "debug_event" key and no flow fields (verdict, IP, source)',
  };
}

const EMPTY_ENDPOINT: FlowEndpoint = Object.freeze({
  id: 0,
  identity: 0,
  clusterName: '',
  namespace: '',
  labels: EMPTY_STRINGS,
  podName: '',
  workloads: Object.freeze([]),
});
export const NO_POLICIES: readonly FlowPolicy[] = Object.freeze([]);

/**
 * `source` / `destination` may be given already parsed (without error) by the caller: the line
 * parser caches endpoints, since the same endpoint repeats on many flows.
 */
export function parseFlow(
  o: WireObject,
  path: string,
  e: WireErrors,
  envTime: string,
  envNode: string,
  source: FlowEndpoint | null = null,
  destination: FlowEndpoint | null = null,
): Flow {
  const rawTime = readString(o, 'time', path, e) || envTime;
  let time: string | null = null;
  if (rawTime !== '') {
    time = canonicalTime(rawTime);
    if (time === null) e.fail(pathOf(path, 'time'), `expected an RFC 3339 time, found ${describe(rawTime)}`);
  }
  const verdict = enumField(o, 'verdict', path, e, VERDICTS);
  const et = readObject(o, 'event_type', path, e);
  const eventType = et ? readInt(et, 'type', pathOf(path, 'event_type'), e) : 0;
  const eventSubType = et ? readInt(et, 'sub_type', pathOf(path, 'event_type'), e) : 0;
  const [dropReason, dropCode] = dropReasonOf(o, path, e, eventType, eventSubType);
  let isReply = readBool(o, 'is_reply', path, e);
  // Before `is_reply` (Hubble < 0.6) only the plain bool `reply` existed, omitted when false.
  if (isReply === null && o['reply'] === true) isReply = true;
  const l7o = readObject(o, 'l7', path, e);
  return {
    time,
    uuid: readString(o, 'uuid', path, e),
    verdict,
    dropReason,
    dropReasonCode: dropCode,
    eventType,
    eventSubType,
    trafficDirection: enumField(o, 'traffic_direction', path, e, TRAFFIC_DIRECTIONS),
    isReply,
    ip: parseIp(o, path, e),
    l4: parseL4(o, path, e),
    // An error-free endpoint records no error, so skipping its parse leaves the first error as it was.
    source: source ?? parseEndpoint(o, 'source', path, e),
    destination: destination ?? parseEndpoint(o, 'destination', path, e),
    sourceNames: readStrings(o, 'source_names', path, e),
    destinationNames: readStrings(o, 'destination_names', path, e),
    nodeName: readString(o, 'node_name', path, e) || envNode,
    type: enumField(o, 'Type', path, e, FLOW_TYPES),
    l7: l7o ? parseL7(l7o, pathOf(path, 'l7'), e) : null,
    egressAllowedBy: parsePolicies(o, 'egress_allowed_by', path, e),
    ingressAllowedBy: parsePolicies(o, 'ingress_allowed_by', path, e),
    egressDeniedBy: parsePolicies(o, 'egress_denied_by', path, e),
    ingressDeniedBy: parsePolicies(o, 'ingress_denied_by', path, e),
    policyLog: readStrings(o, 'policy_log', path, e),
    policyMatchType: readInt(o, 'policy_match_type', path, e),
    traceObservationPoint: readString(o, 'trace_observation_point', path, e),
    summary: readString(o, 'Summary', path, e),
    aggregate: parseAggregate(o, path, e),
  };
}

/**
 * `aggregate` of an exporter's aggregate record (flow.proto `Aggregate`, uint32 counts); null when
 * absent. A record with every count 0 (upstream never writes one: `Aggregate.toProto` drops an
 * empty aggregate) stands for one flow, as an ordinary record does.
 */
export function parseAggregate(o: WireObject, path: string, e: WireErrors): FlowAggregateCounts | null {
  const a = readObject(o, 'aggregate', path, e);
  if (a === null) return null;
  const p = pathOf(path, 'aggregate');
  const counts = { ingress: readInt(a, 'ingress_flow_count', p, e), egress: readInt(a, 'egress_flow_count', p, e), unknown: readInt(a, 'unknown_direction_flow_count', p, e) };
  for (const [key, n] of [['ingress_flow_count', counts.ingress], ['egress_flow_count', counts.egress], ['unknown_direction_flow_count', counts.unknown]] as const) {
    if (n < 0) e.fail(pathOf(p, key), `expected a count (uint32), found ${n}`);
  }
  return counts.ingress + counts.egress + counts.unknown > 0 ? counts : null;
}

/** An enum field; absent means the zero value (first name). */
function enumField<T extends string>(o: WireObject, key: string, path: string, e: WireErrors, names: readonly T[]): T {
  const v = o[key];
  const first = names[0] as T;
  if (v === undefined || v === null) return first;
  const name = enumName(names, v);
  if (name !== null) return name;
  e.fail(pathOf(path, key), `unknown value ${describe(v)}; expected one of ${names.join(', ')}`);
  return first;
}

export function dropReasonOf(o: WireObject, path: string, e: WireErrors, eventType: number, subType: number): [string | null, number] {
  const desc = o['drop_reason_desc'];
  if (typeof desc === 'string' && desc !== '') return [desc, dropReasonCode(desc) ?? 0];
  if (typeof desc === 'number' && desc > 0) return [dropReasonName(desc), desc];
  if (desc !== undefined && desc !== null && desc !== '' && desc !== 0) {
    e.fail(pathOf(path, 'drop_reason_desc'), `expected a DropReason name, found ${describe(desc)}`);
  }
  const code = readInt(o, 'drop_reason', path, e);
  if (code > 0) return [dropReasonName(code), code];
  // Drop events (monitor type 1) carry the reason code as sub type even when the enum is absent.
  if (eventType === 1 && subType > 0) return [dropReasonName(subType), subType];
  return [null, 0];
}

function parseIp(o: WireObject, path: string, e: WireErrors): FlowIp | null {
  const ip = readObject(o, 'IP', path, e);
  if (!ip) return null;
  const p = pathOf(path, 'IP');
  const v = ip['ipVersion'];
  let ipVersion = '';
  if (typeof v === 'string') ipVersion = v === 'IP_NOT_USED' ? '' : v;
  else if (v === 1) ipVersion = 'IPv4';
  else if (v === 2) ipVersion = 'IPv6';
  else if (v !== undefined && v !== null && v !== 0) e.fail(pathOf(p, 'ipVersion'), `expected IPv4 or IPv6, found ${describe(v)}`);
  return {
    source: readIpAddress(ip, 'source', p, e),
    sourceXlated: readIpAddress(ip, 'source_xlated', p, e),
    destination: readIpAddress(ip, 'destination', p, e),
    ipVersion,
  };
}

/** An address field of `IP`: '' when absent, else an IP address (net/cidr.ts `isIpAddress`); anything else breaks the record. */
function readIpAddress(o: WireObject, key: string, path: string, e: WireErrors): string {
  const v = readString(o, key, path, e);
  if (v !== '' && !isIpAddress(v)) e.fail(pathOf(path, key), `expected an IP address, found ${describe(v)}`);
  return v;
}

export function parseL4(o: WireObject, path: string, e: WireErrors): Layer4 | null {
  const l4 = readObject(o, 'l4', path, e);
  if (!l4) return null;
  const p = pathOf(path, 'l4');
  let m = readObject(l4, 'TCP', p, e);
  if (m) {
    const q = pathOf(p, 'TCP');
    const f = readObject(m, 'flags', q, e);
    return {
      protocol: 'TCP',
      sourcePort: readPort(m, 'source_port', q, e),
      destinationPort: readPort(m, 'destination_port', q, e),
      flags: f ? tcpFlags(f, pathOf(q, 'flags'), e) : 0,
    };
  }
  for (const protocol of ['UDP', 'SCTP'] as const) {
    m = readObject(l4, protocol, p, e);
    if (m) {
      const q = pathOf(p, protocol);
      return { protocol, sourcePort: readPort(m, 'source_port', q, e), destinationPort: readPort(m, 'destination_port', q, e) };
    }
  }
  for (const protocol of ['ICMPv4', 'ICMPv6'] as const) {
    m = readObject(l4, protocol, p, e);
    if (m) {
      const q = pathOf(p, protocol);
      return { protocol, type: readInt(m, 'type', q, e), code: readInt(m, 'code', q, e) };
    }
  }
  for (const protocol of ['VRRP', 'IGMP'] as const) {
    m = readObject(l4, protocol, p, e);
    if (m) return { protocol, type: readInt(m, 'type', pathOf(p, protocol), e) };
  }
  // An empty or unknown oneof: no layer-4 information we can use (not an error in proto3 JSON).
  return null;
}

const FLAG_KEYS = ['SYN', 'ACK', 'FIN', 'RST', 'PSH', 'URG', 'ECE', 'CWR', 'NS'] as const;

function tcpFlags(f: WireObject, path: string, e: WireErrors): number {
  let bits = 0;
  for (let i = 0; i < FLAG_KEYS.length; i++) {
    const v = f[FLAG_KEYS[i] as string];
    if (v === true) bits |= 1 << i;
    else if (v !== undefined && v !== false && v !== null) e.fail(pathOf(path, FLAG_KEYS[i] as string), `expected true or false, found ${describe(v)}`);
  }
  return bits;
}

function parseEndpoint(o: WireObject, key: 'source' | 'destination', path: string, e: WireErrors): FlowEndpoint {
  const ep = readObject(o, key, path, e);
  if (!ep) return EMPTY_ENDPOINT;
  return parseEndpointObject(ep, pathOf(path, key), e);
}

/** `source` / `destination` once known to be an object; `p` is its path. */
export function parseEndpointObject(ep: WireObject, p: string, e: WireErrors): FlowEndpoint {
  const w = ep['workloads'];
  let workloads: readonly FlowWorkload[] = EMPTY_ENDPOINT.workloads;
  if (w !== undefined && w !== null) {
    const items = readObjects(ep, 'workloads', p, e);
    // The wire items are already {name, kind}: reuse them unless a field is missing or not a string.
    workloads = items.every((it) => typeof it['name'] === 'string' && typeof it['kind'] === 'string')
      ? (items as unknown as readonly FlowWorkload[])
      : items.map((it, i) => ({
          name: readString(it, 'name', `${p}.workloads[${i}]`, e),
          kind: readString(it, 'kind', `${p}.workloads[${i}]`, e),
        }));
  }
  return {
    id: readInt(ep, 'ID', p, e),
    identity: readInt(ep, 'identity', p, e),
    clusterName: readString(ep, 'cluster_name', p, e),
    namespace: readString(ep, 'namespace', p, e),
    labels: readStrings(ep, 'labels', p, e),
    podName: readString(ep, 'pod_name', p, e),
    workloads,
  };
}

export function parsePolicies(o: WireObject, key: string, path: string, e: WireErrors): readonly FlowPolicy[] {
  const v = o[key];
  if (v === undefined || v === null) return NO_POLICIES;
  const items = readObjects(o, key, path, e);
  return items.map((it, i) => {
    const p = `${pathOf(path, key)}[${i}]`;
    const labels = readStrings(it, 'labels', p, e);
    const rev = it['revision'];
    let revision = '';
    if (typeof rev === 'string') revision = rev;
    else if (typeof rev === 'number') revision = String(rev);
    else if (rev !== undefined && rev !== null) e.fail(pathOf(p, 'revision'), `expected a uint64 (string), found ${describe(rev)}`);
    return {
      name: readString(it, 'name', p, e),
      namespace: readString(it, 'namespace', p, e),
      kind: readString(it, 'kind', p, e) || kindFromLabels(labels),
      labels,
      revision,
    };
  });
}

/** Before 1.18 `kind` was absent; the agent's `derived-from` label carries it. */
function kindFromLabels(labels: readonly string[]): string {
  for (const l of labels) {
    if (l.startsWith('k8s:io.cilium.k8s.policy.derived-from=')) return l.slice('k8s:io.cilium.k8s.policy.derived-from='.length);
  }
  return '';
}

export function parseL7(o: WireObject, path: string, e: WireErrors): Layer7 {
  const type = enumField(o, 'type', path, e, L7_FLOW_TYPES);
  const latencyNs = readInt(o, 'latency_ns', path, e);
  const dns = readObject(o, 'dns', path, e);
  if (dns) {
    const p = pathOf(path, 'dns');
    return {
      type,
      latencyNs,
      protocol: 'dns',
      query: readString(dns, 'query', p, e),
      rcode: readInt(dns, 'rcode', p, e),
      ips: readStrings(dns, 'ips', p, e),
      qtypes: readStrings(dns, 'qtypes', p, e),
    };
  }
  const http = readObject(o, 'http', path, e);
  if (http) {
    const p = pathOf(path, 'http');
    return {
      type,
      latencyNs,
      protocol: 'http',
      method: readString(http, 'method', p, e),
      url: readString(http, 'url', p, e),
      code: readInt(http, 'code', p, e),
      httpProtocol: readString(http, 'protocol', p, e),
    };
  }
  const kafka = readObject(o, 'kafka', path, e);
  if (kafka) {
    const p = pathOf(path, 'kafka');
    return {
      type,
      latencyNs,
      protocol: 'kafka',
      topic: readString(kafka, 'topic', p, e),
      apiKey: readString(kafka, 'api_key', p, e),
      errorCode: readInt(kafka, 'error_code', p, e),
    };
  }
  return { type, latencyNs, protocol: 'none' };
}
