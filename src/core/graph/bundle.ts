/**
 * Parallel paths between the same two groups, drawn as one bundle. Two edges run between the
 * same two groups when their ends, seen from where their ancestries part, are the same two
 * boxes: two tenants (or a tenant and the platform), two namespaces of one tenant, a group and an
 * outside peer, two collapsed groups. When two or more edges share such a pair, the view draws
 * one line between the two boxes with their count and verdict split instead of every line; a
 * click lists the paths it holds (each opens its explanation), and a path that is selected or
 * lit by a query is drawn on its own again (the view opens its bundle).
 *
 * Not bundled: edges whose two ends are both single nodes (workloads, outside peers: they are
 * already one line per verdict), mismatches and what-if changes (what the user must see), edges
 * whose ends lie inside one another, and the paths inside an expanded group (between two of its
 * namespaces): a tenant is expanded to see which of its workloads talk to which, so its inner
 * paths are drawn as lines, unless there are more than INNER_PATHS_DRAWN of them (too many lines
 * to read in one box: the 5k cluster expanded has about 300 per tenant), which stay bundled.
 * Pure: the view decides only which bundles are open.
 * @public
 */
import type { EdgeBundle, EdgeVerdict, GraphEdge, GraphNode } from './types.ts';
import { isDenied } from './types.ts';

/** Fewer parallel paths than this stay separate lines. */
export const BUNDLE_MIN = 2;
/** An expanded group with at most this many paths between its namespaces draws them as lines. */
export const INNER_PATHS_DRAWN = 40;

/** Ancestors of every node, outermost first, the node itself last. */
function ancestries(nodes: readonly GraphNode[]): Map<string, readonly string[]> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const out = new Map<string, readonly string[]>();
  const of = (id: string): readonly string[] => {
    const known = out.get(id);
    if (known) return known;
    const parent = byId.get(id)?.parent ?? null;
    const chain = parent !== null && byId.has(parent) ? [...of(parent), id] : [id];
    out.set(id, chain);
    return chain;
  };
  for (const n of nodes) of(n.id);
  return out;
}

/**
 * The two boxes an edge runs between (its ends' ancestors just below where their ancestries
 * part) and the box holding both ('' when none: they lie in no common group).
 */
function endsOf(a: readonly string[], b: readonly string[]): [string, string, string] | null {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  // One end inside the other (or a loop): no pair of boxes.
  if (i >= a.length || i >= b.length) return null;
  return [a[i] as string, b[i] as string, i > 0 ? (a[i - 1] as string) : ''];
}

