/**
 * Streaming aggregation of Hubble flows into a FlowAggregate. Holds one accumulator per edge,
 * never the flows; every figure is a sum, minimum or bounded smallest-set, so the result does not
 * depend on line order (a property test pins this).
 * @public
 */
import type { Diagnostic } from '../model/diagnostic.ts';
import type { Cluster } from '../model/cluster.ts';
import { needsPeerNames, peerNamesCode } from './peerNamesCode.ts';
import type { Flow, FlowAggregateCounts, FlowRecord } from '../hubble/Flow.ts';
import { VERDICTS } from '../hubble/enums.ts';
import { DirCounts, EdgeAcc, countsRecord, sortedRecord, Tally } from './edgeAcc.ts';
import { LabelLists, PeerEvidenceAcc } from './evidence.ts';
import { peerId, PeerKeys, withEvidence } from './peer.ts';
import { DEFAULT_SAMPLE_SIZE, StringPool } from './sample.ts';
import { MinuteReader } from './timeline.ts';
import { EdgeTable } from './edgeTable.ts';
import type { EdgeProtocol, FlowAggregate, FlowEdge, FlowPeerId } from './types.ts';

export interface AggregateOptions {
  /** Flows kept per edge for the detail view (default 20). */
  readonly sampleSize?: number;
  /** Diagnostics kept (default 100); further ones are counted in one summary diagnostic. */
  readonly maxDiagnostics?: number;
}

/**
 * The replies of one request edge (source, destination and port of the request). A reply whose
 * request edge exists is only counted in `tally`: its peers, key and evidence are never shown,
 * since a reply-only edge is reported only for replies without any request (edges are never
 * removed). So `only` (what a reply-only edge shows) is made when the first reply comes before
 * its request edge, kept while none comes, and dropped when the request edge is made.
 */
interface ReplyAcc {
  readonly tally: Tally;
  only: ReplyOnly | null;
}

interface ReplyOnly {
  readonly key: string;
  readonly source: FlowPeerId;
  readonly destination: FlowPeerId;
  readonly protocol: EdgeProtocol;
  readonly port: number | null;
  readonly sourceEvidence: PeerEvidenceAcc;
  readonly destinationEvidence: PeerEvidenceAcc;
}

/** The edge protocol of a flow (its `l4` oneof key). */
function protocolOf(flow: Flow): EdgeProtocol {
  return flow.l4 === null ? 'NONE' : flow.l4.protocol;
}

/**
 * Request-direction port of a flow; for replies the ports are swapped back. (With `protocolOf`
 * instead of one function returning a pair: no array per flow.)
 */
function portOf(flow: Flow, reply: boolean): number | null {
  const l4 = flow.l4;
  if (l4 === null) return null;
  switch (l4.protocol) {
    case 'TCP':
    case 'UDP':
    case 'SCTP':
      return reply ? l4.sourcePort : l4.destinationPort;
    case 'ICMPv4':
      // An echo reply (0) answers an echo request (8); Cilium matches ICMP by type.
      return reply && l4.type === 0 ? 8 : l4.type;
    case 'ICMPv6':
      return reply && l4.type === 129 ? 128 : l4.type;
    case 'VRRP':
    case 'IGMP':
      return l4.type;
  }
}

const PROTOCOL_INDEX: Readonly<Record<EdgeProtocol, number>> = { TCP: 0, UDP: 1, SCTP: 2, ICMPv4: 3, ICMPv6: 4, VRRP: 5, IGMP: 6, NONE: 7 };
const VERDICT_INDEX: ReadonlyMap<string, number> = new Map(VERDICTS.map((v, i) => [v, i]));

/** Numbers `portKey` gives per protocol: no port, then ports 0-65535. */
const PORT_KEYS = 65537;

/**
 * Protocol and port as one number, for the edge tables: one number per (protocol, port), as the
 * edge key text has one text per pair (the tables stand for the texts). Ports 0-65535 and no port
 * by arithmetic; anything else (an ICMP type read as any integer) numbered in `others` from 8 *
 * PORT_KEYS up (once 70000 * protocol + port, which made ICMPv4 type 70000 the edge of ICMPv6 type 0).
 */
