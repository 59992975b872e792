/**
 * The graph of a policy edit as an update of the loaded set's graph at the same view (the
 * what-if's proposed graph). A matrix update (engine `updateMatrix`) says which pairs can differ:
 * the sources whose egress changed and the destinations whose ingress changed. Step 1 of
 * `buildGraph` (policy paths → parts, ranges the internet covers dropped, carve-outs) looks only
 * at paths with the same in-cluster end, and a path between two workloads only at itself
 * (`policyGraphParts`). So the loaded set's parts are kept by path (between two workloads) and by
 * share (the in-cluster end of a path with an outside end) (`graphBase`); only the changed pairs'
 * paths and the shares they fall in are made again, and only the edges those parts merge into
 * are merged again; nodes, layout, filters and bundles then run on the merged edges. Without
 * flows and outside the customer view only (flows are cross-checked against the whole proposed
 * set, redaction looks at every part); otherwise null, and the caller builds the graph in full.
 * Equal to `buildGraph` of the proposed set's inputs (property test whatif/whatIf.graph.test.ts).
 * @public
 */
import type { ConnEdge, Connectivity } from '../engine/connectivity.ts';
import type { EngineSettings } from '../engine/types.ts';
import type { Cluster } from '../model/cluster.ts';
import { collapsedRep, enforcementOf, graphFromParts, policyGraphParts } from './buildGraph.ts';
import type { CarveOutStub } from './carveOut.ts';
import { edgeId, mergeParts, type EdgePart } from './edgeParts.ts';
import { connectivityInput } from './fromEngine.ts';
import { makeGrouping } from './grouping.ts';
import { buildRegistry, workloadNodeId, type Registry } from './registry.ts';
import type { ConnectivityInput, ConnPath, ConnSide, GraphEdge, GraphModel, ViewState } from './types.ts';

/** Whether a path runs between two workloads: its parts are its own (no other path's parts look at them). */
function inside(p: ConnPath): boolean {
  return p.source.kind === 'workload' && p.destination.kind === 'workload';
}

/** The share of a path with an outside end: its in-cluster end, or '' when both ends are outside. */
function shareOf(p: ConnPath): string {
  return p.source.kind === 'workload' ? workloadNodeId(p.source.key) : p.destination.kind === 'workload' ? workloadNodeId(p.destination.key) : '';
}

/** A part's share, as `shareOf` its path's (carve-outs only move targets that are outside). */
function shareOfPart(p: EdgePart, reg: Registry): string {
  return reg.leaves.has(p.source) ? p.source : reg.leaves.has(p.target) ? p.target : '';
}

/** A loaded set's graph input, its paths between two workloads one by one and the others in shares. */
export interface PathShares {
  readonly cluster: Cluster;
  readonly conn: Connectivity;
  readonly input: ConnectivityInput;
  /** Paths of engine edge `k`: `first[k]` to `first[k + 1]` (exclusive). */
  readonly first: Int32Array;
  /** The engine edge of each path. */
  readonly edgeOf: Int32Array;
  /** 1 for a path between two workloads. */
  readonly inside: Uint8Array;
  /** The indices of the other paths per share, ascending. */
  readonly shares: ReadonlyMap<string, readonly number[]>;
  /** Paths ending on each outside side object (either end). */
  readonly outside: ReadonlyMap<ConnSide, number>;
}

/** The graph input of a loaded set (`connectivityInput` of its matrix with denied pairs), in shares. */
export function pathShares(cluster: Cluster, conn: Connectivity, settings: EngineSettings): PathShares {
  const edgeOf: number[] = [];
  const input = connectivityInput(conn, cluster, settings, { edgeOfPath: edgeOf });
  const first = new Int32Array(conn.edges.length + 1);
  let i = 0;
  for (let k = 0; k <= conn.edges.length; k++) {
    first[k] = i;
    while (i < edgeOf.length && edgeOf[i] === k) i++;
  }
  const isInside = new Uint8Array(input.paths.length);
  const shares = new Map<string, number[]>();
  const outside = new Map<ConnSide, number>();
  input.paths.forEach((p, j) => {
    if (inside(p)) {
      isInside[j] = 1;
      return;
    }
    const key = shareOf(p);
    const list = shares.get(key);
    if (list) list.push(j);
    else shares.set(key, [j]);
    if (p.source.kind !== 'workload') outside.set(p.source, (outside.get(p.source) ?? 0) + 1);
    if (p.destination.kind !== 'workload') outside.set(p.destination, (outside.get(p.destination) ?? 0) + 1);
  });
  return { cluster, conn, input, first, edgeOf: Int32Array.from(edgeOf), inside: isInside, shares, outside };
}

