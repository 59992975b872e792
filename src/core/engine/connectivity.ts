/**
 * connectivity(model): who can talk to whom on which ports, for every pair of identities and
 * every outside peer policies name (address ranges split at rule edges, reserved identities,
 * FQDNs). Evaluated per identity, with every peer selector evaluated once over all parties
 * (bitsets) and rules indexed by subject, so 5,000 workloads × 1,000 policies stays fast.
 * The semantics are those of decide() (B.6): deny > allow-localhost > union of allows > default deny.
 * @public
 */
import type { IdentityKey } from '../model/cluster.ts';
import type { Entry, Peer, Rule } from '../model/policy.ts';
import type { Requirement } from '../model/selector.ts';
import { requirementsKey, requirementsOf, withRequires } from './requires.ts';
import { baselineFor, tierRuleRef, tierRulesFor, type TieredRule } from './tiers.ts';
import { conflictCode } from './conflictCode.ts';
import { modelMayNotCompute } from './mayConflict.ts';
import type { TierAction, TierPolicyKind } from '../model/tiers.ts';
import type { EngineModel } from './compile.ts';
import { buildLabelIndex, extendLabelIndex, selectIndices, type LabelIndex } from './labelIndex.ts';
import { entryPortSet, entryHasNamedPorts, namedPortsFor } from './l4Match.ts';
import { outsideParties, type OutsidePeer } from './outsidePeers.ts';
import type { Party } from './party.ts';
import { podParty } from './parties.ts';
import { matrixClasses } from './matrixClassesLazy.ts';
import { peerSelects, podsEnv, selectsNoPod, type MatchEnv } from './peerMatch.ts';
import { emptyPortSet, fullPortSet, intersect, isEmpty, subtract, union, type PortSet } from './PortSet.ts';
import { enablesDefaultDeny, familyDropped, isBareItem, ruleRef } from './side.ts';
import { defaultAllowDns, dnsRulesFor, rulesInDirection, subjectOf } from './subjects.ts';
import type { RuleRef } from './types.ts';

export type ConnPeer = (
  | { readonly kind: 'identity'; readonly identity: IdentityKey; readonly namespace: string | null; readonly workloads: readonly string[] }
  | OutsidePeer
) & {
  /**
   * Cilium cannot compute this endpoint's policy (two L7 parsers on one port, l7Conflict.ts; the
   * same test as evaluateSide's SideDecision.notComputed): every pair it is an end of is not known,
   * whatever its sides say.
   */
  readonly notComputed?: true;
};

/** How one side (egress of the source, ingress of the destination) treats a pair. */
export interface ConnSide {
  /** `open`: not enforced (no policy, not a Cilium endpoint, enforcement never); `allow-any`: enforced without default deny. */
  readonly mode: 'not-applicable' | 'open' | 'allow-any' | 'localhost' | 'policy';
  readonly allowed: PortSet;
  /** Allow entries that contributed ports. */
  readonly allowedBy: readonly RuleRef[];
  /** Deny entries that removed ports. */
  readonly deniedBy: readonly RuleRef[];
  /**
   * Allow items whose `authentication.mode: test-always-fail` applies to ports they allow (after
   * layering with the other allows, authLayering.ts): those ports are dropped for good
   * (AUTH_REQUIRED), not by a deny rule. Absent when none.
   */
  readonly authFailed?: { readonly ports: PortSet; readonly by: readonly RuleRef[] };
}

export interface ConnEdge {
  readonly from: number;
  readonly to: number;
  /** Ports allowed end to end (egress ∩ ingress). Empty only when `includeDenied` asked for it. */
  readonly allowed: PortSet;
  readonly egress: ConnSide;
  readonly ingress: ConnSide;
}

export interface Connectivity {
  readonly peers: readonly ConnPeer[];
  readonly edges: readonly ConnEdge[];
  /** True when `maxEdges` stopped the computation. */
  readonly truncated: boolean;
}

export interface ConnectivityOptions {
  /** Also list pairs where nothing is allowed but a deny rule matched. Default false. */
  readonly includeDenied?: boolean;
  /** Stop after this many edges (a policy-less cluster of n identities has n² edges). Default 5,000,000. */
  readonly maxEdges?: number;
  /** Leave out outside peers (ranges, FQDNs, reserved identities). */
  readonly identitiesOnly?: boolean;
  /**
   * Evaluate every pair instead of only the candidates the pruning leaves (n² evaluations: slow).
   * The reference the pruning is tested against; the result is the same either way.
   * @internal
   */
  readonly exhaustive?: boolean;
}

type Bits = Uint32Array;
const has = (b: Bits, i: number): boolean => ((b[i >>> 5] as number) & (1 << (i & 31))) !== 0;
const set = (b: Bits, i: number): void => {
  b[i >>> 5] = (b[i >>> 5] as number) | (1 << (i & 31));
};

/** The words of a bitset from its first non-zero one to past its last (from = to when empty). */
interface Span {
  readonly from: number;
  readonly to: number;
}
const spans = new WeakMap<Bits, Span>();
function spanOf(b: Bits): Span {
  let span = spans.get(b);
  if (span === undefined) {
    let from = 0;
    while (from < b.length && b[from] === 0) from++;
    let to = b.length;
    while (to > from && b[to - 1] === 0) to--;
    spans.set(b, (span = { from, to }));
  }
  return span;
}

interface CEntry {
  readonly ref: RuleRef;
  readonly entry: Entry;
  readonly peers: Bits;
  /** Ports when they do not depend on the destination (no named ports). */
  readonly fixedPorts: PortSet | null;
}

/** A tier rule compiled for the matrix (tiers.ts): its peers as bits, its action, its policy's kind (tiers.ts baselineFor). */
interface TierCEntry {
  readonly c: CEntry;
  readonly action: TierAction;
  readonly policy: { readonly kind: TierPolicyKind };
}

