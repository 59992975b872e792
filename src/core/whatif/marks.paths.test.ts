/**
 * Every changed path of a what-if is findable on the proposed graph, at every view: on a marked
 * edge between the nodes its ends are drawn as (a workload, or its collapsed group; an outside
 * peer's node, or the internet's that subsumes it), or on the collapsed group that holds both
 * its ends (or the workload, for a path between its own pods: no loops are drawn). Was: only
 * edges whose own ports changed were marked, so a path inside a collapsed tenant (a same-tenant
 * edit in a big cluster, which opens collapsed) or one of many paths on a group's edge that kept
 * its ports was marked nowhere. Over the random drafts of the what-if property tests
 * (testing.ts), no filters: only a path with an end the graph draws as no node (a reserved
 * entity no policy names) is left out, and counted (`counts.changesNotDrawn`).
 */
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../graph/buildGraph.ts';
import { connectivityInput } from '../graph/fromEngine.ts';
import { WORLD_ID } from '../graph/outside.ts';
import { TENANTS_GROUP } from '../graph/grouping.ts';
import type { GraphModel, ViewState } from '../graph/types.ts';
import { defaultViewState, groupIds } from '../graph/viewState.ts';
import type { Change } from '../diff/types.ts';
import { seededRandom } from '../synth/seededRandom.ts';
import { findChangedPath, markChanges } from './marks.ts';
import { pathEndsOf, type ChangedPath, type PathEnd } from './pathEnds.ts';
import { randomDraft, settingsOf, startOf, worldOf } from './testing.ts';
import { runWhatIf, whatIfBase } from './whatIf.ts';

const CLUSTERS = Number(process.env['WHATIF_PROPERTY_CLUSTERS'] ?? 6);
const EDITS = 8;

/** A carve-out stub (`o:world~25/TCP`) stands for the node it was cut from. */
function stripper(model: GraphModel): (id: string) => string {
  const stubs = new Set(model.nodes.filter((n) => n.kind === 'carve-out').map((n) => n.id));
  return (id) => (stubs.has(id) && id.includes('~') ? id.slice(0, id.lastIndexOf('~')) : id);
}

/** The nodes `ends` are drawn as in `model` (the internet too for outside ends when `world`). */
function drawnAs(model: GraphModel, ends: readonly PathEnd[], world: boolean): Set<string> {
  const ids = new Set(model.nodes.map((n) => n.id));
  const collapsed = new Set(model.nodes.filter((n) => n.kind === 'group' && n.collapsed).map((n) => n.id));
  const out = new Set<string>();
  for (const e of ends) {
    if (ids.has(e.id)) out.add(e.id);
    else if (e.group !== null && collapsed.has(e.group)) out.add(e.group);
    else if (e.group !== null && e.group.startsWith('g:t:') && collapsed.has(TENANTS_GROUP)) out.add(TENANTS_GROUP);
    if (world && (e.id.startsWith('o:cidr:') || e.id.startsWith('o:fqdn:'))) out.add(WORLD_ID);
  }
  return out;
}

/** Some edge between the ends (marked ones only when `marked`). */
function edgeBetween(model: GraphModel, p: ChangedPath, marked: boolean): boolean {
  const strip = stripper(model);
  return [false, true].some((world) => {
    const [from, to] = [drawnAs(model, p.from, world), drawnAs(model, p.to, world)];
    return model.edges.some((e) => (!marked || e.change !== undefined) && from.has(strip(e.source)) && to.has(strip(e.target)));
  });
}

function foundOn(model: GraphModel, p: ChangedPath): boolean {
  if (edgeBetween(model, p, true)) return true;
  const [from, to] = [drawnAs(model, p.from, false), drawnAs(model, p.to, false)];
  return model.nodes.some((n) => (n.changedPaths ?? 0) > 0 && from.has(n.id) && to.has(n.id));
}

