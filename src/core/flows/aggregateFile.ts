/**
 * Saved flow aggregates (`netpol-viz flows … --save-aggregate OUT.json`) and their exact merge.
 * A week of exporter files from every node does not fit one process: each file is reduced where it
 * lies into a FlowAggregate, only aggregates travel, and merging them gives the aggregate of all
 * the flows together (the same edges, counts, verdicts, drop reasons, first/last times, replies,
 * recorded attribution, samples and timelines). Every figure of a FlowAggregate is a sum, a
 * minimum/maximum or a bounded smallest-set under a fixed order, so merging is exact; a property
 * test pins merge(aggregate(a), aggregate(b)) = aggregate(a ++ b). Format: docs/flow-aggregates.md.
 * Only saved aggregates and renamed flow peers need this module: in the browser it is a chunk of
 * its own (savedAggregates.ts, which also tells a saved aggregate from its first bytes).
 * @public
 */
import type { Diagnostic } from '../model/diagnostic.ts';
import { TRAFFIC_DIRECTIONS, VERDICTS, type TrafficDirection, type Verdict } from '../hubble/enums.ts';
import { addBounded, DEFAULT_SAMPLE_SIZE } from './bounds.ts';
import type {
  DirectionCounts,
  EdgePolicy,
  EdgeTimeline,
  FlowAggregate,
  FlowEdge,
  FlowPeer,
  FlowSample,
  FlowTotals,
  PeerEvidence,
  ReplyTally,
  TcpFlagCounts,
  TimeBucket,
} from './types.ts';

/** The `format` of a saved aggregate; `version` changes whenever the shape of `aggregate` does. */
export const AGGREGATE_FORMAT = 'netpol-viz/flow-aggregate';
export const AGGREGATE_VERSION = 1;

export interface AggregateFile {
  readonly format: typeof AGGREGATE_FORMAT;
  readonly version: typeof AGGREGATE_VERSION;
  /** Flows kept per edge in `sample` when it was made: merging keeps the smallest of the sizes. */
  readonly sampleSize: number;
  readonly aggregate: FlowAggregate;
}

/** The text of a saved aggregate: one JSON line, the header keys first (what savedAggregates.ts `isAggregateHead` looks for). */
export function aggregateFileText(aggregate: FlowAggregate, sampleSize: number = DEFAULT_SAMPLE_SIZE): string {
  const file: AggregateFile = { format: AGGREGATE_FORMAT, version: AGGREGATE_VERSION, sampleSize, aggregate };
  return `${JSON.stringify(file)}\n`;
}

function diag(file: string, code: string, message: string): Diagnostic {
  return { file, document: 0, line: 1, column: 0, path: '', severity: 'error', code, message };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads a saved aggregate. The shape is checked at the top level (totals, edges, replyOnlyEdges,
 * diagnostics); a file of another format or version, or damaged JSON, gives a diagnostic instead.
 */
export function parseAggregateFile(text: string, file: string): { readonly file: AggregateFile } | { readonly diagnostic: Diagnostic } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { diagnostic: diag(file, 'flow-aggregate-json', `This saved flow aggregate is not valid JSON (${e instanceof Error ? e.message : String(e)}); its flows are not counted.`) };
  }
  if (!isRecord(v) || v['format'] !== AGGREGATE_FORMAT) return { diagnostic: diag(file, 'flow-aggregate-format', `Not a saved flow aggregate (format is not "${AGGREGATE_FORMAT}").`) };
  if (v['version'] !== AGGREGATE_VERSION) {
    return {
      diagnostic: diag(file, 'flow-aggregate-version', `Saved flow aggregate version ${JSON.stringify(v['version'])} is not the version ${AGGREGATE_VERSION} this netpol-viz reads; make it again from the exports with this version.`),
    };
  }
  const a = v['aggregate'];
  const size = v['sampleSize'];
  if (!isRecord(a) || !isRecord(a['totals']) || !Array.isArray(a['edges']) || !Array.isArray(a['replyOnlyEdges']) || !Array.isArray(a['diagnostics']) || typeof size !== 'number') {
    return { diagnostic: diag(file, 'flow-aggregate-shape', 'This saved flow aggregate lacks sampleSize, totals, edges, replyOnlyEdges or diagnostics; its flows are not counted.') };
  }
  return { file: v as unknown as AggregateFile };
}

