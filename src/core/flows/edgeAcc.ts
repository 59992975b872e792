/**
 * Mutable per-edge counters, one object per edge for the whole stream (never per flow).
 * `toEdge` freezes them into the plain `FlowEdge`.
 * @internal
 */
import type { Flow, FlowPolicy } from '../hubble/Flow.ts';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from '../hubble/Flow.ts';
import { isPolicyDropReason, TRAFFIC_DIRECTIONS, VERDICTS, type TrafficDirection, type Verdict } from '../hubble/enums.ts';
import { addBounded, PeerEvidenceAcc, type LabelLists } from './evidence.ts';
import { policyDerivedFrom } from './attribution.ts';
import { flatText, Sampler, type StringPool } from './sample.ts';
import { TimelineAcc } from './timeline.ts';
import { withEvidence } from './peer.ts';
import type { DirectionCounts, EdgePolicy, EdgeProtocol, FlowEdge, FlowPeerId, ReplyTally, TcpFlagCounts } from './types.ts';

const DIRECTION_INDEX: Readonly<Record<TrafficDirection, number>> = Object.fromEntries(TRAFFIC_DIRECTIONS.map((v, i) => [v, i])) as Record<
  TrafficDirection,
  number
>;

/** Layout of `EdgeAcc.byDir` for one direction: flows, the verdicts, policy drops, L7 denials, policy verdicts. */
const DIR_VERDICTS = 1;
const DIR_POLICY_DROPS = DIR_VERDICTS + VERDICTS.length;
const DIR_L7_DENIED = DIR_POLICY_DROPS + 1;
const DIR_POLICY_VERDICTS = DIR_L7_DENIED + 1;
const DIR_STRIDE = DIR_POLICY_VERDICTS + 1;
/** Numbers per edge in `DirCounts`. */
const ROW = TRAFFIC_DIRECTIONS.length * DIR_STRIDE;

/**
 * The per-direction counts of many edges, ROW numbers each, in one growing Float64Array: no array
 * object per edge for the garbage collector to copy and scan, and one memory read fewer per flow
 * (the edge's array object, then its elements). Counts are integers (exact below 2^53).
 */
export class DirCounts {
  cells: Float64Array;
  private rows = 0;
  constructor(initialRows = 256) {
    this.cells = new Float64Array(Math.max(1, initialRows) * ROW);
  }

  /** The offset of a new row of zeros. */
  row(): number {
    const at = this.rows * ROW;
    if (at + ROW > this.cells.length) {
      const bigger = new Float64Array(2 * this.cells.length);
      bigger.set(this.cells);
      this.cells = bigger;
    }
    this.rows++;
    return at;
  }
}

/** Drop reasons and TCP flags: what request edges and reply tallies both count. */
class FlagsAndDrops {
  drops: Map<string, number> | null = null;
  syn = 0;
  synAck = 0;
  fin = 0;
  rst = 0;

  protected countFlagsAndDrops(flow: Flow, n: number): void {
    const reason = flow.dropReason;
    if (reason !== null) {
      if (this.drops === null) this.drops = new Map();
      this.drops.set(reason, (this.drops.get(reason) ?? 0) + n);
    }
    const l4 = flow.l4;
    if (l4 !== null && l4.protocol === 'TCP') {
      const f = l4.flags;
      if (f & TCP_SYN) {
        if (f & TCP_ACK) this.synAck += n;
        else this.syn += n;
      }
      if (f & TCP_FIN) this.fin += n;
      if (f & TCP_RST) this.rst += n;
    }
  }

  dropRecord(): Record<string, number> {
    return sortedRecord(this.drops);
  }

  flags(): TcpFlagCounts {
    return { syn: this.syn, synAck: this.synAck, fin: this.fin, rst: this.rst };
  }
}

/** The counts of an edge's replies. */
export class Tally extends FlagsAndDrops {
  flows = 0;
  readonly verdicts: number[] = VERDICTS.map(() => 0);

  /** `v`: the index of the flow's verdict in VERDICTS; `n`: the flows the record stands for (1, or an exporter aggregate's count). */
  count(flow: Flow, v: number, n: number): void {
    this.flows += n;
    this.verdicts[v] = (this.verdicts[v] ?? 0) + n;
    this.countFlagsAndDrops(flow, n);
  }

  verdictRecord(): Partial<Record<Verdict, number>> {
    return countsRecord(VERDICTS, this.verdicts);
  }

  toReplyTally(): ReplyTally {
    return { flows: this.flows, verdicts: this.verdictRecord(), drops: this.dropRecord(), flags: this.flags() };
  }
}

export function countsRecord<T extends string>(names: readonly T[], counts: ArrayLike<number>, from = 0): Partial<Record<T, number>> {
  const out: Partial<Record<T, number>> = {};
  for (let i = 0; i < names.length; i++) if ((counts[from + i] ?? 0) > 0) out[names[i] as T] = counts[from + i];
  return out;
}

