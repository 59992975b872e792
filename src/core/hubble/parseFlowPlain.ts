/**
 * `parseFlow` for the line parser's hot path: the same Flow, read with literal property names.
 * `parseFlow`'s readers take the key as an argument, so every field read shares one property-load
 * site that sees every key and object shape (megamorphic: a stub-cache probe per read, a third of
 * the per-flow cost). Here each field has its own site, which sees one shape per export.
 * Returns null whenever a field is not of its plain, error-free form; the caller then runs
 * `parseFlow`, which writes the diagnostic. So a non-null result is exactly what `parseFlow` gives
 * without an error (the line parser's equivalence tests compare the two paths).
 * @internal
 */
import type { Flow, FlowEndpoint, FlowIp, FlowRecord, FlowWorkload, Layer4 } from './Flow.ts';
import { enumName, FLOW_TYPES, TRAFFIC_DIRECTIONS, VERDICTS } from './enums.ts';
import { dropReasonOf, NO_POLICIES, parseAggregate, parseL4, parseL7, parsePolicies } from './parseFlow.ts';
import { canonicalTime, EMPTY_STRINGS, isObject, WireErrors, type WireObject } from './wire.ts';
import { isIpAddress } from '../net/cidr.ts';

/** Marks a field that `parseFlow` would report: the plain reader gives up. */
const BAD = Symbol('bad');
type Bad = typeof BAD;

function str(v: unknown): string | Bad {
  if (typeof v === 'string') return v;
  return v === undefined || v === null ? '' : BAD;
}

const INTEGER = /^-?\d+$/;

function int(v: unknown): number | Bad {
  if (typeof v === 'number') return Number.isInteger(v) ? v : BAD;
  if (v === undefined || v === null) return 0;
  return typeof v === 'string' && INTEGER.test(v) ? Number(v) : BAD;
}

/** `readPort`: an integer 0-65535. */
function port(v: unknown): number | Bad {
  const n = int(v);
  return n === BAD || (n >= 0 && n <= 65535) ? n : BAD;
}

function enumOf<T extends string>(v: unknown, names: readonly T[]): T | Bad {
  if (v === undefined || v === null) return names[0] as T;
  return enumName(names, v) ?? BAD;
}

function strings(v: unknown): readonly string[] | Bad {
  if (v === undefined || v === null) return EMPTY_STRINGS;
  if (!Array.isArray(v)) return BAD;
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string') return BAD;
  return v as readonly string[];
}

/** An address field of `IP` as parseFlow.ts `readIpAddress` reads it. */
function address(v: unknown): string | Bad {
  const s = str(v);
  return s === BAD || s === '' || isIpAddress(s) ? s : BAD;
}

/** `parseIp` on an `IP` value; null when absent. */
function ipOf(v: unknown): FlowIp | null | Bad {
  if (v === undefined || v === null) return null;
  if (!isObject(v)) return BAD;
  const version = v['ipVersion'];
  let ipVersion = '';
  if (typeof version === 'string') ipVersion = version === 'IP_NOT_USED' ? '' : version;
  else if (version === 1) ipVersion = 'IPv4';
  else if (version === 2) ipVersion = 'IPv6';
  else if (version !== undefined && version !== null && version !== 0) return BAD;
  const source = address(v['source']);
  const sourceXlated = address(v['source_xlated']);
  const destination = address(v['destination']);
  if (source === BAD || sourceXlated === BAD || destination === BAD) return BAD;
  return { source, sourceXlated, destination, ipVersion };
}

/** TCP flag bits in wire order, by name. */
const FLAG_BITS: ReadonlyMap<string, number> = new Map(['SYN', 'ACK', 'FIN', 'RST', 'PSH', 'URG', 'ECE', 'CWR', 'NS'].map((n, i) => [n, 1 << i]));

