/**
 * The drops inbox: the FlowAggregate's dropped flows grouped by source, destination, port and
 * drop reason, and its mismatching edges, each with counts and first/last time, newest first
 * (the flows-per-minute histogram the time-range filter is drawn over: histogram.ts). All of it
 * derived from the aggregate's edges (their `drops` and `timeline`), never from the flows themselves.
 * @public
 */
import { isReservedEntity } from '../identity/reserved.ts';
import { minuteOf, minuteText, NO_DROP_REASON } from './timeline.ts';
import type { EdgePolicy, EdgeProtocol, FlowAggregate, FlowEdge, FlowPeer, TimeBucket } from './types.ts';

/** Minutes since the epoch, `from` inclusive, `to` exclusive. */
export interface TimeRange {
  readonly from: number;
  readonly to: number;
}

/** The cross-check's verdict on an edge that disagrees (`observed-denied-predicted-allowed`…). */
export type InboxMismatch = string;

export interface DropGroup {
  /** `edgeKey` + `\n` + reason: unique in the inbox. */
  readonly id: string;
  /** The FlowAggregate edge the drops belong to (graph edges list it in `flowKeys`). */
  readonly edgeKey: string;
  readonly source: FlowPeer;
  readonly destination: FlowPeer;
  readonly protocol: EdgeProtocol;
  readonly port: number | null;
  /** Drop reason (`POLICY_DENIED`, `POLICY_DENY`, `CT_MAP_INSERTION_FAILED`…). */
  readonly reason: string;
  /** Dropped request flows of this group (in the time range, when one is set). */
  readonly flows: number;
  readonly firstTime: string | null;
  readonly lastTime: string | null;
  /** The edge's mismatch class when its flows disagree with the loaded policy, else null. */
  readonly mismatch: InboxMismatch | null;
  /** Deny policies Hubble recorded on the edge's flows (`*_denied_by`); empty for default deny before Cilium 1.20. */
  readonly recorded: readonly EdgePolicy[];
}

export interface MismatchGroup {
  readonly id: string;
  readonly edgeKey: string;
  readonly source: FlowPeer;
  readonly destination: FlowPeer;
  readonly protocol: EdgeProtocol;
  readonly port: number | null;
  readonly mismatch: InboxMismatch;
  /** Request flows of the edge (in range), and of these the dropped ones. */
  readonly flows: number;
  readonly dropped: number;
  readonly firstTime: string | null;
  readonly lastTime: string | null;
}

function inRange(b: TimeBucket, range: TimeRange): boolean {
  return b.minute >= range.from && b.minute < range.to;
}

function bucketsIn(edge: FlowEdge, range: TimeRange | null): readonly TimeBucket[] | null {
  const t = edge.timeline;
  if (t === undefined) return null;
  return range === null ? t.buckets : t.buckets.filter((b) => inRange(b, range));
}

/** The dropped flows of a time bucket, whatever the reason. */
export function dropsOf(b: TimeBucket): number {
  let n = 0;
  for (const k in b.drops) n += b.drops[k] ?? 0;
  return n;
}

/**
 * A time clamped into a range: kept when its minute is inside, else the start of the range's
 * first (or end of its last) minute that holds flows. Without a range, the time as it is.
 */
function clamp(time: string | null, range: TimeRange | null, bucket: TimeBucket | undefined, end: boolean): string | null {
  if (range === null) return time;
  if (time !== null) {
    const m = minuteOf(time);
    if (m !== null && m >= range.from && m < range.to) return time;
  }
  if (bucket === undefined) return null;
  return end ? minuteText(bucket.minute + 1) : minuteText(bucket.minute);
}