/** What a registry knows before any path is resolved: the outside nodes policies name and their carve-outs. */
function catalogKey(reg: Registry): string {
  return JSON.stringify([[...reg.outside.nodes.values()], [...reg.outside.exceptOf].map(([k, v]) => [k, [...v].sort()])]);
}

/**
 * The edge a part merges into (`mergeParts`: its ends moved onto the node standing for them),
 * or null when both ends move onto the same node (not drawn).
 */
function edgeOfPart(rep: ((id: string) => string) | null): (p: EdgePart) => string | null {
  if (rep === null) return (p) => edgeId(p.source, p.target, p.verdict);
  return (p) => {
    const s = rep(p.source);
    const t = rep(p.target);
    return s === t && s !== p.source ? null : edgeId(s, t, p.verdict);
  };
}

function repOf(reg: Registry, view: ViewState): ((id: string) => string) | null {
  return view.collapsed.length > 0 ? collapsedRep(reg.leaves, new Set(view.collapsed)) : null;
}

/** A loaded set's part and where it was made: its share (`path` -1), or its path between two workloads. */
interface MadePart {
  readonly share: string;
  readonly path: number;
  readonly part: EdgePart;
}

/** The loaded set's graph at one view, with its step-1 parts by share and by path, and its edges before filters. */
export interface GraphBase {
  readonly paths: PathShares;
  readonly view: ViewState;
  /** Equal to `buildGraph` of the loaded set's inputs (without flows) at `view`. */
  readonly model: GraphModel;
  /** Null when the graph cannot be updated (customer view, or paths naming workloads the inventory does not hold). */
  readonly update: {
    readonly parts: ReadonlyMap<string, readonly EdgePart[]>;
    readonly partsOfPath: ReadonlyMap<number, readonly EdgePart[]>;
    readonly stubs: ReadonlyMap<string, CarveOutStub>;
    readonly catalog: string;
    /** Merged edges before filters, by id order. */
    readonly edges: readonly GraphEdge[];
    /** The parts of each of them. */
    readonly partsOfEdge: ReadonlyMap<string, readonly MadePart[]>;
  } | null;
}

export function graphBase(paths: PathShares, view: ViewState): GraphBase {
  const { cluster, input } = paths;
  const grouping = makeGrouping(cluster, view.groupingLabel);
  const reg = buildRegistry(cluster, grouping);
  const catalog = catalogKey(reg);
  const leaves = reg.leaves.size;
  // The paths between two workloads apart (their parts by path), the others by share: the same parts as all at once.
  const outer: ConnPath[] = [];
  const inner: ConnPath[] = [];
  const innerIndex: number[] = [];
  input.paths.forEach((p, i) => {
    if (paths.inside[i] === 1) {
      inner.push(p);
      innerIndex.push(i);
    } else outer.push(p);
  });
  const pathOf: number[] = [];
  const made = policyGraphParts(inner, reg, view, pathOf);
  const carved = policyGraphParts(outer, reg, view);
  const all = { parts: [...made.parts, ...carved.parts], stubs: carved.stubs };
  const rep = repOf(reg, view);
  const edges = view.customerTenant === null ? mergeParts(all.parts, rep) : null;
  const model = graphFromParts(cluster, view, { grouping, reg, enforcement: enforcementOf({ cluster, connectivity: input, flows: null }) }, all, edges);
  if (edges === null || reg.leaves.size !== leaves || made.stubs.length > 0 || pathOf.some((i) => i < 0)) return { paths, view, model, update: null };
  const parts = new Map<string, EdgePart[]>();
  const partsOfPath = new Map<number, EdgePart[]>();
  const partsOfEdge = new Map<string, MadePart[]>();
  const edgeOf = edgeOfPart(rep);
  const note = (m: MadePart): void => {
    const id = edgeOf(m.part);
    if (id === null) return;
    const of = partsOfEdge.get(id);
    if (of) of.push(m);
    else partsOfEdge.set(id, [m]);
  };
  made.parts.forEach((part, j) => {
    const path = innerIndex[pathOf[j] as number] as number;
    const list = partsOfPath.get(path);
    if (list) list.push(part);
    else partsOfPath.set(path, [part]);
    note({ share: '', path, part });
  });
  for (const part of carved.parts) {
    const share = shareOfPart(part, reg);
    const list = parts.get(share);
    if (list) list.push(part);
    else parts.set(share, [part]);
    note({ share, path: -1, part });
  }
  return { paths, view, model, update: { parts, partsOfPath, stubs: new Map(carved.stubs.map((s) => [s.id, s])), catalog, edges, partsOfEdge } };
}