interface Profile {
  /** `tiered`: ClusterNetworkPolicy tiers around `tier.base` (the Cilium profile). */
  readonly mode: 'not-applicable' | 'open' | 'allow-any' | 'policy' | 'tiered';
  readonly tier?: {
    readonly base: Profile;
    readonly admin: readonly TierCEntry[];
    readonly baseline: readonly TierCEntry[];
    readonly named: boolean;
    /** Tiered ConnSide per base-tier ConnSide and tier entries hit (this profile's own: another tiered profile over the same base has other tier rules). */
    readonly memo: Map<ConnSide, Map<string, ConnSide>>;
  };
  readonly allows: readonly CEntry[];
  readonly denies: readonly CEntry[];
  /** Union of the allow entries' peer sets (the only candidates when mode is `policy`). */
  readonly reach: Bits | null;
  /** Union of the deny entries' peer sets (null without deny entries). */
  readonly denyReach: Bits | null;
  /** Entries (allows then denies, by position) whose ports depend on the destination (named ports). */
  readonly namedMask: number;
  /** Some allow entry writes `authentication.mode` (its ports may layer to test-always-fail). */
  readonly auth?: boolean;
  /** ConnSide per entry-hit bitmask. */
  readonly sides: Map<number | string, ConnSide>;
  /**
   * Dual stack: the allows naming 0.0.0.0/0 and those naming ::/0 (no except), when there are
   * both. A peer without a known address (a DNS name) is of one family, so it gets the ports both
   * families' items allow (side.ts gives decide() the same).
   */
  readonly zero?: { readonly v4: readonly CEntry[]; readonly v6: readonly CEntry[] };
}

/** The entry's peer list holds the all-addresses prefix of `family` without an except. */
const namesZero = (e: Entry, family: 4 | 6): boolean => e.peers.kind === 'list' && e.peers.items.some((x) => x.kind === 'cidr' && x.cidr.bits === 0 && x.cidr.family === family && x.except.length === 0);