/** Newest first: last time descending (no time last), then more flows first, then by id. */
function newestFirst(a: { lastTime: string | null; flows: number; id: string }, b: { lastTime: string | null; flows: number; id: string }): number {
  if (a.lastTime !== b.lastTime) {
    if (a.lastTime === null) return 1;
    if (b.lastTime === null) return -1;
    return a.lastTime < b.lastTime ? 1 : -1;
  }
  if (a.flows !== b.flows) return b.flows - a.flows;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Dropped flows of an edge by reason: `drops`, plus DROPPED flows that named no reason. */
function dropReasons(edge: FlowEdge): Map<string, number> {
  const out = new Map<string, number>();
  let named = 0;
  for (const [reason, n] of Object.entries(edge.drops)) {
    out.set(reason, n);
    named += n;
  }
  const dropped = edge.verdicts.DROPPED ?? 0;
  if (dropped > named) out.set(NO_DROP_REASON, (out.get(NO_DROP_REASON) ?? 0) + dropped - named);
  return out;
}

/**
 * Every (edge, drop reason) with dropped request flows, newest first. With a range, only flows
 * in it count (an edge without a timeline then has none), and times are clamped into it.
 */
export function dropGroups(aggregate: FlowAggregate, mismatches: ReadonlyMap<string, InboxMismatch> | null = null, range: TimeRange | null = null): DropGroup[] {
  const out: DropGroup[] = [];
  for (const edge of aggregate.edges) {
    if ((edge.verdicts.DROPPED ?? 0) === 0 && Object.keys(edge.drops).length === 0) continue;
    const buckets = bucketsIn(edge, range);
    const spans = edge.timeline?.dropTimes ?? {};
    for (const [reason, total] of dropReasons(edge)) {
      let flows = total;
      let firstBucket: TimeBucket | undefined;
      let lastBucket: TimeBucket | undefined;
      if (range !== null) {
        flows = 0;
        for (const b of buckets ?? []) {
          const n = b.drops[reason] ?? 0;
          if (n === 0) continue;
          flows += n;
          firstBucket ??= b;
          lastBucket = b;
        }
      }
      if (flows === 0) continue;
      const span = spans[reason];
      out.push({
        id: `${edge.key}\n${reason}`,
        edgeKey: edge.key,
        source: edge.source,
        destination: edge.destination,
        protocol: edge.protocol,
        port: edge.port,
        reason,
        flows,
        firstTime: clamp(span?.first ?? edge.firstTime, range, firstBucket, false),
        lastTime: clamp(span?.last ?? edge.lastTime, range, lastBucket, true),
        mismatch: mismatches?.get(edge.key) ?? null,
        recorded: edge.policies.filter((p) => p.effect === 'deny'),
      });
    }
  }
  return out.sort(newestFirst);
}

/**
 * Whether an edge still disagrees within a range: a "dropped although allowed" edge needs drops
 * in it, a "passed although denied" one flows that were not dropped; other classes any flow.
 */
function stillMismatch(cls: InboxMismatch, flows: number, dropped: number): boolean {
  if (cls === 'observed-denied-predicted-allowed') return dropped > 0;
  if (cls === 'observed-allowed-predicted-denied') return flows - dropped > 0;
  return flows > 0;
}

/** The edges the cross-check found disagreeing with the loaded policy, newest first. */
export function mismatchGroups(aggregate: FlowAggregate, mismatches: ReadonlyMap<string, InboxMismatch>, range: TimeRange | null = null): MismatchGroup[] {
  const out: MismatchGroup[] = [];
  if (mismatches.size === 0) return out;
  for (const edge of aggregate.edges) {
    const cls = mismatches.get(edge.key);
    if (cls === undefined) continue;
    let flows = edge.flows;
    let dropped = edge.verdicts.DROPPED ?? 0;
    let first: TimeBucket | undefined;
    let last: TimeBucket | undefined;
    if (range !== null) {
      const buckets = bucketsIn(edge, range) ?? [];
      flows = 0;
      dropped = 0;
      for (const b of buckets) {
        flows += b.flows;
        dropped += dropsOf(b);
      }
      first = buckets[0];
      last = buckets[buckets.length - 1];
      if (!stillMismatch(cls, flows, dropped)) continue;
    }
    out.push({
      id: edge.key,
      edgeKey: edge.key,
      source: edge.source,
      destination: edge.destination,
      protocol: edge.protocol,
      port: edge.port,
      mismatch: cls,
      flows,
      dropped,
      firstTime: clamp(edge.firstTime, range, first, false),
      lastTime: clamp(edge.lastTime, range, last, true),
    });
  }
  return out.sort(newestFirst);
}

/** How a peer of a flow edge is written in the path query's PEER grammar, or null when it cannot be. */
export function peerQueryText(peer: FlowPeer): string | null {
  switch (peer.kind) {
    case 'workload':
    case 'pod':
      return `${peer.namespace}/${peer.name}`;
    case 'reserved':
      return isReservedEntity(peer.entity) ? `entity:${peer.entity}` : null;
    case 'fqdn':
      // The address the flows saw is what CIDR rules match; the name is what toFQDNs rules match.
      return `fqdn:${peer.name}`;
    case 'ip':
      return peer.ip;
    case 'identity':
    case 'unknown':
      return null;
  }
}

/** A peer as the inbox lists it: `ns/name`, `internet (1.2.3.4)`, `kube-apiserver`, `identity 12345`. */
export function peerLabel(peer: FlowPeer): string {
  switch (peer.kind) {
    case 'workload':
    case 'pod':
      return `${peer.namespace}/${peer.name}`;
    case 'reserved':
      return peer.entity === 'world' ? 'internet' : peer.entity;
    case 'fqdn':
      return peer.name;
    case 'ip':
      return peer.evidence.labels.some((l) => l === 'reserved:world' || l.startsWith('reserved:world-')) ? `internet (${peer.ip})` : peer.ip;
    case 'identity':
      return peer.namespace !== '' ? `identity ${peer.identity} (${peer.namespace})` : `identity ${peer.identity}`;
    case 'unknown':
      return 'unknown';
  }
}

/** `25/TCP`, `ICMP type 8`, `no port (VRRP)`. */
export function edgePortText(protocol: EdgeProtocol, port: number | null): string {
  if (protocol === 'ICMPv4' || protocol === 'ICMPv6') return `${protocol === 'ICMPv4' ? 'ICMP' : 'ICMPv6'} type ${port ?? '?'}`;
  if (protocol === 'NONE') return 'no port';
  if (protocol === 'VRRP' || protocol === 'IGMP' || port === null) return `all ports (${protocol})`;
  return `${port}/${protocol}`;
}

/** The path query that explains a flow edge (same source, destination and port), or why there is none. */
export function edgeQueryText(g: { readonly source: FlowPeer; readonly destination: FlowPeer; readonly protocol: EdgeProtocol; readonly port: number | null }): { readonly ok: true; readonly query: InboxQuery } | { readonly ok: false; readonly why: string } {
  const from = peerQueryText(g.source);
  const to = peerQueryText(g.destination);
  if (from === null) return { ok: false, why: `${peerLabel(g.source)} is known only by identity in the flows` };
  if (to === null) return { ok: false, why: `${peerLabel(g.destination)} is known only by identity in the flows` };
  let port: string;
  switch (g.protocol) {
    case 'TCP':
    case 'UDP':
    case 'SCTP':
      port = g.port === null ? `/${g.protocol}` : `${g.port}/${g.protocol}`;
      break;
    case 'ICMPv4':
      port = g.port === null ? '/ICMP' : `${g.port}/ICMP`;
      break;
    case 'ICMPv6':
      port = g.port === null ? '/ICMPv6' : `${g.port}/ICMPv6`;
      break;
    case 'VRRP':
    case 'IGMP':
    case 'NONE':
      port = '';
      break;
  }
  return { ok: true, query: { from, to, port } };
}

/** A path query as the query boxes take it (the shape of `QueryText` in src/core/query). */
export interface InboxQuery {
  readonly from: string;
  readonly to: string;
  readonly port: string;
}

/** Dropped request flows in a range (or all): the sum over the drop groups. */
export function droppedFlows(groups: readonly DropGroup[]): number {
  let n = 0;
  for (const g of groups) n += g.flows;
  return n;
}

function sumVerdicts(buckets: readonly TimeBucket[]): Partial<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const b of buckets) for (const [v, n] of Object.entries(b.verdicts)) out[v] = (out[v] ?? 0) + (n ?? 0);
  return out;
}