export function sortedRecord(m: ReadonlyMap<string, number> | null): Record<string, number> {
  const out: Record<string, number> = {};
  if (m === null) return out;
  for (const k of [...m.keys()].sort()) out[k] = m.get(k) ?? 0;
  return out;
}


interface PolicyAcc {
  readonly policy: Omit<EdgePolicy, 'flows'>;
  flows: number;
}

/** The first policy of a direction/effect list last seen on the edge, and where it was counted. */
interface PolicyMemo {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly labels: readonly string[];
  readonly acc: PolicyAcc;
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The request flows of one edge. Its flow and verdict counts are the sums over directions of
 * its row in `DirCounts` (a separate tally object and verdict array per edge cost a cache miss
 * each per flow).
 */
export class EdgeAcc extends FlagsAndDrops {
  /**
   * Counts per traffic direction, in the edge's row of `dirCounts` (five arrays per edge were a
   * tenth of its memory): at `at + direction * DIR_STRIDE`, the direction's flows, its verdict
   * counts (DIR_VERDICTS + verdict), policy drops, L7 denials and policy-verdict events.
   */
  private readonly at: number;
  policyLog: string[] | null = null;
  first: string | null = null;
  last: string | null = null;
  policies: Map<string, PolicyAcc> | null = null;
  /**
   * By list (egress allow, ingress allow, egress deny, ingress deny): most flows of an edge name
   * the same policy as the last one, which is then counted without building its key.
   */
  private policyMemo: (PolicyMemo | undefined)[] | null = null;
  l7dns = 0;
  l7http = 0;
  l7kafka = 0;
  l7denied = 0;
  readonly sourceEvidence: PeerEvidenceAcc;
  readonly destinationEvidence: PeerEvidenceAcc;
  readonly sampler: Sampler;
  readonly timeline = new TimelineAcc();
  /** The counts of the edge's replies (set by the aggregator when the first reply comes). */
  replies: Tally | null = null;

  constructor(
    readonly key: string,
    readonly source: FlowPeerId,
    readonly destination: FlowPeerId,
    readonly protocol: EdgeProtocol,
    readonly port: number | null,
    sampleSize: number,
    pool?: StringPool,
    labelLists: LabelLists | null = null,
    private readonly dirCounts: DirCounts = new DirCounts(1),
  ) {
    super();
    this.at = dirCounts.row();
    this.sampler = new Sampler(sampleSize, pool);
    this.sourceEvidence = new PeerEvidenceAcc(labelLists);
    this.destinationEvidence = new PeerEvidenceAcc(labelLists);
  }

  /**
   * A request flow (`is_reply` not true), its verdict's index, its minute (see TimelineAcc.add)
   * and the flows it stands for (1, or an exporter aggregate's count: counted, sampled once).
   */
  add(flow: Flow, sourceIp: string, destinationIp: string, v: number, minute: number, n: number): void {
    this.countFlagsAndDrops(flow, n);
    // Read after any row() of another edge: the array grows by replacement.
    const byDir = this.dirCounts.cells;
    const d = this.at + DIRECTION_INDEX[flow.trafficDirection] * DIR_STRIDE;
    byDir[d] = (byDir[d] as number) + n;
    byDir[d + DIR_VERDICTS + v] = (byDir[d + DIR_VERDICTS + v] as number) + n;
    if (flow.verdict === 'DROPPED') {
      if (isPolicyDropReason(flow.dropReason)) byDir[d + DIR_POLICY_DROPS] = (byDir[d + DIR_POLICY_DROPS] as number) + n;
      else if (flow.type === 'L7') byDir[d + DIR_L7_DENIED] = (byDir[d + DIR_L7_DENIED] as number) + n;
    }
    if (flow.eventType === 5) byDir[d + DIR_POLICY_VERDICTS] = (byDir[d + DIR_POLICY_VERDICTS] as number) + n;
    if (flow.policyLog.length) this.addPolicyLog(flow.policyLog);
    const t = flow.time;
    if (t !== null) {
      if (this.first === null || t < this.first) this.first = t;
      if (this.last === null || t > this.last) this.last = t;
    }
    this.sourceEvidence.add(flow.source, sourceIp, flow.sourceNames);
    this.destinationEvidence.add(flow.destination, destinationIp, flow.destinationNames);
    if (flow.egressAllowedBy.length) this.attribute('egress', 'allow', 0, flow.egressAllowedBy, n);
    if (flow.ingressAllowedBy.length) this.attribute('ingress', 'allow', 1, flow.ingressAllowedBy, n);
    if (flow.egressDeniedBy.length) this.attribute('egress', 'deny', 2, flow.egressDeniedBy, n);
    if (flow.ingressDeniedBy.length) this.attribute('ingress', 'deny', 3, flow.ingressDeniedBy, n);
    const l7 = flow.l7;
    if (l7 !== null) {
      if (l7.protocol === 'dns') this.l7dns += n;
      else if (l7.protocol === 'http') this.l7http += n;
      else if (l7.protocol === 'kafka') this.l7kafka += n;
      if (flow.verdict === 'DROPPED') this.l7denied += n;
    }
    this.sampler.offer(flow);
    this.timeline.add(flow, minute, v, n);
  }

