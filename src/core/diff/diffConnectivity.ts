/**
 * diffConnectivity(before, after): every path whose allowed ports differ between two policy sets
 * over the same inventory: newly allowed, newly denied, or with changed ports (per protocol), each
 * with sample ports decided in both sets (the rules responsible on each side). Optionally, with a
 * FlowAggregate, the observed connections whose verdict changes. Sorted, deterministic.
 * @public
 */
import type { EngineModel } from '../engine/compile.ts';
import { connectivity, connectivityInSteps, type ConnEdge, type ConnSide, type Connectivity, type MatrixUpdate } from '../engine/connectivity.ts';
import { decideSides } from '../engine/decide.ts';
import { emptyPortSet, equals, isEmpty, portProtocols, subtract, type PortProto, type PortSet } from '../engine/PortSet.ts';
import type { Decision, SideDecision } from '../engine/types.ts';
import type { FlowAggregate } from '../flows/types.ts';
import { parseIp } from '../net/cidr.ts';
import { changedCells, mergeRanges, rangeCuts, type PairedEdges } from './align.ts';
import { observedChanges, type ObservedOnPath } from './observed.ts';
import { outsideKeys, withProbe } from './probe.ts';
import { diffPeerOf, endpointOf, peerContains } from './peers.ts';
import type { Change, ChangeKind, ChangeSample, DiffPeer, SideWhy } from './types.ts';

export interface DiffOptions {
  /** Observed flows: attach the flows whose verdict changes to the changes they belong to. */
  readonly flows?: FlowAggregate;
  /** Precomputed matrices (e.g. to reuse the before-matrix across several what-ifs). */
  readonly beforeConnectivity?: Connectivity;
  readonly afterConnectivity?: Connectivity;
}

const why = (s: SideDecision): SideWhy => ({ verdict: s.verdict, reason: s.reason, rules: s.rules });
const sidesOf = (d: Pick<Decision, 'egress' | 'ingress'>) => ({ egress: why(d.egress), ingress: why(d.ingress) });

type Sides = ChangeSample['before'];

/**
 * Sample decisions by the matrix sides of the pair (one memo per policy set). The matrix hands
 * out one ConnSide object per profile and set of entries the peer matches (and, with named
 * ports, per destination), so two identity pairs with the same egress and ingress side objects
 * are decided alike on every port: decided once (property test in whatIf.incremental.test.ts).
 */
type SampleMemo = Map<ConnSide, Map<ConnSide, Map<string, Sides>>>;

function samples(before: EngineModel, after: EngineModel, p: PairedEdges, opened: PortSet, closed: PortSet, memo: { before: SampleMemo; after: SampleMemo } | null): ChangeSample[] {
  const { from, to } = p;
  const out: ChangeSample[] = [];
  const memoOk = memo !== null && p.edges !== undefined && from.kind === 'identity' && to.kind === 'identity';
  for (const [set, isOpened] of [[opened, true], [closed, false]] as const)
    for (const proto of portProtocols) {
      const first = set[proto][0];
      if (!first) continue;
      const port = first[0];
      // The sides only (what a sample shows), not the decision's notes.
      const q = (m: EngineModel, o: EngineModel): Sides => sidesOf(decideSides(m, { from: endpointOf(m, o, from), to: endpointOf(m, o, to), port, protocol: proto }));
      const memoised = (m: EngineModel, o: EngineModel, e: ConnEdge | null | undefined, table: SampleMemo | undefined): Sides => {
        if (!memoOk || !e || !table) return q(m, o);
        let byIngress = table.get(e.egress);
        if (!byIngress) table.set(e.egress, (byIngress = new Map()));
        let byPort = byIngress.get(e.ingress);
        if (!byPort) byIngress.set(e.ingress, (byPort = new Map()));
        const key = `${proto}/${port}`;
        let hit = byPort.get(key);
        if (!hit) byPort.set(key, (hit = q(m, o)));
        return hit;
      };
      out.push({ port: `${proto}/${port}`, opened: isOpened, before: memoised(before, after, p.edges?.before, memo?.before), after: memoised(after, before, p.edges?.after, memo?.after) });
    }
  return out;
}