function sumDrops(buckets: readonly TimeBucket[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const b of buckets) for (const [r, n] of Object.entries(b.drops)) if (r !== NO_DROP_REASON) out[r] = (out[r] ?? 0) + n;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * The aggregate as if only the flows inside `range` had been captured, for the graph: an edge
 * keeps its flows, verdicts, drops, times and sampled flows of the range (and goes when it has
 * none there); what is not kept per minute (directions, TCP flags, L7 counts, replies, recorded
 * policies) stays that of the whole capture. Mismatch classes are kept for an edge while its flows
 * in the range still disagree.
 */
export function flowsInRange(
  aggregate: FlowAggregate,
  range: TimeRange,
  mismatches: ReadonlyMap<string, InboxMismatch> | undefined,
): { readonly flows: FlowAggregate; readonly mismatches: ReadonlyMap<string, InboxMismatch> | undefined } {
  const edges: FlowEdge[] = [];
  const kept = new Map<string, InboxMismatch>();
  for (const edge of aggregate.edges) {
    const buckets = bucketsIn(edge, range) ?? [];
    let flows = 0;
    let dropped = 0;
    for (const b of buckets) {
      flows += b.flows;
      dropped += dropsOf(b);
    }
    if (flows === 0) continue;
    const first = buckets[0];
    const last = buckets[buckets.length - 1];
    edges.push({
      ...edge,
      flows,
      verdicts: sumVerdicts(buckets),
      drops: sumDrops(buckets),
      firstTime: clamp(edge.firstTime, range, first, false),
      lastTime: clamp(edge.lastTime, range, last, true),
      sample: edge.sample.filter((s) => {
        const m = s.time === null ? null : minuteOf(s.time);
        return m !== null && m >= range.from && m < range.to;
      }),
      ...(edge.timeline ? { timeline: { ...edge.timeline, buckets, untimed: 0 } } : {}),
    });
    const cls = mismatches?.get(edge.key);
    if (cls !== undefined && stillMismatch(cls, flows, dropped)) kept.set(edge.key, cls);
  }
  return { flows: { ...aggregate, edges }, mismatches: mismatches === undefined ? undefined : kept };
}