/** `tcpFlags`: own keys walked once instead of nine lookups, most of them misses. */
function flagsOf(v: unknown): number | Bad {
  if (v === undefined || v === null) return 0;
  if (!isObject(v)) return BAD;
  let bits = 0;
  for (const k in v) {
    const bit = FLAG_BITS.get(k);
    if (bit === undefined) continue;
    const x = v[k];
    if (x === true) bits |= bit;
    else if (x !== undefined && x !== false && x !== null) return BAD;
  }
  return bits;
}

/** `parseL4` for its two common forms (TCP, or UDP without TCP); the rest goes to parseL4. */
function l4Of(v: unknown, e: WireErrors): Layer4 | null | Bad {
  if (v === undefined || v === null) return null;
  if (!isObject(v)) return BAD;
  const tcp = v['TCP'];
  if (isObject(tcp)) {
    const sourcePort = port(tcp['source_port']);
    const destinationPort = port(tcp['destination_port']);
    const flags = flagsOf(tcp['flags']);
    if (sourcePort === BAD || destinationPort === BAD || flags === BAD) return BAD;
    return { protocol: 'TCP', sourcePort, destinationPort, flags };
  }
  const udp = v['UDP'];
  if (tcp === undefined && isObject(udp)) {
    const sourcePort = port(udp['source_port']);
    const destinationPort = port(udp['destination_port']);
    if (sourcePort === BAD || destinationPort === BAD) return BAD;
    return { protocol: 'UDP', sourcePort, destinationPort };
  }
  return parseL4({ l4: v }, '', e);
}

/**
 * The Flow `parseFlow(o, …, source, destination)` gives when it records no error, or null.
 * `source` and `destination` are the already parsed, error-free endpoints.
 */
export function parseFlowPlain(o: WireObject, envTime: string, envNode: string, source: FlowEndpoint, destination: FlowEndpoint): Flow | null {
  const rawTimeField = str(o['time']);
  if (rawTimeField === BAD) return null;
  const rawTime = rawTimeField || envTime;
  let time: string | null = null;
  if (rawTime !== '') {
    time = canonicalTime(rawTime);
    if (time === null) return null;
  }
  const verdict = enumOf(o['verdict'], VERDICTS);
  if (verdict === BAD) return null;
  const et = o['event_type'];
  let eventType = 0;
  let eventSubType = 0;
  if (et !== undefined && et !== null) {
    if (!isObject(et)) return null;
    const t = int(et['type']);
    const s = int(et['sub_type']);
    if (t === BAD || s === BAD) return null;
    eventType = t;
    eventSubType = s;
  }
  // The rarer parts keep parseFlow's readers; any error they record makes the result null.
  const e = new WireErrors();
  const [dropReason, dropCode] = dropReasonOf(o, '', e, eventType, eventSubType);
  const replyField = o['is_reply'];
  let isReply: boolean | null = null;
  if (typeof replyField === 'boolean') isReply = replyField;
  else if (replyField !== undefined && replyField !== null) return null;
  if (isReply === null && o['reply'] === true) isReply = true;
  const l7o = o['l7'];
  if (l7o !== undefined && l7o !== null && !isObject(l7o)) return null;
  const uuid = str(o['uuid']);
  const trafficDirection = enumOf(o['traffic_direction'], TRAFFIC_DIRECTIONS);
  const ip = ipOf(o['IP']);
  const l4 = l4Of(o['l4'], e);
  const sourceNames = strings(o['source_names']);
  const destinationNames = strings(o['destination_names']);
  const nodeNameField = str(o['node_name']);
  const type = enumOf(o['Type'], FLOW_TYPES);
  const l7 = l7o === undefined || l7o === null ? null : parseL7(l7o as WireObject, '', e);
  const eab = o['egress_allowed_by'];
  const iab = o['ingress_allowed_by'];
  const edb = o['egress_denied_by'];
  const idb = o['ingress_denied_by'];
  const egressAllowedBy = eab === undefined || eab === null ? NO_POLICIES : parsePolicies(o, 'egress_allowed_by', '', e);
  const ingressAllowedBy = iab === undefined || iab === null ? NO_POLICIES : parsePolicies(o, 'ingress_allowed_by', '', e);
  const egressDeniedBy = edb === undefined || edb === null ? NO_POLICIES : parsePolicies(o, 'egress_denied_by', '', e);
  const ingressDeniedBy = idb === undefined || idb === null ? NO_POLICIES : parsePolicies(o, 'ingress_denied_by', '', e);
  const policyLog = strings(o['policy_log']);
  const policyMatchType = int(o['policy_match_type']);
  const traceObservationPoint = str(o['trace_observation_point']);
  const summary = str(o['Summary']);
  const ag = o['aggregate'];
  const aggregate = ag === undefined || ag === null ? null : parseAggregate(o, '', e);
  if (
    e.first !== null ||
    uuid === BAD ||
    trafficDirection === BAD ||
    ip === BAD ||
    l4 === BAD ||
    sourceNames === BAD ||
    destinationNames === BAD ||
    policyLog === BAD ||
    nodeNameField === BAD ||
    type === BAD ||
    policyMatchType === BAD ||
    traceObservationPoint === BAD ||
    summary === BAD
  ) {
    return null;
  }
  // Same fields in the same order as parseFlow's object: one hidden class for both paths.
  return {
    time,
    uuid,
    verdict,
    dropReason,
    dropReasonCode: dropCode,
    eventType,
    eventSubType,
    trafficDirection,
    isReply,
    ip,
    l4,
    source,
    destination,
    sourceNames,
    destinationNames,
    nodeName: nodeNameField || envNode,
    type,
    l7,
    egressAllowedBy,
    ingressAllowedBy,
    egressDeniedBy,
    ingressDeniedBy,
    policyLog,
    policyMatchType,
    traceObservationPoint,
    summary,
    aggregate,
  };
}