/** The bundles of `edges` drawn among `nodes` (parents before children or not: any order). */
export function bundleEdges(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): EdgeBundle[] {
  const chains = ancestries(nodes);
  const single = new Set(nodes.filter((n) => n.kind !== 'group' && n.kind !== 'namespace').map((n) => n.id));
  const groups = new Map<string, { a: string; b: string; within: string; edges: GraphEdge[] }>();
  // Paths between boxes inside one expanded group, per group.
  const inner = new Map<string, number>();
  for (const e of edges) {
    if (e.mismatch !== null || e.change !== undefined) continue;
    const sa = chains.get(e.source);
    const ta = chains.get(e.target);
    if (!sa || !ta) continue;
    const ends = endsOf(sa, ta);
    if (ends === null) continue;
    const [s, t, within] = ends;
    if (single.has(s) && single.has(t)) continue;
    if (within !== '') inner.set(within, (inner.get(within) ?? 0) + 1);
    const [a, b] = s < t ? [s, t] : [t, s];
    const key = `${a}|${b}`;
    const g = groups.get(key);
    if (g) g.edges.push(e);
    else groups.set(key, { a, b, within, edges: [e] });
  }
  const out: EdgeBundle[] = [];
  for (const [key, g] of groups) {
    if (g.edges.length < BUNDLE_MIN) continue;
    if (g.within !== '' && (inner.get(g.within) ?? 0) <= INNER_PATHS_DRAWN) continue;
    const startsAtA = (e: GraphEdge): boolean => (chains.get(e.source) ?? []).includes(g.a);
    const fromA = g.edges.filter(startsAtA).length;
    const [source, target] = fromA >= g.edges.length - fromA ? [g.a, g.b] : [g.b, g.a];
    const verdicts: Partial<Record<EdgeVerdict, number>> = {};
    let denied = 0;
    let notKnown = 0;
    let flows = 0;
    for (const e of g.edges) {
      verdicts[e.verdict] = (verdicts[e.verdict] ?? 0) + 1;
      if (isDenied(e.verdict)) denied++;
      else if (e.verdict === 'not-known') notKnown++;
      flows += e.observed?.flows ?? 0;
    }
    out.push({
      id: `b:${key}`,
      source,
      target,
      members: g.edges.map((e) => e.id).sort(),
      verdicts,
      allowed: g.edges.length - denied - notKnown,
      denied,
      notKnown,
      flows,
      bothWays: fromA > 0 && fromA < g.edges.length,
    });
  }
  return out.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

/**
 * What a bundle line says: `12 paths · 3 denied · ×40` (the denied share when mixed, the flows
 * seen); with paths not known, a '?' first and their share: `? 12 paths · 1 not known`; at the
 * tenants' aggregate, the tenants first: `all 120 tenants · 4 paths · 1 denied`.
 */
export function bundleLabel(b: EdgeBundle): string {
  const n = b.members.length;
  const split = b.denied > 0 && b.denied < n ? ` · ${b.denied} denied` : '';
  const unknown = b.notKnown > 0 && b.notKnown < n ? ` · ${b.notKnown} not known` : '';
  const flows = b.flows > 0 ? ` · ×${b.flows.toLocaleString('en-US')}` : '';
  const tenants = b.tenants ? `${b.tenants.text} · ` : '';
  return `${b.notKnown > 0 ? '? ' : ''}${tenants}${n} paths${split}${unknown}${flows}`;
}

/** A colour of a bundle line, named by the verdict drawn so: allowed, denied by default, not known. */
export type BundleShade = 'allowed' | 'default-deny' | 'not-known';

/**
 * The colours of a bundle line, source end first: one per kind of path it holds, in the order
 * allowed, not known, denied (so the arrow at its target end is red when some are denied), each
 * over an equal part of the line (bundleTurns). A line holding allowed and not-known paths is
 * green and grey, never green alone, so a reader never takes a path whose policy Cilium cannot
 * compute for allowed; one holding all three is green, grey and red (grey and red alone left the
 * allowed paths out of the picture). One colour: the line is drawn in that verdict's style.
 */
export function bundleShades(b: EdgeBundle): readonly BundleShade[] {
  const out: BundleShade[] = [];
  if (b.allowed > 0) out.push('allowed');
  if (b.notKnown > 0) out.push('not-known');
  if (b.denied > 0) out.push('default-deny');
  return out.length > 0 ? out : ['allowed'];
}

/** Where a line drawn in `shades` colours turns from one to the next (fractions of its length): equal parts. */
export function bundleTurns(shades: number): readonly number[] {
  return Array.from({ length: Math.max(0, shades - 1) }, (_, i) => (i + 1) / shades);
}

/** The least length (model units) each colour of a split line needs to read as a part of it, not as a tip beside the arrow. */
export const SHADE_MIN_LENGTH = 30;

/**
 * The colours a bundle line drawn `length` long (end to end, model units) shows: bundleShades; but
 * a line of allowed and not-known paths too short to show each colour over SHADE_MIN_LENGTH (two
 * boxes side by side, its label finds no room) is drawn as the not-known line, grey and dashed:
 * green and grey there read as a green line with a grey arrow, 'allowed'. Lines holding denied
 * paths keep their colours: their red end says what matters.
 */
export function drawnShades(b: EdgeBundle, length: number): readonly BundleShade[] {
  const shades = bundleShades(b);
  return shades.length === 2 && shades[0] === 'allowed' && shades[1] === 'not-known' && length < 2 * SHADE_MIN_LENGTH ? ['not-known'] : shades;
}

/** `allowed`, `denied`, `not-known` or `mixed` (two or three shades: bundleShades): how a bundle line is drawn. */
export function bundleKind(b: EdgeBundle): 'allowed' | 'denied' | 'not-known' | 'mixed' {
  const shades = bundleShades(b);
  const first = shades[0] ?? 'allowed';
  return shades.length > 1 ? 'mixed' : first === 'default-deny' ? 'denied' : first;
}

/** The bundle holding each bundled edge. */
export function bundleOfEdge(bundles: readonly EdgeBundle[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const b of bundles) for (const m of b.members) out.set(m, b.id);
  return out;
}