function portKey(protocol: EdgeProtocol, port: number | null, others: Map<string, number>): number {
  const base = PROTOCOL_INDEX[protocol] * PORT_KEYS;
  if (port === null) return base;
  if (port >= 0 && port <= 65535 && Number.isInteger(port)) return base + 1 + port;
  const text = `${protocol}/${port}`;
  let k = others.get(text);
  if (k === undefined) others.set(text, (k = 8 * PORT_KEYS + others.size));
  return k;
}

/**
 * A sequential copy of a string built by concatenation: a key kept for the whole stream is
 * otherwise a tree of a dozen small strings (a new edge's key only, never per flow).
 */
function flat(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

export class FlowAggregator {
  /** Edges in the order they came (sorted by key in `result()`), found by parts through `edgeIndex`. */
  private readonly edgeList: EdgeAcc[] = [];
  private readonly edgeIndex = new EdgeTable();
  private readonly replyList: ReplyAcc[] = [];
  private readonly replyIndex = new EdgeTable();
  private readonly peerKeys = new PeerKeys();
  /** `portKey`'s numbers of protocols and ports outside 0-65535. */
  private readonly otherPorts = new Map<string, number>();
  private readonly minutes = new MinuteReader();
  /** Texts shared by the samples of every edge. */
  private readonly pool = new StringPool();
  /** Label lists of the peers' evidence, one copy each. */
  private readonly labelLists = new LabelLists();
  /** The request edges' per-direction counts, one row each. */
  private readonly dirCounts = new DirCounts();
  private readonly sampleSize: number;
  private readonly maxDiagnostics: number;
  private readonly verdicts: number[] = VERDICTS.map(() => 0);
  private readonly dropReasons = new Map<string, number>();
  private readonly diagnostics: Diagnostic[] = [];
  private diagnosticsDropped = 0;
  private flows = 0;
  private replyFlows = 0;
  /** Exporter aggregate records and the flows they stand for (in `flows`). */
  private aggregatedRecords = 0;
  private aggregatedFlows = 0;
  private nodeStatus = 0;
  private lostEvents = 0;
  private events = 0;
  private invalid = 0;
  private eventsLost = 0;
  private bytes = 0;
  private first: string | null = null;
  private last: string | null = null;

  constructor(options: AggregateOptions = {}) {
    this.sampleSize = options.sampleSize ?? DEFAULT_SAMPLE_SIZE;
    this.maxDiagnostics = options.maxDiagnostics ?? 100;
  }

  /** One parsed line. `file`/`line` locate invalid records in diagnostics. */
  addRecord(record: FlowRecord, file: string, line: number): void {
    switch (record.kind) {
      case 'flow': {
        const a = record.flow.aggregate;
        if (a === undefined || a === null) this.addFlow(record.flow, 1);
        else this.addAggregate(record.flow, a);
        return;
      }
      case 'node_status':
        this.nodeStatus++;
        return;
      case 'lost_events':
        this.lostEvents++;
        this.eventsLost += record.lost;
        return;
      case 'event':
        this.events++;
        return;
      case 'invalid':
        this.invalid++;
        this.addDiagnostic({
          file,
          document: line - 1,
          line,
          column: 0,
          path: record.path,
          severity: 'warning',
          code: 'invalid-flow-record',
          message: `${record.message}; this line is skipped, the rest of the export still loads`,
        });
        return;
    }
  }

  /** A line that is not JSON at all (counted as invalid). */
  addInvalidLine(file: string, line: number, code: string, message: string): void {
    this.invalid++;
    this.addDiagnostic({ file, document: line - 1, line, column: 0, path: '', severity: 'warning', code, message });
  }

  addDiagnostic(d: Diagnostic): void {
    if (this.diagnostics.length < this.maxDiagnostics) this.diagnostics.push(d);
    else this.diagnosticsDropped++;
  }

  addBytes(n: number): void {
    this.bytes += n;
  }

  /**
   * An exporter's aggregate record (`flow.aggregate`, Hubble exporter aggregationOptions): the
   * flows it stands for, counted by the direction the exporter counted them in (its own
   * `traffic_direction` is that of the group's first flow, and may be masked out).
   */
  private addAggregate(flow: Flow, a: FlowAggregateCounts): void {
    this.aggregatedRecords++;
    for (const [direction, n] of [['INGRESS', a.ingress], ['EGRESS', a.egress], ['TRAFFIC_DIRECTION_UNKNOWN', a.unknown]] as const) {
      if (n <= 0) continue;
      this.aggregatedFlows += n;
      this.addFlow(flow.trafficDirection === direction ? flow : { ...flow, trafficDirection: direction }, n);
    }
  }

  /** A flow record and the flows it stands for (`n`: 1, or an exporter aggregate's count). */
  addFlow(flow: Flow, n = 1): void {
    this.flows += n;
    const v = VERDICT_INDEX.get(flow.verdict) ?? 0;
    this.verdicts[v] = (this.verdicts[v] ?? 0) + n;
    const reason = flow.dropReason;
    if (reason !== null) this.dropReasons.set(reason, (this.dropReasons.get(reason) ?? 0) + n);
    const t = flow.time;
    if (t !== null) {
      if (this.first === null || t < this.first) this.first = t;
      if (this.last === null || t > this.last) this.last = t;
    }
    const ip = flow.ip;
    const srcIp = ip === null ? '' : ip.source;
    const dstIp = ip === null ? '' : ip.destination;
    const src = this.peerKeys.id(flow.source, srcIp, flow.sourceNames);
    const dst = this.peerKeys.id(flow.destination, dstIp, flow.destinationNames);
    if (flow.isReply === true) {
      this.replyFlows += n;
      this.addReply(flow, src, dst, srcIp, dstIp, v, n);
      return;
    }
    const protocol = protocolOf(flow);
    const port = portOf(flow, false);
    const pk = portKey(protocol, port, this.otherPorts);
    const e = this.edgeIndex.get(src, dst, pk);
    let edge: EdgeAcc;
    if (e >= 0) edge = this.edgeList[e] as EdgeAcc;
    else {
      const srcKey = this.peerKeys.keyOf(src);
      const dstKey = this.peerKeys.keyOf(dst);
      const key = flat(`${srcKey}\n${dstKey}\n${protocol}/${port ?? ''}`);
      edge = new EdgeAcc(
        key,
        peerId(flow.source, srcIp, flow.sourceNames, srcKey),
        peerId(flow.destination, dstIp, flow.destinationNames, dstKey),
        protocol,
        port,
        this.sampleSize,
        this.pool,
        this.labelLists,
        this.dirCounts,
      );
      this.edgeIndex.add(src, dst, pk, this.edgeList.length);
      this.edgeList.push(edge);
      // Replies that came first: now counted under this edge, no longer a reply-only edge.
      const r = this.replyIndex.get(src, dst, pk);
      if (r >= 0) {
        const acc = this.replyList[r] as ReplyAcc;
        edge.replies = acc.tally;
        acc.only = null;
      }
    }
    edge.add(flow, srcIp, dstIp, v, t === null ? -1 : this.minutes.read(t), n);
  }

  /** A reply travels destination → source: it is tallied under the request edge it answers. */
  private addReply(flow: Flow, src: number, dst: number, srcIp: string, dstIp: string, v: number, n: number): void {
    const protocol = protocolOf(flow);
    const port = portOf(flow, true);
    const pk = portKey(protocol, port, this.otherPorts);
    const r = this.replyIndex.get(dst, src, pk);
    let acc: ReplyAcc;
    if (r >= 0) acc = this.replyList[r] as ReplyAcc;
    else {
      acc = { tally: new Tally(), only: null };
      const e = this.edgeIndex.get(dst, src, pk);
      if (e >= 0) (this.edgeList[e] as EdgeAcc).replies = acc.tally;
      else {
        const srcKey = this.peerKeys.keyOf(src);
        const dstKey = this.peerKeys.keyOf(dst);
        acc.only = {
          key: flat(`${dstKey}\n${srcKey}\n${protocol}/${port ?? ''}`),
          source: peerId(flow.destination, dstIp, flow.destinationNames, dstKey),
          destination: peerId(flow.source, srcIp, flow.sourceNames, srcKey),
          protocol,
          port,
          sourceEvidence: new PeerEvidenceAcc(this.labelLists),
          destinationEvidence: new PeerEvidenceAcc(this.labelLists),
        };
      }
      this.replyIndex.add(dst, src, pk, this.replyList.length);
      this.replyList.push(acc);
    }
    acc.tally.count(flow, v, n);
    const only = acc.only;
    if (only !== null) {
      only.sourceEvidence.add(flow.destination, dstIp, flow.destinationNames);
      only.destinationEvidence.add(flow.source, srcIp, flow.sourceNames);
    }
  }

  /** The loaded cluster, when it can name peers the flows do not (peerNames.ts). */
  private namingCluster: Cluster | null = null;

  /**
   * The cluster the flows were loaded with: `result()` names the peers it knows and the flows do
   * not (peerNames.ts, its own chunk in the browser: the caller loads peerNamesCode first, as the
   * load pipeline does).
   */
  clusterLoaded(cluster: Cluster): void {
    this.namingCluster = needsPeerNames(cluster) ? cluster : null;
  }

  /** The aggregate so far (the aggregator can keep streaming afterwards). */
  result(): FlowAggregate {
    const raw = this.rawResult();
    return this.namingCluster === null ? raw : peerNamesCode.get().namePeers(raw, this.namingCluster);
  }

  private rawResult(): FlowAggregate {
    const edges: FlowEdge[] = [];
    // By key, as `[...keys].sort()` orders them (UTF-16 code units); keys are distinct.
    const byKey = this.edgeList.slice().sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const acc of byKey) edges.push(acc.toEdge());
    // Keys sorted as `[...keys].sort()` sorts them (UTF-16 code units).
    const replyOnly: { only: ReplyOnly; tally: Tally }[] = [];
    for (const acc of this.replyList) if (acc.only !== null) replyOnly.push({ only: acc.only, tally: acc.tally });
    replyOnly.sort((a, b) => (a.only.key < b.only.key ? -1 : a.only.key > b.only.key ? 1 : 0));
    const replyOnlyEdges: FlowEdge[] = [];
    for (const { only: r, tally } of replyOnly) {
      replyOnlyEdges.push({
        key: r.key,
        source: withEvidence(r.source, r.sourceEvidence.toPlain()),
        destination: withEvidence(r.destination, r.destinationEvidence.toPlain()),
        port: r.port,
        protocol: r.protocol,
        flows: 0,
        verdicts: {},
        drops: {},
        directions: {},
        byDirection: {},
        flags: { syn: 0, synAck: 0, fin: 0, rst: 0 },
        firstTime: null,
        lastTime: null,
        replies: tally.toReplyTally(),
        policies: [],
        policyLog: [],
        l7: { dns: 0, http: 0, kafka: 0, denied: 0 },
        sample: [],
      });
    }
    const diagnostics = [...this.diagnostics];
    if (this.diagnosticsDropped > 0) {
      diagnostics.push({
        file: diagnostics[0]?.file ?? '',
        document: -1,
        line: 0,
        column: 0,
        path: '',
        severity: 'warning',
        code: 'invalid-flow-record',
        message: `${this.diagnosticsDropped} more invalid lines not listed (each was skipped, the rest loaded)`,
      });
    }
    const skipped = this.nodeStatus + this.lostEvents + this.events + this.invalid;
    return {
      totals: {
        flows: this.flows,
        replies: this.replyFlows,
        skipped: { nodeStatus: this.nodeStatus, lostEvents: this.lostEvents, events: this.events, invalid: this.invalid, total: skipped },
        eventsLost: this.eventsLost,
        byVerdict: countsRecord(VERDICTS, this.verdicts),
        byDropReason: sortedRecord(this.dropReasons),
        bytes: this.bytes,
        firstTime: this.first,
        lastTime: this.last,
        ...(this.aggregatedRecords > 0 ? { aggregated: { records: this.aggregatedRecords, flows: this.aggregatedFlows } } : {}),
      },
      edges,
      replyOnlyEdges,
      diagnostics,
    };
  }
}

/** Aggregates already-parsed records (tests, small inputs). */
export function aggregateRecords(records: Iterable<{ record: FlowRecord; file: string; line: number }>, options?: AggregateOptions): FlowAggregate {
  const agg = new FlowAggregator(options);
  for (const r of records) agg.addRecord(r.record, r.file, r.line);
  return agg.result();
}