const NO_WORKLOADS: readonly FlowWorkload[] = Object.freeze([]);

/**
 * `parseEndpointObject` of an endpoint value when it records no error, or null (not an object,
 * or a field `parseEndpointObject` would report). Literal property names: one shape per export.
 */
export function parseEndpointPlain(v: unknown): FlowEndpoint | null {
  if (!isObject(v)) return null;
  const id = int(v['ID']);
  const identity = int(v['identity']);
  const clusterName = str(v['cluster_name']);
  const namespace = str(v['namespace']);
  const labels = strings(v['labels']);
  const podName = str(v['pod_name']);
  const w = v['workloads'];
  let workloads: readonly FlowWorkload[] = NO_WORKLOADS;
  if (w !== undefined && w !== null) {
    if (!Array.isArray(w)) return null;
    for (let i = 0; i < w.length; i++) {
      const it: unknown = w[i];
      // parseEndpointObject reuses the wire items when each is {name, kind} with string values.
      if (!isObject(it) || typeof it['name'] !== 'string' || typeof it['kind'] !== 'string') return null;
    }
    workloads = w as readonly FlowWorkload[];
  }
  if (id === BAD || identity === BAD || clusterName === BAD || namespace === BAD || labels === BAD || podName === BAD) return null;
  return { id, identity, clusterName, namespace, labels, podName, workloads };
}

/**
 * `parseFlowRecord(value)` for its common case, a wrapped flow (`{"flow":…,"time","node_name"}`)
 * read without any error, or null: the caller then takes `parseFlowRecord`, which also gives
 * every other kind of record and the first error.
 */
export function parseFlowRecordPlain(value: unknown): FlowRecord | null {
  if (!isObject(value)) return null;
  const flow = value['flow'];
  if (!isObject(flow)) return null;
  const source = parseEndpointPlain(flow['source']);
  if (source === null) return null;
  const destination = parseEndpointPlain(flow['destination']);
  if (destination === null) return null;
  const envTime = value['time'];
  const envNode = value['node_name'];
  const plain = parseFlowPlain(flow, typeof envTime === 'string' ? envTime : '', typeof envNode === 'string' ? envNode : '', source, destination);
  return plain === null ? null : { kind: 'flow', flow: plain };
}
