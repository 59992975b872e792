/**
 * The bounded per-edge sample for the detail view. "The first N flows read" would depend on line
 * order, so the sample is the N smallest flows by (priority, time, uuid, then the summary itself):
 * the same flows in any order give the same sample. Drops, audits and errors come first, since
 * they are what an engineer opens an edge for.
 * @internal
 */
import type { Flow } from '../hubble/Flow.ts';
import { TCP_FLAG_NAMES } from '../hubble/Flow.ts';
import type { FlowSample } from './types.ts';
import { policyDerivedFrom, recordedPolicyKey } from './attribution.ts';

export const DEFAULT_SAMPLE_SIZE = 20;

interface Entry {
  readonly priority: number;
  readonly time: string;
  readonly uuid: string;
  readonly sample: FlowSample;
  /** Full canonical form, computed only to break ties between equal keys. */
  canon: string | null;
}

function priority(flow: Flow): number {
  const v = flow.verdict;
  return v === 'DROPPED' || v === 'AUDIT' || v === 'ERROR' ? 0 : 1;
}

/** Order of (priority, time, uuid) without building a key string per flow. */
function compareKey(p: number, t: string, u: string, e: Entry): number {
  if (p !== e.priority) return p - e.priority;
  if (t !== e.time) return t < e.time ? -1 : 1;
  if (u !== e.uuid) return u < e.uuid ? -1 : 1;
  return 0;
}

function canon(e: Entry): string {
  if (e.canon === null) e.canon = JSON.stringify(e.sample);
  return e.canon;
}

/**
 * One copy of each of the texts that repeat from flow to flow (node names, summaries, observation
 * points, drop reasons): the samples of every edge are kept to the end, and JSON.parse gives each
 * flow its own strings. Bounded: when full it starts again (values stay equal, only sharing is lost).
 */
export class StringPool {
  private readonly map = new Map<string, string>();
  constructor(private readonly max = 4096) {}

  get(text: string): string {
    const known = this.map.get(text);
    if (known !== undefined) return known;
    if (this.map.size >= this.max) this.map.clear();
    this.map.set(text, text);
    return text;
  }
}

export class Sampler {
  private readonly entries: Entry[] = [];
  /** The largest entry once the sample is full (else undefined): read for every flow, kept at hand. */
  private bound: Entry | undefined = undefined;
  constructor(
    private readonly size: number,
    private readonly pool: StringPool = new StringPool(),
  ) {}

  offer(flow: Flow): void {
    if (this.size <= 0) return;
    const p = priority(flow);
    const t = flow.time ?? '';
    const u = flow.uuid;
    const bound = this.bound;
    // Fast rejection: most flows of a busy edge are later than everything kept.
    if (bound !== undefined && compareKey(p, t, u, bound) > 0) return;
    const full = this.entries.length >= this.size;
    // The sample (and its canonical text) is built only to break a tie or once the flow is kept.
    let sample: FlowSample | null = null;
    let text: string | null = null;
    let i = this.entries.length;
    while (i > 0) {
      const e = this.entries[i - 1] as Entry;
      let c = compareKey(p, t, u, e);
      if (c === 0) {
        sample ??= sampleOf(flow, this.pool);
        text ??= JSON.stringify(sample);
        const y = canon(e);
        c = text === y ? 0 : text < y ? -1 : 1;
      }
      if (c >= 0) break;
      i--;
    }
    if (full && i === this.entries.length) return;
    this.entries.splice(i, 0, { priority: p, time: t, uuid: u, sample: sample ?? sampleOf(flow, this.pool), canon: text });
    if (this.entries.length > this.size) this.entries.pop();
    if (this.entries.length >= this.size) this.bound = this.entries[this.entries.length - 1];
  }

  toPlain(): FlowSample[] {
    return this.entries.map((e) => e.sample);
  }
}

export function tcpFlagText(bits: number): string {
  let out = '';
  for (let i = 0; i < TCP_FLAG_NAMES.length; i++) if (bits & (1 << i)) out = out === '' ? (TCP_FLAG_NAMES[i] as string) : `${out},${TCP_FLAG_NAMES[i]}`;
  return out;
}

