/**
 * markChanges(before, after, paths): the proposed set's graph with every edge that differs from the
 * loaded set's graph at the same view marked (`GraphEdge.change`), and the edges only the loaded
 * set draws kept as ghosts (`change.kind === 'removed'`, with their ends when the proposed graph
 * lost them, without the observed flows, which the proposed graph draws where they now go), so that the canvas shows what a what-if opens and closes where it happens.
 *
 * An edge can stand for many paths (a collapsed group's, an outside node's ranges): one of them
 * changes and the edge's ports may not (another path had those ports already), and a path
 * between two workloads of one collapsed group is drawn nowhere. With `paths` (the what-if's
 * changes and where their ends are: pathEnds.ts), every changed path is counted on the edges it
 * is drawn in (`change.paths`; an edge whose ports stay is marked `kind: 'paths'`) or, as no
 * loops are drawn, on the node both its ends are drawn as (a collapsed group, or a workload for
 * a path between its own pods: `GraphNode.changedPaths`); `counts.changesNotDrawn` says how
 * many are drawn nowhere (filtered out of the view). A path neither graph draws (see
 * `unenforced` in placePaths) gets an edge of its own.
 * @public
 */
import { bundleEdges } from '../graph/bundle.ts';
import { emptyPortSet, isEmpty, subtract, union, type PortSet } from '../engine/PortSet.ts';
import type { EdgeChange, EdgeVerdict, GraphEdge, GraphModel, GraphNode } from '../graph/types.ts';
import { portsText } from '../graph/portsText.ts';
import { WORLD_ID } from '../graph/outside.ts';
import { TENANTS_GROUP, tenantOfGroup } from '../graph/grouping.ts';
import type { Change } from '../diff/types.ts';
import type { ChangedPath, PathEnd } from './pathEnds.ts';

/** The what-if's changed paths, and where each one's ends are. */
export interface PathsToMark {
  readonly changes: readonly Change[];
  readonly ends: (change: Change) => ChangedPath;
}

const PASSING: ReadonlySet<EdgeVerdict> = new Set(['allowed', 'l7-filtered', 'not-enforced']);

/**
 * Node pairs as paths: a carve-out stub (`o:world~25/TCP`, the denied part of the path to the
 * internet) stands for the outside node it was cut from.
 */
function pairKey(carveOuts: ReadonlySet<string>) {
  const end = (id: string) => (carveOuts.has(id) && id.includes('~') ? id.slice(0, id.lastIndexOf('~')) : id);
  return (e: GraphEdge) => `${end(e.source)}\u0000${end(e.target)}`;
}

/** Ports each node pair lets through, per graph. */
function passing(model: GraphModel, pairOf: (e: GraphEdge) => string): Map<string, PortSet> {
  const out = new Map<string, PortSet>();
  for (const e of model.edges) {
    if (!PASSING.has(e.verdict)) continue;
    const k = pairOf(e);
    out.set(k, union(out.get(k) ?? emptyPortSet, e.ports));
  }
  return out;
}

const text = (s: PortSet) => (isEmpty(s) ? '' : portsText(s));