describe('every changed path is findable on the proposed graph', () => {
  const seen = { paths: 0, insideGroups: 0, onUnchangedPorts: 0, undrawnBefore: 0 };
  for (let c = 0; c < CLUSTERS; c++)
    it(`random cluster ${c}: ${EDITS} random drafts, expanded, collapsed, half collapsed, tenants as one node`, () => {
      const r = seededRandom(3000 + c);
      const { world, cluster } = worldOf(11 + c);
      const start = startOf(world, cluster, r);
      const base = whatIfBase(start, null, settingsOf(r));
      const groups = groupIds(start, defaultViewState.groupingLabel);
      const views: ViewState[] = [defaultViewState, { ...defaultViewState, collapsed: groups }, { ...defaultViewState, collapsed: groups.filter(() => r.chance(0.5)) }, { ...defaultViewState, collapsed: [...groups, TENANTS_GROUP].sort() }];
      const graph = (cl: typeof start, conn: typeof base.connectivity, settings: typeof base.model.settings, view: ViewState) => buildGraph({ cluster: cl, connectivity: connectivityInput(conn, cl, settings), flows: null }, view);
      for (let e = 0; e < EDITS; e++) {
        const draft = randomDraft(world, r, start, e);
        const run = runWhatIf(base, draft);
        if (!run.afterConnectivity || !run.afterModel) continue;
        const ends = pathEndsOf([run.after, start], [run.afterModel, base.model], defaultViewState.groupingLabel);
        const paths = { changes: run.outcome.changes, ends };
        const graphs = views.map((v) => ({ before: graph(start, base.connectivity, base.model.settings, v), after: graph(run.after, run.afterConnectivity!, run.afterModel!.settings, v) }));
        // Paths neither graph draws (expanded): pairs nobody enforced before, denied on every port by default deny now, and the reverse.
        const [expanded] = graphs;
        const self = (ch: Change) => ends(ch).from.some((f) => f.group !== null && ends(ch).to.some((t) => t.id === f.id));
        seen.undrawnBefore += run.outcome.changes.filter((ch) => !self(ch) && !edgeBetween(expanded!.before, ends(ch), false) && !edgeBetween(expanded!.after, ends(ch), false)).length;
        seen.paths += run.outcome.changes.length;
        graphs.forEach((g, i) => {
          const model = markChanges(g.before, g.after, paths);
          const missing = run.outcome.changes.filter((ch) => drawnAs(model, ends(ch).from, false).size > 0 && drawnAs(model, ends(ch).to, false).size > 0 && !foundOn(model, ends(ch)));
          const label = `cluster ${c} draft ${e} view ${i}: ${JSON.stringify(draft).slice(0, 200)}`;
          expect(missing.map((ch) => `${ch.kind} ${ch.from.display} -> ${ch.to.display}`).slice(0, 5), label).toEqual([]);
          // Only a path with an end no graph draws (an entity no policy names and no edge reaches) is drawn nowhere.
          const endless = run.outcome.changes.filter((ch) => drawnAs(model, ends(ch).from, false).size === 0 || drawnAs(model, ends(ch).to, false).size === 0);
          expect(model.counts.changesNotDrawn, label).toBe(endless.length);
          // What "Show on graph" selects: something for every path drawn.
          const unfound = run.outcome.changes.filter((ch) => !endless.includes(ch) && (({ edges, node }) => edges.length === 0 && node === null)(findChangedPath(model, ends(ch))));
          expect(unfound.length, label).toBe(0);
          expect(endless.every((ch) => [ch.from, ch.to].some((p) => p.kind === 'entity')), label).toBe(true);
          seen.insideGroups += model.nodes.reduce((n, x) => n + (x.changedPaths ?? 0), 0);
          seen.onUnchangedPorts += model.edges.filter((x) => x.change?.kind === 'paths').length;
          // Without the changes, the same marks as before (each path placed adds, never removes).
          const plain = markChanges(g.before, g.after);
          const byId = new Map(model.edges.map((x) => [x.id, x]));
          expect(plain.edges.filter((x) => x.change !== undefined && byId.get(x.id)?.change?.kind !== x.change.kind), label).toEqual([]);
        });
      }
    });

  it('the drafts changed paths inside collapsed groups and on group edges whose ports stayed', () => {
    expect(seen.paths).toBeGreaterThan(CLUSTERS * EDITS);
    expect(seen.insideGroups).toBeGreaterThan(0);
    expect(seen.onUnchangedPorts).toBeGreaterThan(0);
    expect(seen.undrawnBefore).toBeGreaterThan(0);
  });
});