// ---- merging ----

function addCounts<K extends string>(order: readonly K[], a: Readonly<Partial<Record<K, number>>>, b: Readonly<Partial<Record<K, number>>>): Partial<Record<K, number>> {
  const out: Partial<Record<K, number>> = {};
  for (const k of order) {
    const n = (a[k] ?? 0) + (b[k] ?? 0);
    if (n > 0) out[k] = n;
  }
  return out;
}

function addSorted(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) out[k] = (a[k] ?? 0) + (b[k] ?? 0);
  return out;
}

function minTime(a: string | null, b: string | null): string | null {
  return a === null ? b : b === null || a <= b ? a : b;
}

function maxTime(a: string | null, b: string | null): string | null {
  return a === null ? b : b === null || a >= b ? a : b;
}

function bounded<T extends string | number>(a: readonly T[], b: readonly T[], max: number): T[] {
  const out = [...a];
  for (const v of b) addBounded(out, v, max);
  return out;
}

function compareLists(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] as string) < (b[i] as string) ? -1 : 1;
  return a.length - b.length;
}

/** As PeerEvidenceAcc: identities/ips/names/clusters the smallest 8/16/8/4; labels of the smallest identity. */
function mergeEvidence(a: PeerEvidence, b: PeerEvidence): PeerEvidence {
  const ia = a.identities[0] ?? Number.POSITIVE_INFINITY;
  const ib = b.identities[0] ?? Number.POSITIVE_INFINITY;
  const labels = ib < ia || (ib === ia && ia === 0 && compareLists(b.labels, a.labels) < 0) ? b.labels : a.labels;
  return {
    identities: bounded(a.identities, b.identities, 8),
    labels: [...labels],
    ips: bounded(a.ips, b.ips, 16),
    names: bounded(a.names, b.names, 8),
    clusters: bounded(a.clusters, b.clusters, 4),
  };
}

function addFlags(a: TcpFlagCounts, b: TcpFlagCounts): TcpFlagCounts {
  return { syn: a.syn + b.syn, synAck: a.synAck + b.synAck, fin: a.fin + b.fin, rst: a.rst + b.rst };
}

function mergeReplies(a: ReplyTally | null, b: ReplyTally | null): ReplyTally | null {
  if (a === null) return b;
  if (b === null) return a;
  return { flows: a.flows + b.flows, verdicts: addCounts(VERDICTS, a.verdicts, b.verdicts), drops: addSorted(a.drops, b.drops), flags: addFlags(a.flags, b.flags) };
}

function policyKey(p: EdgePolicy): string {
  return `${p.direction} ${p.effect} ${p.kind}/${p.namespace}/${p.name}/${p.derivedFrom}`;
}

function mergePolicies(a: readonly EdgePolicy[], b: readonly EdgePolicy[]): EdgePolicy[] {
  const byKey = new Map<string, EdgePolicy>();
  for (const p of [...a, ...b]) {
    const k = policyKey(p);
    const had = byKey.get(k);
    byKey.set(k, had === undefined ? { ...p } : { ...had, flows: had.flows + p.flows });
  }
  return [...byKey.keys()].sort().map((k) => byKey.get(k) as EdgePolicy);
}

function mergeByDirection(
  a: Readonly<Partial<Record<TrafficDirection, DirectionCounts>>> | undefined,
  b: Readonly<Partial<Record<TrafficDirection, DirectionCounts>>> | undefined,
): Partial<Record<TrafficDirection, DirectionCounts>> | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const out: Partial<Record<TrafficDirection, DirectionCounts>> = {};
  for (const d of TRAFFIC_DIRECTIONS) {
    const x = a[d];
    const y = b[d];
    if (x === undefined && y === undefined) continue;
    if (x === undefined || y === undefined) {
      out[d] = (x ?? y) as DirectionCounts;
      continue;
    }
    out[d] = {
      verdicts: addCounts(VERDICTS, x.verdicts, y.verdicts),
      policyDrops: x.policyDrops + y.policyDrops,
      l7Denied: x.l7Denied + y.l7Denied,
      policyVerdicts: (x.policyVerdicts ?? 0) + (y.policyVerdicts ?? 0),
    };
  }
  return out;
}