function l7Text(flow: Flow): string {
  const l7 = flow.l7;
  if (l7 === null) return '';
  switch (l7.protocol) {
    case 'dns':
      return `DNS ${l7.type === 'RESPONSE' ? 'Answer' : 'Query'} ${l7.query}${l7.rcode ? ` rcode ${l7.rcode}` : ''}`;
    case 'http':
      return `HTTP ${l7.method} ${l7.url}${l7.code ? ` ${l7.code}` : ''}`;
    case 'kafka':
      return `Kafka ${l7.apiKey} ${l7.topic}`;
    case 'none':
      return '';
  }
}

const NONE: readonly string[] = Object.freeze([]);

function addPolicyNames(out: string[], prefix: string, list: Flow['egressAllowedBy']): void {
  for (const p of list) out.push(`${prefix}${p.kind}/${p.namespace}/${p.name || p.labels.join(',')}`);
}

/** A module-level helper, not a closure: this runs for most sampled flows. */
function policyNames(flow: Flow): readonly string[] {
  if (flow.egressAllowedBy.length === 0 && flow.ingressAllowedBy.length === 0 && flow.egressDeniedBy.length === 0 && flow.ingressDeniedBy.length === 0) return NONE;
  const out: string[] = [];
  if (flow.egressAllowedBy.length) addPolicyNames(out, 'egress allow ', flow.egressAllowedBy);
  if (flow.ingressAllowedBy.length) addPolicyNames(out, 'ingress allow ', flow.ingressAllowedBy);
  if (flow.egressDeniedBy.length) addPolicyNames(out, 'egress deny ', flow.egressDeniedBy);
  if (flow.ingressDeniedBy.length) addPolicyNames(out, 'ingress deny ', flow.ingressDeniedBy);
  return out;
}

function keys(a: Flow['egressAllowedBy'], b: Flow['egressAllowedBy']): readonly string[] {
  if (a.length === 0 && b.length === 0) return NONE;
  const out = new Set<string>();
  for (const p of a) out.add(recordedPolicyKey({ kind: p.kind, namespace: p.namespace, name: p.name, derivedFrom: policyDerivedFrom(p) }));
  for (const p of b) out.add(recordedPolicyKey({ kind: p.kind, namespace: p.namespace, name: p.name, derivedFrom: policyDerivedFrom(p) }));
  return [...out].sort();
}

/** The sample of a flow; `pool` shares the texts that repeat across flows (the values are the same without it). */
export function sampleOf(flow: Flow, pool: StringPool | null = null): FlowSample {
  const l4 = flow.l4;
  let sourcePort: number | null = null;
  let destinationPort: number | null = null;
  let tcpFlags = '';
  if (l4 !== null) {
    if (l4.protocol === 'TCP') tcpFlags = tcpFlagText(l4.flags);
    if (l4.protocol === 'TCP' || l4.protocol === 'UDP' || l4.protocol === 'SCTP') {
      sourcePort = l4.sourcePort;
      destinationPort = l4.destinationPort;
    }
  }
  const summary = flow.summary || l7Text(flow);
  return {
    time: flow.time,
    uuid: flow.uuid,
    verdict: flow.verdict,
    dropReason: pool === null || flow.dropReason === null ? flow.dropReason : pool.get(flow.dropReason),
    direction: flow.trafficDirection,
    isReply: flow.isReply,
    sourceIp: flow.ip?.source ?? '',
    destinationIp: flow.ip?.destination ?? '',
    sourcePort,
    destinationPort,
    tcpFlags: pool === null ? tcpFlags : pool.get(tcpFlags),
    nodeName: pool === null ? flow.nodeName : pool.get(flow.nodeName),
    eventType: flow.eventType,
    summary: pool === null ? summary : pool.get(summary),
    policies: policyNames(flow),
    recordedAllowedBy: keys(flow.egressAllowedBy, flow.ingressAllowedBy),
    recordedDeniedBy: keys(flow.egressDeniedBy, flow.ingressDeniedBy),
    policyLog: flow.policyLog.length === 0 ? NONE : flow.policyLog.filter((t) => t !== ''),
    policyMatchType: flow.policyMatchType,
    observationPoint: pool === null ? flow.traceObservationPoint : pool.get(flow.traceObservationPoint),
    sourceIdentity: flow.source.identity,
    destinationIdentity: flow.destination.identity,
  };
}
