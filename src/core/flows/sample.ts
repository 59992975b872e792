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

export { DEFAULT_SAMPLE_SIZE } from './bounds.ts';

const NONE: readonly string[] = Object.freeze([]);

function priority(flow: Flow): number {
  const v = flow.verdict;
  return v === 'DROPPED' || v === 'AUDIT' || v === 'ERROR' ? 0 : 1;
}

/** `priority` of a kept sample (the same verdict, so the same priority as its flow). */
function samplePriority(s: FlowSample): number {
  const v = s.verdict;
  return v === 'DROPPED' || v === 'AUDIT' || v === 'ERROR' ? 0 : 1;
}

/**
 * Order of (priority, time, uuid) of a flow against a kept sample, without building a key string
 * per flow. The sample holds its flow's verdict, time (null as '') and uuid: no entry object per
 * sample is kept beside it (one object fewer per kept flow, most request flows of an export of
 * short-lived pods are kept).
 */
function compareKey(p: number, t: string, u: string, e: FlowSample): number {
  const q = samplePriority(e);
  if (p !== q) return p - q;
  const et = e.time ?? '';
  if (t !== et) return t < et ? -1 : 1;
  if (u !== e.uuid) return u < e.uuid ? -1 : 1;
  return 0;
}

/**
 * One copy of each of the texts that repeat from flow to flow (node names, summaries, observation
 * points, drop reasons) and of each list of policy names: the samples of every edge are kept to
 * the end, and JSON.parse gives each flow its own strings (a policy name built by a template is
 * a chain of five joined strings). Kept texts are flat copies. Lists are frozen and shared.
 * Bounded: when full it starts again (values stay equal, only sharing is lost).
 */
export class StringPool {
  private readonly map = new Map<string, string>();
  private readonly lists = new Map<string, readonly string[]>();
  constructor(private readonly max = 4096) {}

  get(text: string): string {
    const known = this.map.get(text);
    if (known !== undefined) return known;
    if (this.map.size >= this.max) this.map.clear();
    const own = flatText(text);
    this.map.set(own, own);
    return own;
  }

  /** A shared, frozen list equal to `items` (its texts pooled). */
  list(items: readonly string[]): readonly string[] {
    if (items.length === 0) return NONE;
    // The key may collide (a text holding NUL): the list found is compared item by item.
    const key = items.length === 1 ? (items[0] as string) : items.join('\u0000');
    const known = this.lists.get(key);
    if (known !== undefined && known.length === items.length && known.every((t, i) => t === items[i])) return known;
    if (this.lists.size >= this.max) this.lists.clear();
    const own = Object.freeze(items.map((t) => this.get(t)));
    this.lists.set(items.length === 1 ? (own[0] as string) : flatText(key), own);
    return own;
  }
}

/** A flat, sequential copy of a text (a joined one is otherwise a tree of its parts). */
export function flatText(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

export class Sampler {
  /** The kept samples, smallest first. */
  private readonly entries: FlowSample[] = [];
  /** The largest entry once the sample is full (else undefined): read for every flow, kept at hand. */
  private bound: FlowSample | undefined = undefined;
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
      const e = this.entries[i - 1] as FlowSample;
      let c = compareKey(p, t, u, e);
      if (c === 0) {
        // A tie (the same flow read twice, as a rule): broken by the canonical text, computed again (rare).
        sample ??= sampleOf(flow, this.pool);
        text ??= JSON.stringify(sample);
        const y = JSON.stringify(e);
        c = text === y ? 0 : text < y ? -1 : 1;
      }
      if (c >= 0) break;
      i--;
    }
    if (full && i === this.entries.length) return;
    const kept = sample ?? sampleOf(flow, this.pool);
    // Flows come mostly in time order: most are kept at the end.
    if (i === this.entries.length) this.entries.push(kept);
    else this.entries.splice(i, 0, kept);
    if (this.entries.length > this.size) this.entries.pop();
    if (this.entries.length >= this.size) this.bound = this.entries[this.entries.length - 1];
  }

  toPlain(): FlowSample[] {
    return [...this.entries];
  }
}

/** `tcpFlagText` by bit set, made on first use: one text per flag set, not a joined one per sampled flow. */
const FLAG_TEXTS: (string | undefined)[] = [];

export function tcpFlagText(bits: number): string {
  if (bits >= 0 && bits < 1 << TCP_FLAG_NAMES.length) return (FLAG_TEXTS[bits] ??= flagText(bits));
  return flagText(bits);
}

function flagText(bits: number): string {
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
    sourceIp: flow.ip === null ? '' : flow.ip.source,
    destinationIp: flow.ip === null ? '' : flow.ip.destination,
    sourcePort,
    destinationPort,
    tcpFlags: pool === null ? tcpFlags : pool.get(tcpFlags),
    nodeName: pool === null ? flow.nodeName : pool.get(flow.nodeName),
    eventType: flow.eventType,
    summary: pool === null ? summary : pool.get(summary),
    policies: pool === null ? policyNames(flow) : pool.list(policyNames(flow)),
    recordedAllowedBy: pool === null ? keys(flow.egressAllowedBy, flow.ingressAllowedBy) : pool.list(keys(flow.egressAllowedBy, flow.ingressAllowedBy)),
    recordedDeniedBy: pool === null ? keys(flow.egressDeniedBy, flow.ingressDeniedBy) : pool.list(keys(flow.egressDeniedBy, flow.ingressDeniedBy)),
    policyLog: flow.policyLog.length === 0 ? NONE : pool === null ? flow.policyLog.filter((t) => t !== '') : pool.list(flow.policyLog.filter((t) => t !== '')),
    policyMatchType: flow.policyMatchType,
    observationPoint: pool === null ? flow.traceObservationPoint : pool.get(flow.traceObservationPoint),
    sourceIdentity: flow.source.identity,
    destinationIdentity: flow.destination.identity,
  };
}