function mergeTimeline(a: EdgeTimeline | undefined, b: EdgeTimeline | undefined): EdgeTimeline | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const byMinute = new Map<number, TimeBucket>();
  for (const t of [...a.buckets, ...b.buckets]) {
    const had = byMinute.get(t.minute);
    byMinute.set(t.minute, had === undefined ? t : { minute: t.minute, flows: had.flows + t.flows, verdicts: addCounts(VERDICTS, had.verdicts, t.verdicts), drops: addSorted(had.drops, t.drops) });
  }
  const dropTimes: Record<string, { readonly first: string; readonly last: string }> = {};
  for (const r of [...new Set([...Object.keys(a.dropTimes), ...Object.keys(b.dropTimes)])].sort()) {
    const x = a.dropTimes[r];
    const y = b.dropTimes[r];
    dropTimes[r] = x === undefined ? (y as { first: string; last: string }) : y === undefined ? x : { first: x.first <= y.first ? x.first : y.first, last: x.last >= y.last ? x.last : y.last };
  }
  return { buckets: [...byMinute.keys()].sort((x, y) => x - y).map((m) => byMinute.get(m) as TimeBucket), untimed: a.untimed + b.untimed, dropTimes };
}

const PRIORITY: ReadonlySet<Verdict> = new Set<Verdict>(['DROPPED', 'AUDIT', 'ERROR']);

/** The Sampler's order (sample.ts): drops, audits and errors first, then time, uuid, then the sample's JSON. */
function compareSamples(x: { s: FlowSample; j: string }, y: { s: FlowSample; j: string }): number {
  const px = PRIORITY.has(x.s.verdict) ? 0 : 1;
  const py = PRIORITY.has(y.s.verdict) ? 0 : 1;
  if (px !== py) return px - py;
  const tx = x.s.time ?? '';
  const ty = y.s.time ?? '';
  if (tx !== ty) return tx < ty ? -1 : 1;
  if (x.s.uuid !== y.s.uuid) return x.s.uuid < y.s.uuid ? -1 : 1;
  return x.j === y.j ? 0 : x.j < y.j ? -1 : 1;
}

function mergeSamples(a: readonly FlowSample[], b: readonly FlowSample[], size: number): FlowSample[] {
  if (b.length === 0 && a.length <= size) return [...a];
  return [...a, ...b]
    .map((s) => ({ s, j: JSON.stringify(s) }))
    .sort(compareSamples)
    .slice(0, size)
    .map((x) => x.s);
}

function mergeEdge(a: FlowEdge, b: FlowEdge, sampleSize: number): FlowEdge {
  // A reply-only edge (flows 0) meeting its request edge: the request edge's peers and evidence stand, as when read together.
  if (a.flows === 0 && b.flows > 0) return { ...b, replies: mergeReplies(b.replies, a.replies), sample: mergeSamples(b.sample, [], sampleSize) };
  if (b.flows === 0 && a.flows > 0) return { ...a, replies: mergeReplies(a.replies, b.replies), sample: mergeSamples(a.sample, [], sampleSize) };
  const byDirection = mergeByDirection(a.byDirection, b.byDirection);
  const timeline = mergeTimeline(a.timeline, b.timeline);
  return {
    key: a.key,
    source: { ...a.source, evidence: mergeEvidence(a.source.evidence, b.source.evidence) },
    destination: { ...a.destination, evidence: mergeEvidence(a.destination.evidence, b.destination.evidence) },
    port: a.port,
    protocol: a.protocol,
    flows: a.flows + b.flows,
    verdicts: addCounts(VERDICTS, a.verdicts, b.verdicts),
    drops: addSorted(a.drops, b.drops),
    directions: addCounts(TRAFFIC_DIRECTIONS, a.directions, b.directions),
    ...(byDirection === undefined ? {} : { byDirection }),
    flags: addFlags(a.flags, b.flags),
    firstTime: minTime(a.firstTime, b.firstTime),
    lastTime: maxTime(a.lastTime, b.lastTime),
    replies: mergeReplies(a.replies, b.replies),
    policies: mergePolicies(a.policies, b.policies),
    policyLog: bounded(a.policyLog ?? [], b.policyLog ?? [], 16),
    l7: { dns: a.l7.dns + b.l7.dns, http: a.l7.http + b.l7.http, kafka: a.l7.kafka + b.l7.kafka, denied: a.l7.denied + b.l7.denied },
    sample: mergeSamples(a.sample, b.sample, sampleSize),
    ...(timeline === undefined ? {} : { timeline }),
  };
}