export function markChanges(before: GraphModel, after: GraphModel, paths: PathsToMark | null = null): GraphModel {
  const beforeEdges = new Map(before.edges.map((e) => [e.id, e]));
  const afterIds = new Set(after.edges.map((e) => e.id));
  const carveOuts = new Set([...before.nodes, ...after.nodes].filter((n) => n.kind === 'carve-out').map((n) => n.id));
  const pairOf = pairKey(carveOuts);
  const [pb, pa] = [passing(before, pairOf), passing(after, pairOf)];
  const pairChange = (pair: string) => {
    const b = pb.get(pair) ?? emptyPortSet;
    const a = pa.get(pair) ?? emptyPortSet;
    return { opened: text(subtract(a, b)), closed: text(subtract(b, a)) };
  };

  let changed = 0;
  const edges: GraphEdge[] = after.edges.map((e) => {
    const old = beforeEdges.get(e.id);
    if (old && old.portsText === e.portsText) return e;
    const change: EdgeChange = { kind: old ? 'ports' : 'added', before: old?.portsText ?? '', ...pairChange(pairOf(e)) };
    changed++;
    return { ...e, change };
  });

  const afterNodes = new Set(after.nodes.map((n) => n.id));
  const beforeNodes = new Map(before.nodes.map((n) => [n.id, n]));
  const ghostNodes: GraphNode[] = [];
  for (const e of before.edges) {
    if (afterIds.has(e.id)) continue;
    for (const end of [e.source, e.target]) {
      if (afterNodes.has(end)) continue;
      const n = beforeNodes.get(end);
      if (!n) continue;
      afterNodes.add(end);
      ghostNodes.push({ ...n, parent: n.parent !== null && afterNodes.has(n.parent) ? n.parent : null, removed: true });
    }
    // The flows once drawn on it are drawn where the proposed set puts them: never twice.
    edges.push({ ...e, observed: null, mismatch: null, flowKeys: [], change: { kind: 'removed', before: e.portsText, ...pairChange(pairOf(e)) } });
    changed++;
  }
  edges.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  let nodes = ghostNodes.length > 0 ? [...after.nodes, ...ghostNodes] : after.nodes;
  let notDrawn: number | undefined;
  if (paths !== null) {
    const placed = placePaths(nodes, edges, pairOf, paths);
    notDrawn = placed.notDrawn;
    for (const [i, n] of placed.onEdge) {
      const e = edges[i] as GraphEdge;
      if (!e.change) changed++;
      edges[i] = { ...e, change: e.change ? { ...e.change, paths: n } : { kind: 'paths', before: e.portsText, ...pairChange(pairOf(e)), paths: n } };
    }
    if (placed.extra.length > 0) {
      changed += placed.extra.length;
      edges.push(...placed.extra);
      edges.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    }
    if (placed.inside.size > 0) nodes = nodes.map((n) => (placed.inside.has(n.id) ? { ...n, changedPaths: placed.inside.get(n.id) } : n));
  }
  return {
    ...after,
    nodes,
    edges,
    // Changed paths are drawn on their own: the bundles are made again without them.
    bundles: bundleEdges(nodes, edges),
    counts: { ...after.counts, changedEdges: changed, ...(notDrawn !== undefined ? { changesNotDrawn: notDrawn } : {}) },
  };
}

/**
 * Where each changed path is drawn: the edges between the nodes its ends are drawn as (a leaf,
 * or its collapsed group), those of its kind (passing when it opens ports, the others and
 * ghosts when it closes some) when there are; or the one node both ends are drawn as. An
 * outside range or name the internet's edge subsumes (subsume.ts) is drawn on the internet's.
 */
/**
 * The node a path's end is drawn as: its own, its collapsed group's, or the tenants' aggregate
 * (TENANTS_GROUP) that holds its collapsed tenant; null when the view does not draw it.
 */
function drawnAsIn(ids: ReadonlySet<string>, collapsed: ReadonlySet<string>): (end: PathEnd) => string | null {
  return (end) => {
    if (ids.has(end.id)) return end.id;
    if (end.group === null) return null;
    if (collapsed.has(end.group)) return end.group;
    return !ids.has(end.group) && collapsed.has(TENANTS_GROUP) && tenantOfGroup(end.group) !== null ? TENANTS_GROUP : null;
  };
}

/** Outside nodes the internet's edges subsume (subsume.ts): named ranges and DNS names. */
const subsumable = (id: string) => id.startsWith('o:cidr:') || id.startsWith('o:fqdn:');