  private addPolicyLog(texts: readonly string[]): void {
    const out = (this.policyLog ??= []);
    for (let i = 0; i < texts.length; i++) {
      const t = texts[i] as string;
      if (t !== '') addBounded(out, t, 16);
    }
  }

  private attribute(direction: 'ingress' | 'egress', effect: 'allow' | 'deny', slot: number, list: readonly FlowPolicy[], n: number): void {
    if (this.policies === null) this.policies = new Map();
    for (let i = 0; i < list.length; i++) {
      const p = list[i] as FlowPolicy;
      if (i === 0 && this.policyMemo !== null) {
        // The key is a function of kind, namespace, name and labels (derivedFrom): equal parts, same entry.
        const m = this.policyMemo[slot];
        if (m !== undefined && m.name === p.name && m.namespace === p.namespace && m.kind === p.kind && sameStrings(m.labels, p.labels)) {
          m.acc.flows += n;
          continue;
        }
      }
      const from = policyDerivedFrom(p);
      const key = `${direction} ${effect} ${p.kind}/${p.namespace}/${p.name}/${from}`;
      let acc = this.policies.get(key);
      if (acc) acc.flows += n;
      // A flat copy as the kept key: the template's result is a tree of joined strings (five per
      // policy of every edge, a twentieth of the kept objects on the many-endpoints export).
      else this.policies.set(flatText(key), (acc = { policy: { direction, effect, kind: p.kind, namespace: p.namespace, name: p.name, derivedFrom: from }, flows: n }));
      if (i === 0) (this.policyMemo ??= [])[slot] = { kind: p.kind, namespace: p.namespace, name: p.name, labels: p.labels, acc };
    }
  }

  /** Request flows: the sum over directions. */
  private flowCount(): number {
    let flows = 0;
    const byDir = this.dirCounts.cells;
    for (let i = 0; i < TRAFFIC_DIRECTIONS.length; i++) flows += byDir[this.at + i * DIR_STRIDE] as number;
    return flows;
  }

  private verdictRecord(): Partial<Record<Verdict, number>> {
    const byDir = this.dirCounts.cells;
    const counts = VERDICTS.map(() => 0);
    for (let i = 0; i < TRAFFIC_DIRECTIONS.length; i++)
      for (let v = 0; v < VERDICTS.length; v++) counts[v] = (counts[v] as number) + (byDir[this.at + i * DIR_STRIDE + DIR_VERDICTS + v] as number);
    return countsRecord(VERDICTS, counts);
  }

  private byDirection(): Partial<Record<TrafficDirection, DirectionCounts>> {
    const out: Partial<Record<TrafficDirection, DirectionCounts>> = {};
    const byDir = this.dirCounts.cells;
    TRAFFIC_DIRECTIONS.forEach((name, i) => {
      const d = this.at + i * DIR_STRIDE;
      if (byDir[d] === 0) return;
      out[name] = {
        verdicts: countsRecord(VERDICTS, byDir, d + DIR_VERDICTS),
        policyDrops: byDir[d + DIR_POLICY_DROPS] as number,
        l7Denied: byDir[d + DIR_L7_DENIED] as number,
        policyVerdicts: byDir[d + DIR_POLICY_VERDICTS] as number,
      };
    });
    return out;
  }

  toEdge(): FlowEdge {
    const policies: EdgePolicy[] = [];
    if (this.policies !== null) for (const k of [...this.policies.keys()].sort()) {
      const p = this.policies.get(k);
      // Written out, not spread (see withEvidence): same keys, same order.
      if (p) {
        const q = p.policy;
        policies.push({ direction: q.direction, effect: q.effect, kind: q.kind, namespace: q.namespace, name: q.name, derivedFrom: q.derivedFrom, flows: p.flows });
      }
    }
    return {
      key: this.key,
      source: withEvidence(this.source, this.sourceEvidence.toPlain()),
      destination: withEvidence(this.destination, this.destinationEvidence.toPlain()),
      port: this.port,
      protocol: this.protocol,
      flows: this.flowCount(),
      verdicts: this.verdictRecord(),
      drops: this.dropRecord(),
      directions: countsRecord(
        TRAFFIC_DIRECTIONS,
        TRAFFIC_DIRECTIONS.map((_, i) => this.dirCounts.cells[this.at + i * DIR_STRIDE] as number),
      ),
      byDirection: this.byDirection(),
      flags: this.flags(),
      firstTime: this.first,
      lastTime: this.last,
      replies: this.replies === null ? null : this.replies.toReplyTally(),
      policies,
      policyLog: this.policyLog === null ? [] : [...this.policyLog],
      l7: { dns: this.l7dns, http: this.l7http, kafka: this.l7kafka, denied: this.l7denied },
      sample: this.sampler.toPlain(),
      timeline: this.timeline.toPlain(),
    };
  }
}