function mergeTotals(a: FlowTotals, b: FlowTotals): FlowTotals {
  const nodeStatus = a.skipped.nodeStatus + b.skipped.nodeStatus;
  const lostEvents = a.skipped.lostEvents + b.skipped.lostEvents;
  const events = (a.skipped.events ?? 0) + (b.skipped.events ?? 0);
  const invalid = a.skipped.invalid + b.skipped.invalid;
  return {
    flows: a.flows + b.flows,
    replies: a.replies + b.replies,
    skipped: { nodeStatus, lostEvents, events, invalid, total: nodeStatus + lostEvents + events + invalid },
    eventsLost: a.eventsLost + b.eventsLost,
    byVerdict: addCounts(VERDICTS, a.byVerdict, b.byVerdict),
    byDropReason: addSorted(a.byDropReason, b.byDropReason),
    bytes: a.bytes + b.bytes,
    firstTime: minTime(a.firstTime, b.firstTime),
    lastTime: maxTime(a.lastTime, b.lastTime),
    ...(a.aggregated || b.aggregated
      ? { aggregated: { records: (a.aggregated?.records ?? 0) + (b.aggregated?.records ?? 0), flows: (a.aggregated?.flows ?? 0) + (b.aggregated?.flows ?? 0) } }
      : {}),
  };
}

/** The aggregate of no flows: merging it changes nothing. */
export function emptyAggregate(): FlowAggregate {
  return {
    totals: { flows: 0, replies: 0, skipped: { nodeStatus: 0, lostEvents: 0, events: 0, invalid: 0, total: 0 }, eventsLost: 0, byVerdict: {}, byDropReason: {}, bytes: 0, firstTime: null, lastTime: null },
    edges: [],
    replyOnlyEdges: [],
    diagnostics: [],
  };
}

/**
 * The aggregate of all the flows behind `parts`, as if they had been read together. Samples keep
 * the `sampleSize` smallest (default 20, the aggregator's). Diagnostics are listed part after part
 * (each part already bounded).
 */
export function mergeAggregates(parts: readonly FlowAggregate[], sampleSize: number = DEFAULT_SAMPLE_SIZE): FlowAggregate {
  let totals = emptyAggregate().totals;
  const edges = new Map<string, FlowEdge>();
  const diagnostics: Diagnostic[] = [];
  for (const p of parts) {
    totals = mergeTotals(totals, p.totals);
    for (const e of [...p.edges, ...p.replyOnlyEdges]) {
      const had = edges.get(e.key);
      edges.set(e.key, had === undefined ? e : mergeEdge(had, e, sampleSize));
    }
    diagnostics.push(...p.diagnostics);
  }
  const out: FlowEdge[] = [];
  const replyOnly: FlowEdge[] = [];
  for (const k of [...edges.keys()].sort()) {
    const e = edges.get(k) as FlowEdge;
    if (e.flows > 0) out.push(e);
    else replyOnly.push(e);
  }
  return { totals, edges: out, replyOnlyEdges: replyOnly, diagnostics };
}

/**
 * The aggregate with each side renamed by `rename` (the same object when it returns its argument),
 * edges keyed again and those that now have the same ends merged as saved aggregates are: the
 * one renaming step of peers known only by a numeric identity (identityNames.ts) and of those
 * known only by an address (ipcacheNames.ts).
 */
export function renamePeers(agg: FlowAggregate, rename: (p: FlowPeer) => FlowPeer): FlowAggregate {
  let renamed = false;
  const edge = (e: FlowEdge): FlowEdge => {
    const source = rename(e.source);
    const destination = rename(e.destination);
    if (source === e.source && destination === e.destination) return e;
    renamed = true;
    const rest = e.key.split('\n').slice(2).join('\n');
    return { ...e, key: `${source.key}\n${destination.key}\n${rest}`, source, destination };
  };
  const next = { ...agg, edges: agg.edges.map(edge), replyOnlyEdges: agg.replyOnlyEdges.map(edge) };
  return renamed ? mergeAggregates([next]) : agg;
}