/** The proposed set: its cluster, its matrix (an update of the loaded one) and the update's changed rows and columns. */
export interface GraphEdit {
  readonly cluster: Cluster;
  readonly conn: Connectivity;
  readonly settings: EngineSettings;
  readonly rows: readonly number[];
  readonly columns: readonly number[];
}

/**
 * The proposed set's graph at the base's view, or null when it cannot be updated or the update
 * would make the parts of more than `share` of the paths again (then `buildGraph` it: faster).
 */
export function updateGraph(base: GraphBase, edit: GraphEdit, share = 0.5): GraphModel | null {
  const { paths: loaded, view, update: kept } = base;
  if (kept === null || edit.conn.peers.length !== loaded.conn.peers.length || edit.conn.truncated) return null;
  const grouping = makeGrouping(edit.cluster, view.groupingLabel);
  const reg = buildRegistry(edit.cluster, grouping);
  if (catalogKey(reg) !== kept.catalog) return null;
  const leaves = reg.leaves.size;

  const n = edit.conn.peers.length;
  const isRow = new Uint8Array(n);
  const isColumn = new Uint8Array(n);
  for (const s of edit.rows) isRow[s] = 1;
  for (const d of edit.columns) isColumn[d] = 1;
  const changed = (e: ConnEdge): boolean => isRow[e.from] === 1 || isColumn[e.to] === 1;

  // The loaded paths of the changed pairs: gone, their shares touched.
  const touched = new Set<string>();
  const removed = new Set<number>();
  const outside = new Map(loaded.outside);
  const count = (side: ConnSide, by: number): void => {
    if (side.kind !== 'workload') outside.set(side, (outside.get(side) ?? 0) + by);
  };
  const before = loaded.input.paths;
  loaded.conn.edges.forEach((e, k) => {
    if (!changed(e)) return;
    for (let i = loaded.first[k] as number; i < (loaded.first[k + 1] as number); i++) {
      const p = before[i] as ConnPath;
      if (loaded.inside[i] === 1) {
        removed.add(i);
        continue;
      }
      touched.add(shareOf(p));
      count(p.source, -1);
      count(p.destination, -1);
    }
  });
  // An edit touching most of the graph (a cluster-wide policy every endpoint uses) is built faster in full.
  const most = share * before.length;
  let again = removed.size;
  for (const key of touched) again += loaded.shares.get(key)?.length ?? 0;
  if (again > most) return null;
  // The proposed paths of the changed pairs.
  const edges: number[] = [];
  edit.conn.edges.forEach((e, k) => {
    if (changed(e)) edges.push(k);
  });
  const edgeOfAdded: number[] = [];
  const added = connectivityInput(edit.conn, edit.cluster, edit.settings, { edges, edgeOfPath: edgeOfAdded });
  const addedInside: ConnPath[] = [];
  const addedByShare = new Map<string, number[]>();
  added.paths.forEach((p, j) => {
    if (inside(p)) {
      addedInside.push(p);
      return;
    }
    const key = shareOf(p);
    touched.add(key);
    const list = addedByShare.get(key);
    if (list) list.push(j);
    else addedByShare.set(key, [j]);
    count(p.source, 1);
    count(p.destination, 1);
  });
  again = removed.size + addedInside.length;
  for (const key of touched) again += loaded.shares.get(key)?.length ?? 0;
  if (again > most) return null;
  // The outside nodes the whole proposed set's paths end on, as a full build resolves them.
  for (const [side, c] of outside) if (c > 0) reg.sideId(side);

  // Each touched share's paths in the matrix's order (a pair's paths are all loaded or all new).
  const pathsOf = (key: string): ConnPath[] => {
    const kept = (loaded.shares.get(key) ?? []).map((i) => ({ p: before[i] as ConnPath, e: loaded.conn.edges[loaded.edgeOf[i] as number] as ConnEdge })).filter((x) => !changed(x.e));
    const fresh = (addedByShare.get(key) ?? []).map((j) => ({ p: added.paths[j] as ConnPath, e: edit.conn.edges[edgeOfAdded[j] as number] as ConnEdge }));
    const out: ConnPath[] = [];
    let a = 0;
    let b = 0;
    while (a < kept.length || b < fresh.length) {
      const x = kept[a];
      const y = fresh[b];
      if (y === undefined || (x !== undefined && (x.e.from < y.e.from || (x.e.from === y.e.from && x.e.to < y.e.to)))) {
        out.push((x as { p: ConnPath }).p);
        a++;
      } else {
        out.push(y.p);
        b++;
      }
    }
    return out;
  };

  // The parts made again; the edges any of their parts (loaded or new) merge into merged again.
  const rep = repOf(reg, view);
  const edgeOf = edgeOfPart(rep);
  const touchedEdges = new Set<string>();
  const touch = (p: EdgePart): void => {
    const id = edgeOf(p);
    if (id !== null) touchedEdges.add(id);
  };
  for (const key of touched) for (const p of kept.parts.get(key) ?? []) touch(p);
  for (const i of removed) for (const p of kept.partsOfPath.get(i) ?? []) touch(p);
  const parts: EdgePart[] = [];
  for (const [key, list] of kept.parts) if (!touched.has(key)) for (const p of list) parts.push(p);
  for (const [i, list] of kept.partsOfPath) if (!removed.has(i)) for (const p of list) parts.push(p);
  const stubs = new Map(kept.stubs);
  const fresh = new Map<string, EdgePart[]>();
  const addFresh = (made: { parts: readonly EdgePart[]; stubs: readonly CarveOutStub[] }): void => {
    for (const p of made.parts) {
      parts.push(p);
      const id = edgeOf(p);
      if (id === null) continue;
      touchedEdges.add(id);
      const list = fresh.get(id);
      if (list) list.push(p);
      else fresh.set(id, [p]);
    }
    for (const s of made.stubs) stubs.set(s.id, s);
  };
  addFresh(policyGraphParts(addedInside, reg, view));
  for (const key of touched) addFresh(policyGraphParts(pathsOf(key), reg, view));
  // Paths naming a workload the inventory does not hold add nodes a full build makes differently.
  if (reg.leaves.size !== leaves) return null;
  const merged = kept.edges.filter((e) => !touchedEdges.has(e.id));
  const stays = (m: MadePart): boolean => (m.path < 0 ? !touched.has(m.share) : !removed.has(m.path));
  for (const id of touchedEdges) {
    const of = (kept.partsOfEdge.get(id) ?? []).filter(stays).map((m) => m.part);
    merged.push(...mergeParts([...of, ...(fresh.get(id) ?? [])], rep));
  }
  merged.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const used = new Map<string, CarveOutStub>();
  for (const p of parts) {
    const s = stubs.get(p.target);
    if (s !== undefined) used.set(s.id, s);
  }
  const enforcement = enforcementOf({ cluster: edit.cluster, connectivity: added, flows: null });
  return graphFromParts(edit.cluster, view, { grouping, reg, enforcement }, { parts, stubs: [...used.values()].sort((a, b) => a.id.localeCompare(b.id)) }, merged);
}