function kindOf(before: PortSet, after: PortSet): ChangeKind {
  if (isEmpty(before)) return 'newly-allowed';
  if (isEmpty(after)) return 'newly-denied';
  return 'ports-changed';
}

const KIND_ORDER: Readonly<Record<DiffPeer['kind'], number>> = { identity: 0, entity: 1, fqdn: 2, range: 3 };

function comparePeers(a: DiffPeer, b: DiffPeer): number {
  if (a.kind !== b.kind) return KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
  if (a.kind === 'range' && b.kind === 'range') {
    if (a.family !== b.family) return a.family - b.family;
    const x = parseIp(a.start)?.value ?? 0n;
    const y = parseIp(b.start)?.value ?? 0n;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a.display < b.display ? -1 : a.display > b.display ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

export function compareChanges(a: Change, b: Change): number {
  return comparePeers(a.from, b.from) || comparePeers(a.to, b.to);
}

/** Runs a stepped diff to its end. */
function drain<T>(steps: Generator<number, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** A model's matrix (as `connectivity(model)`) a few rows per step. */
function* matrixInSteps(model: EngineModel): Generator<void, Connectivity> {
  return (yield* connectivityInSteps(model, {}, (peers) => peers.map(() => '')).rest()).connectivity;
}

export function diffConnectivity(before: EngineModel, after: EngineModel, options: DiffOptions = {}): Change[] {
  return drain(diffConnectivityInSteps(before, after, options));
}

/**
 * `diffConnectivity` in steps: yields how far it got (0 to 1) every few matrix rows (when both
 * sets' outside peers must be named in the other) and every few changes decided.
 */
export function* diffConnectivityInSteps(before: EngineModel, after: EngineModel, options: DiffOptions = {}): Generator<number, Change[]> {
  let cb = options.beforeConnectivity ?? connectivity(before);
  let ca = options.afterConnectivity ?? connectivity(after);
  const [kb, ka] = [outsideKeys(cb), outsideKeys(ca)];
  if (kb.size !== ka.size || [...kb].some((k) => !ka.has(k))) {
    // Name each set's outside peers in the other, so a new FQDN does not look like a new path from every pod.
    for (const r = matrixInSteps(withProbe(before, after)); ; ) {
      const x = r.next();
      if (x.done) {
        cb = x.value;
        break;
      }
      yield 0.1;
    }
    for (const r = matrixInSteps(withProbe(after, before)); ; ) {
      const x = r.next();
      if (x.done) {
        ca = x.value;
        break;
      }
      yield 0.3;
    }
  }
  const cuts = rangeCuts([cb, ca]);
  const paired = mergeRanges(changedCells(cb, ca, cuts));
  const observed: readonly ObservedOnPath[] = options.flows ? observedChanges(before, after, options.flows) : [];
  yield 0.5;
  // Each sample decided on its own (no memo by matrix sides): this is the reference the update's memo is tested against.
  return yield* changesOf(before, after, paired, observed, options.flows !== undefined, null, 0.5);
}

/**
 * `diffConnectivity(before, after)` from a matrix update (`updateMatrix` of the before-set's
 * matrix to `after`): only the pairs in the rows and columns the update evaluated again can
 * differ, and the two matrices have the same peers, so their cells line up without cutting
 * ranges. `observed`: the flows whose verdict changes (`observedChanges`), when flows are given.
 */
export function diffUpdate(before: EngineModel, after: EngineModel, beforeConnectivity: Connectivity, update: MatrixUpdate, observed: readonly ObservedOnPath[] | null): Change[] {
  return drain(diffUpdateInSteps(before, after, beforeConnectivity, update, observed));
}

/** `diffUpdate` in steps: yields how far it got (0 to 1) every few changes decided. */
export function* diffUpdateInSteps(before: EngineModel, after: EngineModel, beforeConnectivity: Connectivity, update: MatrixUpdate, observed: readonly ObservedOnPath[] | null): Generator<number, Change[]> {
  const b = beforeConnectivity.edges;
  const a = update.matrix.connectivity.edges;
  const n = update.matrix.connectivity.peers.length;
  // Each matrix's edges are sorted by source then destination: the start of each row.
  const starts = (edges: readonly ConnEdge[]): Int32Array => {
    const out = new Int32Array(n + 1);
    let k = 0;
    for (let s = 0; s <= n; s++) {
      out[s] = k;
      while (k < edges.length && (edges[k] as ConnEdge).from === s) k++;
    }
    return out;
  };
  const [sb, sa] = [starts(b), starts(a)];
  const peers = update.matrix.connectivity.peers.map(diffPeerOf);
  const isRow = new Uint8Array(n);
  for (const s of update.rows) isRow[s] = 1;
  const isColumn = new Uint8Array(n);
  for (const d of update.columns) isColumn[d] = 1;
  const paired: PairedEdges[] = [];
  const add = (s: number, d: number, eb: ConnEdge | null, ea: ConnEdge | null) => {
    const bp = eb?.allowed ?? emptyPortSet;
    const ap = ea?.allowed ?? emptyPortSet;
    if (!equals(bp, ap)) paired.push({ from: peers[s] as DiffPeer, to: peers[d] as DiffPeer, before: bp, after: ap, edges: { before: eb, after: ea } });
  };
  for (let s = 0; s < n; s++) {
    if (isRow[s] === 0 && update.columns.length === 0) continue;
    // Both rows ascending by destination: walk them together; a destination missing from one has nothing allowed there.
    let i = sb[s] as number;
    let j = sa[s] as number;
    const [ib, ja] = [sb[s + 1] as number, sa[s + 1] as number];
    while (i < ib || j < ja) {
      const eb = i < ib ? (b[i] as ConnEdge) : null;
      const ea = j < ja ? (a[j] as ConnEdge) : null;
      const d = Math.min(eb?.to ?? n, ea?.to ?? n);
      const xb = eb?.to === d ? (i++, eb) : null;
      const xa = ea?.to === d ? (j++, ea) : null;
      if (isRow[s] === 1 || isColumn[d] === 1) add(s, d, xb, xa);
    }
  }
  return yield* changesOf(before, after, mergeRanges(paired), observed ?? [], observed !== null, { before: new Map(), after: new Map() }, 0);
}

/** Changes decided between two yields of the stepped diffs. */
const CHANGES_PER_STEP = 256;

/** The changes of the changed pairs, with their sample ports decided; yields `from` to 1 as it goes. */
function* changesOf(before: EngineModel, after: EngineModel, paired: readonly PairedEdges[], observed: readonly ObservedOnPath[], withFlows: boolean, memo: { before: SampleMemo; after: SampleMemo } | null, from: number): Generator<number, Change[]> {
  const changes: Change[] = [];
  for (let i = 0; i < paired.length; i++) {
    if (i % CHANGES_PER_STEP === CHANGES_PER_STEP - 1) yield from + ((1 - from) * i) / paired.length;
    changes.push(changeOf(before, after, paired[i] as PairedEdges, observed, withFlows, memo));
  }
  return changes.sort(compareChanges);
}

function changeOf(before: EngineModel, after: EngineModel, p: PairedEdges, observed: readonly ObservedOnPath[], withFlows: boolean, memo: { before: SampleMemo; after: SampleMemo } | null): Change {
  const opened = subtract(p.after, p.before);
  const closed = subtract(p.before, p.after);
  const obs = observed.filter((o) => peerContains(p.from, o.from) && peerContains(p.to, o.to)).map((o) => o.change);
  return {
    from: p.from,
    to: p.to,
    kind: kindOf(p.before, p.after),
    before: p.before,
    after: p.after,
    opened,
    closed,
    samples: samples(before, after, p, opened, closed, memo),
    ...(withFlows ? { observed: obs } : {}),
  };
}

/** Protocols with ports that changed, for summaries (`TCP`, `UDP`…). */
export function changedProtocols(c: Change): PortProto[] {
  return portProtocols.filter((p) => c.opened[p].length > 0 || c.closed[p].length > 0);
}