function placePaths(nodes: readonly GraphNode[], edges: readonly GraphEdge[], pairOf: (e: GraphEdge) => string, paths: PathsToMark) {
  const drawnIds = new Set<string>();
  const collapsed = new Set<string>();
  for (const n of nodes) {
    drawnIds.add(n.id);
    if (n.kind === 'group' && n.collapsed) collapsed.add(n.id);
  }
  const byPair = new Map<string, number[]>();
  edges.forEach((e, i) => {
    const k = pairOf(e);
    const list = byPair.get(k);
    if (list) list.push(i);
    else byPair.set(k, [i]);
  });
  const drawn = drawnAsIn(drawnIds, collapsed);
  const drawnAll = (ends: readonly PathEnd[], world: boolean): string[] => {
    const out = new Set<string>();
    for (const end of ends) {
      const d = drawn(end);
      if (d !== null) out.add(d);
      if (world && subsumable(end.id) && drawnIds.has(WORLD_ID)) out.add(WORLD_ID);
    }
    return [...out];
  };
  /**
   * Neither graph draws a pair nobody enforces and nothing denies, nor one denied on every port
   * by default deny: a path that goes from one to the other (a new default deny on unenforced
   * workloads, or the policy that denied it deleted) is drawn as a not-enforced edge, new
   * (`added`: it passes now) or a ghost (`removed`: it passed before).
   */
  const extra = new Map<string, GraphEdge>();
  const unenforced = (f: string, t: string, c: Change) => {
    const passes = !isEmpty(c.after);
    const id = `e:${f}|${t}|not-enforced`;
    const old = extra.get(id);
    const ports = union(old?.ports ?? emptyPortSet, passes ? c.after : c.before);
    const kind = old && old.change?.kind !== (passes ? 'added' : 'removed') ? 'ports' : passes ? 'added' : 'removed';
    const opened = union(old?.change?.kind === 'removed' ? emptyPortSet : (old?.ports ?? emptyPortSet), c.opened);
    const closed = union(old?.change?.kind === 'added' ? emptyPortSet : (old?.ports ?? emptyPortSet), c.closed);
    extra.set(id, {
      id,
      source: f,
      target: t,
      verdict: 'not-enforced',
      ports,
      portsText: text(ports),
      rules: [],
      nearMisses: [],
      policy: true,
      observed: null,
      mismatch: null,
      flowKeys: [],
      members: (old?.members ?? 0) + 1,
      change: { kind, before: kind === 'added' ? '' : text(ports), opened: text(opened), closed: text(closed), paths: (old?.change?.paths ?? 0) + 1 },
    });
  };
  const onEdge = new Map<number, number>();
  const inside = new Map<string, number>();
  let notDrawn = 0;
  for (const c of paths.changes) {
    const ends = paths.ends(c);
    let found = false;
    for (const world of [false, true]) {
      const from = drawnAll(ends.from, world);
      const to = drawnAll(ends.to, world);
      const candidates: number[] = [];
      for (const f of from) {
        for (const t of to) {
          // No loops are drawn: a path between two workloads of a collapsed group, or between a workload's own pods.
          if (f === t && !world) {
            if (!found) inside.set(f, (inside.get(f) ?? 0) + 1);
            found = true;
            continue;
          }
          for (const i of byPair.get(`${f}\u0000${t}`) ?? []) candidates.push(i);
        }
      }
      const opens = !isEmpty(c.opened);
      const closes = !isEmpty(c.closed);
      const kind = candidates.filter((i) => {
        const e = edges[i] as GraphEdge;
        const passes = PASSING.has(e.verdict) && e.change?.kind !== 'removed';
        return (opens && passes) || (closes && !passes) || (closes && e.change?.kind === 'removed');
      });
      for (const i of kind.length > 0 ? kind : candidates) onEdge.set(i, (onEdge.get(i) ?? 0) + 1);
      if (candidates.length > 0) found = true;
      if (found) break;
    }
    if (!found) {
      const f = drawnAll(ends.from, false)[0];
      const t = drawnAll(ends.to, false)[0];
      if (f !== undefined && t !== undefined) {
        unenforced(f, t, c);
        found = true;
      }
    }
    if (!found) notDrawn++;
  }
  return { onEdge, inside, notDrawn, extra: [...extra.values()] };
}

/**
 * Where one changed path is on a marked graph (what the change list's "Show on graph" selects):
 * the marked edges between the nodes its ends are drawn as, else the node holding both ends
 * (`GraphNode.changedPaths`); nothing when the view does not draw it (filtered out).
 */
export function findChangedPath(model: GraphModel, path: ChangedPath): { readonly edges: readonly string[]; readonly node: string | null } {
  const carveOuts = new Set(model.nodes.filter((n) => n.kind === 'carve-out').map((n) => n.id));
  const pairOf = pairKey(carveOuts);
  const ids = new Set(model.nodes.map((n) => n.id));
  const collapsed = new Set(model.nodes.filter((n) => n.kind === 'group' && n.collapsed).map((n) => n.id));
  const one = drawnAsIn(ids, collapsed);
  const drawn = (ends: readonly PathEnd[], world: boolean) => {
    const out = new Set<string>();
    for (const e of ends) {
      const d = one(e);
      if (d !== null) out.add(d);
      if (world && subsumable(e.id) && ids.has(WORLD_ID)) out.add(WORLD_ID);
    }
    return out;
  };
  for (const world of [false, true]) {
    const [from, to] = [drawn(path.from, world), drawn(path.to, world)];
    const edges = model.edges.filter((e) => {
      if (e.change === undefined) return false;
      const [s, t] = pairOf(e).split('\u0000');
      return from.has(s as string) && to.has(t as string);
    });
    if (edges.length > 0) return { edges: edges.map((e) => e.id), node: null };
    if (!world) {
      const node = model.nodes.find((n) => (n.changedPaths ?? 0) > 0 && from.has(n.id) && to.has(n.id));
      if (node) return { edges: [], node: node.id };
    }
  }
  return { edges: [], node: null };
}