function peerKey(p: Peer): string {
  const { path: _path, ...rest } = p as Peer & { scoping?: unknown };
  void _path;
  return JSON.stringify({ ...rest, scoping: undefined }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

/** A memo table that also reads its parent's: an update reuses the loaded set's work, and what it adds stays its own. */
class Memo<K, V> {
  private readonly own = new Map<K, V>();
  constructor(private readonly parent: Memo<K, V> | null) {}
  get(k: K): V | undefined {
    return this.own.get(k) ?? this.parent?.get(k);
  }
  set(k: K, v: V): void {
    this.own.set(k, v);
  }
}

const objectIds = new WeakMap<object, number>();
let nextObjectId = 0;
/**
 * A number per object, for memo keys shared by two policy sets: the same Rule (TierPolicy,
 * Profile) object is the same rule in both, an edited one is a new object.
 */
function idOf(o: object): number {
  let id = objectIds.get(o);
  if (id === undefined) objectIds.set(o, (id = nextObjectId++));
  return id;
}

/** What two matrices over the same parties share (see `updateMatrix`). */
interface Shared {
  readonly peer: Memo<string, Bits>;
  readonly entry: Memo<string, CEntry>;
  readonly profile: Memo<string, Profile>;
  readonly tierEntry: Memo<string, TierCEntry>;
  readonly tiered: Memo<string, Profile>;
  readonly na: Profile;
  readonly open: Profile;
  readonly all: Bits;
  readonly index: ReturnType<typeof buildLabelIndex>;
}

/** The matrix's parties and profiles, and how to evaluate one pair (`connectivityMatrix`). */
interface MatrixState {
  readonly model: EngineModel;
  readonly options: ConnectivityOptions;
  readonly peers: readonly ConnPeer[];
  readonly parties: readonly Party[];
  readonly shared: Shared;
  readonly egress: readonly Profile[];
  readonly ingress: readonly Profile[];
  /** The edge of a pair, or null when there is none. */
  readonly pair: (s: number, d: number) => ConnEdge | null;
  /**
   * Calls `visit` on the destinations row `s` can have edges to (and in `only` when given),
   * ascending; false when `visit` stopped it.
   */
  readonly row: (s: number, visit: (d: number) => boolean, only?: Bits) => boolean;
}

/** A connectivity matrix and what computed it, so that a policy edit can update it (`updateMatrix`). */
export interface ConnectivityMatrix {
  readonly connectivity: Connectivity;
  /** @internal */
  readonly state: MatrixState;
}

export function connectivity(model: EngineModel, options: ConnectivityOptions = {}): Connectivity {
  return connectivityMatrix(model, options).connectivity;
}

export function connectivityMatrix(model: EngineModel, options: ConnectivityOptions = {}): ConnectivityMatrix {
  const state = matrixState(model, options, partiesOf(model, options), null);
  const maxEdges = options.maxEdges ?? 5_000_000;
  const edges: ConnEdge[] = [];
  let truncated = false;
  const n = state.parties.length;
  for (let s = 0; s < n && !truncated; s++)
    truncated = !state.row(s, (d) => {
      const e = state.pair(s, d);
      if (e) edges.push(e);
      return edges.length < maxEdges;
    });
  return { connectivity: { peers: state.peers, edges, truncated }, state };
}

/**
 * The matrix in two steps, for a first answer that does not need every pair. `first`: the edges
 * of every pair but the deferred ones (two peers with the same non-null key: `deferKeys` gives
 * one per peer of the matrix, in its order), in the
 * matrix's order. `rest`: evaluates the deferred pairs a few rows per step (it yields between
 * them) and returns the whole matrix, equal to `connectivityMatrix(model, options)` (every pair
 * is evaluated once: the first step's edges are reused).
 *
 * With `classes`, `first` also leaves out the rows and columns of peers whose row and column are
 * another peer's (matrixClasses.ts `classesOf`; when its chunk is loaded): each class of such peers is listed once, by its last peer, and
 * `standsFor` names, per listed peer of a class, every peer of its class (ascending, itself the
 * last). The left-out pairs are evaluated in `rest`.
 */
export interface MatrixInSteps {
  readonly first: Connectivity;
  /** Per class's last peer, the peers of its class (`classes` only; empty without). */
  readonly standsFor: ReadonlyMap<number, readonly number[]>;
  rest(): Generator<void, ConnectivityMatrix>;
}

/** Rows evaluated between two yields of `MatrixInSteps.rest`. */
export const ROWS_PER_STEP = 64;

export function connectivityInSteps(
  model: EngineModel,
  options: ConnectivityOptions,
  deferKeys: (peers: readonly ConnPeer[]) => readonly (string | null)[],
  classes = false,
): MatrixInSteps {
  // With the classes, equal sides of different profiles are one object (matrixClasses.ts sameSide).
  const state = matrixState(model, options, partiesOf(model, options), null, null, classes && matrixClasses.loaded() ? matrixClasses.get().sameSide<ConnSide>() : null);
  const maxEdges = options.maxEdges ?? 5_000_000;
  const n = state.parties.length;
  const keys = deferKeys(state.peers);
  const deferred = (s: number, d: number): boolean => {
    const k = keys[s];
    return k !== null && k !== undefined && k === keys[d];
  };
  // The classes' code is a chunk of its own in the browser (matrixClassesLazy.ts): without it, no classes (the same graphs, more pairs).
  const found = classes && matrixClasses.loaded() ? matrixClasses.get().classesOf({ ...state, workloads: model.cluster.workloads }, keys) : null;
  const { listed, standsFor } = found ?? { listed: null, standsFor: new Map<number, readonly number[]>() };
  const firstEdges: ConnEdge[] = [];
  let firstTruncated = false;
  for (let s = 0; s < n && !firstTruncated; s++) {
    if (listed !== null && listed[s] === 0) continue;
    firstTruncated = !state.row(s, (d) => {
      if (deferred(s, d) || (listed !== null && listed[d] === 0)) return true;
      const e = state.pair(s, d);
      if (e) firstEdges.push(e);
      return firstEdges.length < maxEdges;
    });
  }
  function* rest(): Generator<void, ConnectivityMatrix> {
    const edges: ConnEdge[] = [];
    let k = 0;
    let truncated = false;
    for (let s = 0; s < n && !truncated; s++) {
      const sListed = listed === null || listed[s] === 1;
      truncated = !state.row(s, (d) => {
        let e: ConnEdge | null;
        if (deferred(s, d) || !sListed || (listed !== null && listed[d] === 0)) e = state.pair(s, d);
        else if (k < firstEdges.length) {
          // The first step evaluated this pair: its edge, when it had one, is the next of its list.
          const f = firstEdges[k] as ConnEdge;
          e = f.from === s && f.to === d ? f : null;
          if (e) k++;
        } else e = firstTruncated ? state.pair(s, d) : null;
        if (e) edges.push(e);
        return edges.length < maxEdges;
      });
      if (s % ROWS_PER_STEP === ROWS_PER_STEP - 1) yield;
    }
    return { connectivity: { peers: state.peers, edges, truncated }, state };
  }
  return { first: { peers: state.peers, edges: firstEdges, truncated: firstTruncated }, standsFor, rest };
}


const sameObjects = (a: readonly object[], b: readonly object[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

const peerText = (p: ConnPeer): string => (p.kind === 'identity' ? `id:${p.identity}` : JSON.stringify(p));

/** The pairs of the matrix after a policy edit whose verdict can differ: rows (sources) and columns (destinations). */
export interface MatrixUpdate {
  readonly matrix: ConnectivityMatrix;
  /** Parties whose egress side changed (every pair from them was evaluated again), ascending. */
  readonly rows: readonly number[];
  /** Parties whose ingress side changed (every pair to them was evaluated again), ascending. */
  readonly columns: readonly number[];
}

/**
 * The matrix of `model` (the loaded set's model with other policies: `recompile`) from the
 * matrix of the loaded set: a pair's edge depends only on its source's egress profile and its
 * destination's ingress profile (the rules selecting each side, by object, their DNS rules, the
 * tier rules, the settings, the parties), so only the rows and columns whose profile is another
 * object are evaluated again; every other edge is the loaded set's. Null when that does not hold
 * (other inventory or settings, other outside peers: an edit named a new CIDR, FQDN or entity;
 * a truncated matrix): then compute it in full. Equal to `connectivityMatrix(model, options)`
 * with the loaded set's options (the property test in whatIf.incremental.test.ts).
 */
export function updateMatrix(before: ConnectivityMatrix, model: EngineModel): MatrixUpdate | null {
  const steps = updateMatrixInSteps(before, model);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * `updateMatrix` in steps: yields how far it got (0 to 1) once the parties' sides are known and
 * every few rows, so a caller (the what-if worker) can stop it between them.
 */
export function* updateMatrixInSteps(before: ConnectivityMatrix, model: EngineModel): Generator<number, MatrixUpdate | null> {
  const b = before.state;
  const m = b.model;
  if (before.connectivity.truncated) return null;
  if (model.identities !== m.identities || model.identityPorts !== m.identityPorts || model.cluster.name !== m.cluster.name) return null;
  if (model.cluster.services !== m.cluster.services || model.cluster.cidrGroups !== m.cluster.cidrGroups || model.nodes !== m.nodes) return null;
  if (JSON.stringify(model.settings) !== JSON.stringify(m.settings)) return null;
  const next = partiesOf(model, b.options);
  // Work on the loaded set's matrix is reused only over the same parties (bit positions).
  if (next.peers.length !== b.peers.length || next.peers.some((p, i) => peerText(p) !== peerText(b.peers[i] as ConnPeer) || p.notComputed !== b.peers[i]?.notComputed)) return null;
  const state = matrixState(model, b.options, next, b.shared, b);
  const n = state.parties.length;
  yield 0.05;
  const rows: number[] = [];
  const columns: number[] = [];
  for (let i = 0; i < n; i++) {
    if (state.egress[i] !== b.egress[i]) rows.push(i);
    if (state.ingress[i] !== b.ingress[i]) columns.push(i);
  }
  const isRow = new Uint8Array(n);
  const isColumn = new Uint8Array(n);
  for (const i of rows) isRow[i] = 1;
  const columnBits = new Uint32Array((n + 31) >>> 5);
  for (const i of columns) {
    isColumn[i] = 1;
    set(columnBits, i);
  }
  const maxEdges = b.options.maxEdges ?? 5_000_000;
  const old = before.connectivity.edges;
  const edges: ConnEdge[] = [];
  let k = 0;
  for (let s = 0; s < n; s++) {
    const start = k;
    while (k < old.length && (old[k] as ConnEdge).from === s) k++;
    if (isRow[s] === 1) {
      state.row(s, (d) => {
        const e = state.pair(s, d);
        if (e) edges.push(e);
        return true;
      });
    } else {
      // The loaded row, with the changed columns among the row's candidates evaluated again
      // (both ascending: merged).
      let j = start;
      const keep = (to: number) => {
        for (; j < k && (old[j] as ConnEdge).to < to; j++) if (isColumn[(old[j] as ConnEdge).to] !== 1) edges.push(old[j] as ConnEdge);
      };
      state.row(s, (d) => {
        if (isColumn[d] !== 1) return true;
        keep(d);
        const fresh = state.pair(s, d);
        if (fresh) edges.push(fresh);
        return true;
      }, columnBits);
      keep(n);
    }
    if (edges.length >= maxEdges) return null;
    if (s % ROWS_PER_STEP === ROWS_PER_STEP - 1) yield 0.1 + (0.9 * s) / n;
  }
  return { matrix: { connectivity: { peers: state.peers, edges, truncated: false }, state }, rows, columns };
}

/** The matrix's parties: the identities, then (unless `identitiesOnly`) the outside peers rules name. */
function partiesOf(model: EngineModel, options: ConnectivityOptions): { readonly parties: Party[]; readonly peers: ConnPeer[] } {
  const parties: Party[] = model.identities.map((id, i) => podParty(model, i, id.workloads[0] ?? id.key, null, null));
  const peers: ConnPeer[] = model.identities.map((id) => ({ kind: 'identity', identity: id.key, namespace: id.namespace, workloads: id.workloads }));
  if (!options.identitiesOnly)
    for (const o of outsideParties(model)) {
      parties.push(o.party);
      peers.push(o.peer);
    }
  // As evaluateSide decides SideDecision.notComputed (side.ts): a managed endpoint with a parser
  // or authentication-mode conflict among its rules (l7Conflict.ts policyNotComputed), unless enable-policy=never (no policy is computed). Rare: a cheap
  // scan of every rule first.
  if (model.settings.enforcementMode !== 'never' && modelMayNotCompute(model)) {
    const { policyNotComputed } = conflictCode.get();
    parties.forEach((p, i) => {
      const s = subjectOf(model, p);
      if (s.managed && policyNotComputed(model, s.rules)) peers[i] = { ...(peers[i] as ConnPeer), notComputed: true };
    });
  }
  return { parties, peers };
}

/**
 * The label index of the matrix's parties. They are the model's identities (the same label sets:
 * `partiesOf`) and then the outside peers, so compile's index of the identities is extended
 * with the outside peers' labels rather than built again.
 */
function partiesIndex(model: EngineModel, parties: readonly Party[]): LabelIndex {
  const ids = model.identities;
  const same = model.labelIndex.size === ids.length && parties.length >= ids.length && ids.every((id, i) => (parties[i] as Party).labels === id.labels);
  if (!same) return buildLabelIndex(parties.map((p) => p.labels));
  return extendLabelIndex(
    model.labelIndex,
    parties.slice(ids.length).map((p) => p.labels),
  );
}

/**
 * `from`: the memo tables of a matrix over the same parties, read through (see `Memo`);
 * `parent`: that matrix, whose profiles an identity keeps when the same rule objects select it
 * (in the same order) and the tier policies are the same objects.
 */
function matrixState(model: EngineModel, options: ConnectivityOptions, { parties, peers }: ReturnType<typeof partiesOf>, from: Shared | null, parent: MatrixState | null = null, one: ((side: ConnSide) => ConnSide) | null = null): MatrixState {
  const n = parties.length;
  const words = (n + 31) >>> 5;
  const shared: Shared = {
    peer: new Memo(from?.peer ?? null),
    entry: new Memo(from?.entry ?? null),
    profile: new Memo(from?.profile ?? null),
    tierEntry: new Memo(from?.tierEntry ?? null),
    tiered: new Memo(from?.tiered ?? null),
    na: from?.na ?? { mode: 'not-applicable', allows: [], denies: [], reach: null, denyReach: null, namedMask: 0, sides: new Map() },
    open: from?.open ?? { mode: 'open', allows: [], denies: [], reach: null, denyReach: null, namedMask: 0, sides: new Map() },
    all: from?.all ?? new Uint32Array(words).fill(0xffffffff),
    index: from?.index ?? partiesIndex(model, parties),
  };
  const index = shared.index;
  const labelSets = parties.map((p) => p.labels);
  const baseEnv: Omit<MatchEnv, 'dnsRules'> = { clusterName: model.cluster.name, settings: model.settings, cidrGroups: model.cluster.cidrGroups, services: model.cluster.services, ...podsEnv(model) };

  // Peer selector → parties it selects, evaluated once per distinct selector (and DNS context for FQDNs).
  const peerCache = shared.peer;
  const notPods: number[] = [];
  parties.forEach((p, i) => {
    if (p.kind !== 'pod') notPods.push(i);
  });
  const peerBits = (p: Peer, dnsKey: string, env: MatchEnv): Bits => {
    const key = p.kind === 'fqdn' ? `${peerKey(p)}|${dnsKey}` : peerKey(p);
    const hit = peerCache.get(key);
    if (hit) return hit;
    const bits = new Uint32Array(words);
    if (p.kind === 'endpoints') for (const i of selectIndices(index, labelSets, p.selector)) set(bits, i);
    // FQDNs and (mostly) CIDRs select no pod: only the outside and reserved parties are asked.
    else if (selectsNoPod(p, env)) {
      for (const i of notPods) if (peerSelects(p, parties[i] as Party, env)) set(bits, i);
    } else for (let i = 0; i < n; i++) if (peerSelects(p, parties[i] as Party, env)) set(bits, i);
    peerCache.set(key, bits);
    return bits;
  };
  const all = shared.all;
  // Dual stack: the outside parties without a known address (DNS names), see Profile.zero.
  let unknownAddr: Bits | null = null;
  if (model.settings.ipFamilies === 'dual') {
    unknownAddr = new Uint32Array(words);
    for (let i = 0; i < n; i++) {
      const p = parties[i] as Party;
      if (p.kind === 'outside' && p.range === null) set(unknownAddr, i);
    }
  }

  const entryCache = shared.entry;
  const compileEntry = (rule: Rule, written: Entry, dnsKey: string, env: MatchEnv, reqs: readonly Requirement[]): CEntry => {
    const e = withRequires(written, reqs);
    const hasFqdn = e.peers.kind === 'list' && e.peers.items.some((p) => p.kind === 'fqdn');
    const reqKey = e === written ? '' : `|req:${requirementsKey(reqs)}`;
    const key = `${idOf(rule)}/${e.path}${hasFqdn ? `|${dnsKey}` : ''}${reqKey}`;
    const hit = entryCache.get(key);
    if (hit) return hit;
    let bits: Bits;
    if (isBareItem(e) || e.peers.kind === 'none') bits = new Uint32Array(words);
    else if (e.peers.kind === 'wildcard') bits = all;
    else if (e.peers.items.length === 1) bits = peerBits(e.peers.items[0] as Peer, dnsKey, env);
    else {
      bits = new Uint32Array(words);
      for (const p of e.peers.items) {
        const b = peerBits(p, dnsKey, env);
        for (let w = 0; w < words; w++) bits[w] = (bits[w] as number) | (b[w] as number);
      }
      // 0.0.0.0/0 and ::/0 in one list select every address of either family (peerMatch.ts bothFamiliesOfWorld).
      if (unknownAddr !== null && namesZero(e, 4) && namesZero(e, 6)) for (let w = 0; w < words; w++) bits[w] = (bits[w] as number) | (unknownAddr[w] as number);
    }
    const c: CEntry = { ref: ruleRef(rule, e.path), entry: e, peers: bits, fixedPorts: entryHasNamedPorts(e) ? null : entryPortSet(e, [], model.settings) };
    entryCache.set(key, c);
    return c;
  };

  // Profiles are shared by every party selected by the same rules (most pods of a namespace).
  const profileCache = shared.profile;
  const naProfile = shared.na;
  const openProfile = shared.open;
  // Tier rules (ClusterNetworkPolicy/ANP/BANP): domainNames peers need no DNS rule.
  const tierEnv: MatchEnv = { ...baseEnv, dnsRules: [{ matchName: null, matchPattern: '*' }] };
  const tierEntryCache = shared.tierEntry;
  const tierEntry = (t: TieredRule): TierCEntry => {
    const tkey = `${idOf(t.policy)}/${idOf(t.rule)}`;
    let hit = tierEntryCache.get(tkey);
    if (hit) return hit;
    const e = t.rule.entry;
    let bits: Bits = new Uint32Array(words);
    if (e.peers.kind === 'list')
      for (const p of e.peers.items) {
        const b = peerBits(p, '*tier', tierEnv);
        for (let w = 0; w < words; w++) bits[w] = (bits[w] as number) | (b[w] as number);
      }
    else if (e.peers.kind === 'wildcard') bits = all;
    hit = { c: { ref: tierRuleRef(t), entry: e, peers: bits, fixedPorts: entryHasNamedPorts(e) ? null : entryPortSet(e, [], model.settings) }, action: t.rule.action, policy: t.policy };
    tierEntryCache.set(tkey, hit);
    return hit;
  };
  const tieredCache = shared.tiered;
  const profile = (p: Party, dir: 'ingress' | 'egress'): Profile => {
    const base = ciliumProfile(p, dir);
    const tiers = tierRulesFor(model, p, dir);
    if (tiers.admin.length === 0 && tiers.baseline.length === 0) return base;
    const hitKey = `${dir}|${[...tiers.admin, ...tiers.baseline].map((t) => `${idOf(t.policy)}/${idOf(t.rule)}`).join(',')}#${idOf(base)}`;
    const hit = tieredCache.get(hitKey);
    if (hit) return hit;
    const admin = tiers.admin.map(tierEntry);
    const baseline = tiers.baseline.map(tierEntry);
    const named = [...admin, ...baseline].some((t) => t.c.fixedPorts === null);
    const prof: Profile = { mode: 'tiered', tier: { base, admin, baseline, named, memo: new Map() }, allows: [], denies: [], reach: null, denyReach: null, namedMask: 0, sides: new Map() };
    tieredCache.set(hitKey, prof);
    return prof;
  };
  // A managed party's Cilium profile depends only on the rules selecting it, the direction and
  // whether it is reserved:init (the model's settings are fixed here): parties selected by the
  // same rules (by index, in the same order) get the profile worked out for the first of them.
  const bySubject = new Map<string, Profile>();
  const ciliumProfile = (p: Party, dir: 'ingress' | 'egress'): Profile => {
    const s = subjectOf(model, p);
    if (!s.managed) return naProfile;
    const mode = model.settings.enforcementMode;
    if (mode === 'never') return openProfile;
    // reserved:init is always in default deny (side.ts, pkg/policy/repository.go computePolicyEnforcementAndRules).
    const initAlways = p.kind === 'reserved' && p.reserved.includes('init');
    const skey = `${dir}|${initAlways ? 'init|' : ''}${s.rules.join(',')}`;
    let known = bySubject.get(skey);
    if (known === undefined) bySubject.set(skey, (known = subjectProfile(s.rules, dir, initAlways)));
    return known;
  };
  const subjectProfile = (subjectRules: readonly number[], dir: 'ingress' | 'egress', initAlways: boolean): Profile => {
    const mode = model.settings.enforcementMode;
    const ri = rulesInDirection(model, subjectRules, dir);
    if (ri.length === 0 && mode === 'default' && !initAlways) return openProfile;
    const rules = ri.map((i) => model.rules[i] as Rule);
    const defaultDeny = mode === 'always' || initAlways || rules.some((r) => enablesDefaultDeny(model, r, dir));
    const dns = dir === 'egress' ? defaultAllowDns(dnsRulesFor(model, subjectRules), defaultDeny, model.settings.ciliumVersion) : [];
    const dnsKey = dns.map((d) => `${d.matchName ?? ''}~${d.matchPattern ?? ''}`).join(',');
    const pkey = `${dir}|${rules.map(idOf).join(',')}|${dnsKey}${initAlways ? '|init' : ''}`;
    const hit = profileCache.get(pkey);
    if (hit) return hit;
    const env: MatchEnv = { ...baseEnv, dnsRules: dns };
    const allowReq = requirementsOf(rules, dir, 'allow');
    const denyReq = requirementsOf(rules, dir, 'deny');
    const allows = rules.flatMap((r) => (dir === 'ingress' ? r.ingress : r.egress).filter((e) => !isBareItem(e)).map((e) => compileEntry(r, e, dnsKey, env, allowReq)));
    const denies = rules.flatMap((r) => (dir === 'ingress' ? r.ingressDeny : r.egressDeny).filter((e) => !isBareItem(e)).map((e) => compileEntry(r, e, dnsKey, env, denyReq)));
    const unionOf = (list: readonly CEntry[]): Bits => {
      const bits = new Uint32Array(words);
      for (const c of list) {
        // Only the words where the entry selects anything (a namespace's peers are a short run).
        const span = spanOf(c.peers);
        for (let w = span.from; w < span.to; w++) bits[w] = (bits[w] as number) | (c.peers[w] as number);
      }
      return bits;
    };
    const v4 = unknownAddr !== null ? allows.filter((c) => namesZero(c.entry, 4)) : [];
    const v6 = unknownAddr !== null ? allows.filter((c) => namesZero(c.entry, 6)) : [];
    const zero = v4.length > 0 && v6.length > 0 ? { v4, v6 } : null;
    const reach = defaultDeny ? unionOf(allows) : null;
    if (reach !== null && zero !== null && unknownAddr !== null) for (let w = 0; w < words; w++) reach[w] = (reach[w] as number) | (unknownAddr[w] as number);
    const denyReach = denies.length > 0 ? unionOf(denies) : null;
    let namedMask = 0;
    [...allows, ...denies].forEach((c, i) => {
      if (c.fixedPorts === null && i < 30) namedMask |= 1 << i;
    });
    const auth = allows.some((c) => c.entry.authMode !== undefined);
    const prof: Profile = { mode: defaultDeny ? 'policy' : 'allow-any', allows, denies, reach, denyReach, namedMask, sides: new Map(), ...(auth ? { auth } : {}), ...(zero !== null ? { zero } : {}) };
    profileCache.set(pkey, prof);
    return prof;
  };

  const pm = parent?.model;
  const tiersSame = pm !== undefined && sameObjects(pm.cluster.tierPolicies ?? [], model.cluster.tierPolicies ?? []);
  const kept = (p: Party): boolean => {
    if (!tiersSame || pm === undefined || p.kind !== 'pod' || p.identity < 0) return false;
    const a = pm.subjectRules[p.identity] ?? [];
    const b = model.subjectRules[p.identity] ?? [];
    return a.length === b.length && a.every((ri, i) => pm.rules[ri] === model.rules[b[i] as number]);
  };
  const egressProfiles: Profile[] = [];
  const ingressProfiles: Profile[] = [];
  parties.forEach((p, i) => {
    const keep = parent !== null && kept(p);
    egressProfiles.push(keep ? (parent.egress[i] as Profile) : profile(p, 'egress'));
    ingressProfiles.push(keep ? (parent.ingress[i] as Profile) : profile(p, 'ingress'));
  });
  const localhostAllowed = model.settings.allowLocalhost === 'always';

  const openSide: ConnSide = { mode: 'open', allowed: fullPortSet, allowedBy: [], deniedBy: [] };
  const naSide: ConnSide = { mode: 'not-applicable', allowed: fullPortSet, allowedBy: [], deniedBy: [] };
  const computeSide = (prof: Profile, peer: number, dst: Party, mode: ConnSide['mode']): ConnSide => {
    const ports = (c: CEntry) => c.fixedPorts ?? entryPortSet(c.entry, namedPortsFor(c.entry.direction, dst.ports, model.cluster, model.settings), model.settings);
    let allowed = mode === 'policy' ? emptyPortSet : fullPortSet;
    const allowedBy: RuleRef[] = [];
    if (mode === 'policy')
      for (const c of prof.allows) {
        if (!has(c.peers, peer)) continue;
        const p = ports(c);
        if (!isEmpty(p)) {
          allowed = union(allowed, p);
          allowedBy.push(c.ref);
        }
      }
    if (mode === 'policy' && prof.zero !== undefined && unknownAddr !== null && has(unknownAddr, peer)) {
      // Profile.zero: the ports both families' all-addresses items allow.
      const of = (list: readonly CEntry[]) => list.reduce((acc, c) => union(acc, ports(c)), emptyPortSet);
      const both = intersect(of(prof.zero.v4), of(prof.zero.v6));
      if (!isEmpty(subtract(both, allowed))) {
        allowed = union(allowed, both);
        for (const c of [...prof.zero.v4, ...prof.zero.v6]) if (!allowedBy.includes(c.ref) && !isEmpty(intersect(ports(c), both))) allowedBy.push(c.ref);
      }
    }
    // Ports where the allows that select the peer layer to authentication mode test-always-fail
    // (authLayering.ts): dropped for good (AUTH_REQUIRED), like decide() says (side.ts).
    let authFailed: ConnSide['authFailed'] | null = null;
    if (prof.auth === true) {
      const hits = prof.allows.filter((c) => has(c.peers, peer)).map((c) => ({ ref: c.ref, entry: c.entry, ports: ports(c) }));
      // Only a profile with authentication modes gets here: its cluster has the code (conflictCode.ts).
      const failed = conflictCode.get().authFailedPorts(hits, namedPortsFor(prof.allows[0]?.entry.direction ?? 'ingress', dst.ports, model.cluster, model.settings), model.settings);
      if (failed !== null && !isEmpty(intersect(allowed, failed.ports))) {
        authFailed = { ports: intersect(allowed, failed.ports), by: failed.from };
        allowed = subtract(allowed, failed.ports);
      }
    }
    const deniedBy: RuleRef[] = [];
    for (const c of prof.denies) {
      if (!has(c.peers, peer)) continue;
      const p = ports(c);
      if (!isEmpty(intersect(allowed, p))) deniedBy.push(c.ref);
      allowed = subtract(allowed, p);
    }
    return { mode, allowed, allowedBy, deniedBy, ...(authFailed !== null ? { authFailed } : {}) };
  };
  /**
   * The ports some entry of a Cilium profile names for `peer`, allow or deny: what the
   * NetworkPolicy tier decides; Cilium 1.20 gives the rest to the Baseline tier before default
   * deny, the allow-any and allow-localhost (side.ts leftToBaseline). With the key of the entries
   * hit, or null when the ports depend on more than them (named ports, an address unknown under
   * Profile.zero, more than 30 entries).
   */
  const matchedBy = (prof: Profile, peer: number, dst: Party): { readonly ports: PortSet; readonly key: string | null } => {
    if (prof.mode !== 'policy' && prof.mode !== 'allow-any') return { ports: emptyPortSet, key: '' };
    const ports = (c: CEntry) => c.fixedPorts ?? entryPortSet(c.entry, namedPortsFor(c.entry.direction, dst.ports, model.cluster, model.settings), model.settings);
    let matched = emptyPortSet;
    let key: string | null = '';
    [...prof.allows, ...prof.denies].forEach((c, i) => {
      if (!has(c.peers, peer)) return;
      matched = union(matched, ports(c));
      if (c.fixedPorts === null || i >= 30) key = null;
      else if (key !== null) key += `${i},`;
    });
    if (prof.zero !== undefined && unknownAddr !== null && has(unknownAddr, peer)) {
      const of = (list: readonly CEntry[]) => list.reduce((acc, c) => union(acc, ports(c)), emptyPortSet);
      matched = union(matched, intersect(of(prof.zero.v4), of(prof.zero.v6)));
      key = null;
    }
    return { ports: matched, key };
  };
  /** Pairs that hit the same entries of a profile share one ConnSide (keyed by the entries hit). */
  const tieredSide = (prof: Profile, peer: number, dst: Party, localhost: boolean): ConnSide => {
    const t = prof.tier as NonNullable<Profile['tier']>;
    const baseSide = evalSide(t.base, peer, dst, localhost);
    const hitA = t.admin.filter((x) => has(x.c.peers, peer));
    // Not a Cilium endpoint (decide: not-applicable): no Baseline tier.
    const hitB = t.base.mode === 'not-applicable' ? [] : baselineFor(t.baseline, t.base.mode !== 'open').filter((x) => has(x.c.peers, peer));
    if (hitA.length === 0 && hitB.length === 0) return baseSide;
    const matched = matchedBy(t.base, peer, dst);
    const key = t.named || matched.key === null ? null : `${hitA.map((x) => t.admin.indexOf(x)).join(',')}|${hitB.map((x) => t.baseline.indexOf(x)).join(',')}|${matched.key}|${localhost}`;
    let perBase = key !== null ? t.memo.get(baseSide) : undefined;
    if (key !== null) {
      if (!perBase) t.memo.set(baseSide, (perBase = new Map()));
      const hit = perBase.get(key);
      if (hit) return hit;
    }
    const ports = (c: CEntry) => c.fixedPorts ?? entryPortSet(c.entry, namedPortsFor(c.entry.direction, dst.ports, model.cluster, model.settings), model.settings);
    let allowed = emptyPortSet;
    const allowedBy: RuleRef[] = [];
    const deniedBy: RuleRef[] = [];
    /** One tier over `ports`: the first matching rule decides each port; what no rule or a Pass leaves, returned. */
    const tier = (hits: readonly TierCEntry[], from: PortSet): PortSet => {
      let rest = from;
      let passed = emptyPortSet;
      for (const x of hits) {
        const p = ports(x.c);
        const cur = intersect(rest, p);
        if (isEmpty(cur)) continue;
        rest = subtract(rest, p);
        if (x.action === 'Accept') {
          allowed = union(allowed, cur);
          allowedBy.push(x.c.ref);
        } else if (x.action === 'Deny') deniedBy.push(x.c.ref);
        else passed = union(passed, cur);
      }
      return union(rest, passed);
    };
    // Admin tier.
    const undecided = tier(hitA, fullPortSet);
    // NetworkPolicy tier: the ports an entry of Cilium's rules names are decided by them.
    const byPolicy = intersect(undecided, matched.ports);
    if (!isEmpty(byPolicy)) {
      allowed = union(allowed, intersect(baseSide.allowed, byPolicy));
      allowedBy.push(...baseSide.allowedBy);
      deniedBy.push(...baseSide.deniedBy);
    }
    // Baseline tier, for the rest, whether or not a Cilium or Kubernetes policy selects the endpoint.
    const rest = tier(hitB, subtract(undecided, matched.ports));
    // Then default deny, or what lets the rest through: no policy, the allow-any, allow-localhost.
    if (baseSide.mode !== 'policy') allowed = union(allowed, rest);
    const side: ConnSide = { mode: 'policy', allowed, allowedBy, deniedBy };
    if (key !== null) perBase?.set(key, side);
    return side;
  };
  const evalSide = (prof: Profile, peer: number, dst: Party, localhost: boolean): ConnSide => {
    if (prof.mode === 'not-applicable') return naSide;
    if (prof.mode === 'open') return openSide;
    if (prof.mode === 'tiered') return tieredSide(prof, peer, dst, localhost);
    const mode: ConnSide['mode'] = localhost ? 'localhost' : prof.mode;
    const total = prof.allows.length + prof.denies.length;
    // A peer without an address under Profile.zero: its own side (the entry mask does not show it).
    if (total > 30 || (prof.zero !== undefined && unknownAddr !== null && has(unknownAddr, peer))) return computeSide(prof, peer, dst, mode);
    let mask = 0;
    let i = 0;
    for (const c of prof.allows) {
      if (has(c.peers, peer)) mask |= 1 << i;
      i++;
    }
    for (const c of prof.denies) {
      if (has(c.peers, peer)) mask |= 1 << i;
      i++;
    }
    const key: number | string = (mask & prof.namedMask) !== 0 ? `${mask}|${localhost}|${dst.identity}` : localhost ? -1 - mask : mask;
    const hit = prof.sides.get(key);
    if (hit) return hit;
    const side = one === null ? computeSide(prof, peer, dst, mode) : one(computeSide(prof, peer, dst, mode));
    prof.sides.set(key, side);
    return side;
  };
  const meet = new Map<ConnSide, Map<ConnSide, PortSet>>();
  const intersectSides = (a: ConnSide, b: ConnSide): PortSet => {
    let m = meet.get(a);
    if (!m) meet.set(a, (m = new Map()));
    let r = m.get(b);
    if (!r) m.set(b, (r = intersect(a.allowed, b.allowed)));
    return r;
  };

  // Pruning. A side in default deny (`policy`) whose allow entries do not select the peer allows
  // nothing, and then no deny entry of that side can match either (a deny only counts when it
  // removes allowed ports, see computeSide). So:
  // - a default-deny egress side only needs the destinations in its `reach` (denied pairs too);
  // - a default-deny ingress side that does not reach the source leaves an edge only when the
  //   source's egress denies something to the destination, which needs the destination in the
  //   egress `denyReach` (and is only listed with `includeDenied`).
  // Both are exact: `exhaustive` (the tests' reference) evaluates every pair and gets the same edges.
  const prune = options.exhaustive !== true;
  const includeDenied = options.includeDenied === true;
  const pair = (s: number, d: number): ConnEdge | null => {
    const src = parties[s] as Party;
    if (d === s && src.kind !== 'pod') return null;
    const ep = egressProfiles[s] as Profile;
    if (prune && ep.reach !== null && !has(ep.reach, d)) return null;
    const ip = ingressProfiles[d] as Profile;
    if (ep.mode === 'not-applicable' && ip.mode === 'not-applicable') return null; // outside ↔ outside
    const dst = parties[d] as Party;
    // A pod and an address of a family the cluster does not run: dropped before policy (side.ts familyDropped).
    if (familyDropped(model, src, dst) || familyDropped(model, dst, src)) return null;
    const localhost = src.reserved.includes('host') && localhostAllowed && dst.kind === 'pod';
    if (prune && ip.reach !== null && !has(ip.reach, s) && !localhost && !(includeDenied && ep.denyReach !== null && has(ep.denyReach, d))) return null;
    const egress = evalSide(ep, d, dst, false);
    if (isEmpty(egress.allowed) && !(includeDenied && egress.deniedBy.length > 0)) return null;
    const ingress = evalSide(ip, s, dst, localhost);
    const allowed = intersectSides(egress, ingress);
    if (isEmpty(allowed) && !(includeDenied && (egress.deniedBy.length > 0 || ingress.deniedBy.length > 0))) return null;
    return { from: s, to: d, allowed, egress, ingress };
  };
  const row = (s: number, visit: (d: number) => boolean, only?: Bits): boolean => {
    const reach = prune ? (egressProfiles[s] as Profile).reach : null;
    if (reach === null && only === undefined) {
      for (let d = 0; d < n; d++) if (!visit(d)) return false;
      return true;
    }
    // Default-deny egress: only the peers some allow entry selects (see Pruning above).
    for (let w = 0; w < words; w++) {
      let bits = reach === null ? (only?.[w] as number) : only === undefined ? (reach[w] as number) : (reach[w] as number) & (only[w] as number);
      while (bits !== 0) {
        const low = bits & -bits;
        const d = (w << 5) + (31 - Math.clz32(low));
        bits ^= low;
        if (d >= n) break;
        if (!visit(d)) return false;
      }
    }
    return true;
  };
  return { model, options, peers, parties, shared, egress: egressProfiles, ingress: ingressProfiles, pair, row };
}

/** The denied remainder of an edge: every (protocol, port) not allowed. */
export function deniedPorts(edge: ConnEdge): PortSet {
  return subtract(fullPortSet, edge.allowed);
}

/** Index of an identity's peer in the matrix, or -1. */
export function peerIndexOfIdentity(conn: Connectivity, key: IdentityKey): number {
  return conn.peers.findIndex((p) => p.kind === 'identity' && p.identity === key);
}

