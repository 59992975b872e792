/**
 * Property test of the what-if's proposed graph as an update of the loaded set's graph
 * (core/graph/graphUpdate.ts: only the shares of paths a changed pair falls in made again, only
 * the edges their parts merge into merged again) against `buildGraph` of the proposed set's whole
 * inputs, over the random edits of the incremental what-if test (testing.ts), at several views:
 * everything expanded, everything collapsed, some groups collapsed, and with filters. The update
 * is asked for whatever share of the graph an edit touches (in the app, past half of it the
 * graph is built in full).
 */
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../graph/buildGraph.ts';
import { connectivityInput } from '../graph/fromEngine.ts';
import { graphBase, pathShares, updateGraph } from '../graph/graphUpdate.ts';
import type { ViewState } from '../graph/types.ts';
import { defaultViewState, groupIds } from '../graph/viewState.ts';
import { seededRandom, type SeededRandom } from '../synth/seededRandom.ts';
import { randomDraft, settingsOf, startOf, worldOf } from './testing.ts';
import { runWhatIf, whatIfBase } from './whatIf.ts';

const CLUSTERS = Number(process.env['WHATIF_PROPERTY_CLUSTERS'] ?? 10);
const EDITS = 10;

function viewsOf(groups: readonly string[], r: SeededRandom): ViewState[] {
  const some = groups.filter(() => r.chance(0.5));
  return [
    defaultViewState,
    { ...defaultViewState, collapsed: [...groups] },
    { ...defaultViewState, collapsed: some },
    { ...defaultViewState, collapsed: some, filters: { ...defaultViewState.filters, verdicts: ['explicit-deny', 'default-deny'], search: r.pick(['', 'api']) } },
  ];
}

describe('the proposed graph as an update equals the graph built in full', () => {
  const seen = { updated: 0, built: 0, changedEdges: 0 };
  for (let c = 0; c < CLUSTERS; c++)
    it(`random cluster ${c}: ${EDITS} random drafts at 4 views`, () => {
      const r = seededRandom(2000 + c);
      const { world, cluster } = worldOf(7 + c);
      const settings = settingsOf(r);
      const start = startOf(world, cluster, r);
      const base = whatIfBase(start, null, settings);
      const shares = pathShares(start, base.connectivity, base.model.settings);
      const views = viewsOf(groupIds(start, defaultViewState.groupingLabel), r);
      const bases = views.map((v) => graphBase(shares, v));
      for (const [i, v] of views.entries()) {
        expect(bases[i]?.model, `loaded set, view ${i}`).toStrictEqual(buildGraph({ cluster: start, connectivity: connectivityInput(base.connectivity, start, base.model.settings), flows: null }, v));
      }
      for (let e = 0; e < EDITS; e++) {
        const draft = randomDraft(world, r, start, e);
        const run = runWhatIf(base, draft);
        if (!run.changed || !run.afterConnectivity || !run.afterModel) continue;
        const inputs = { cluster: run.after, connectivity: connectivityInput(run.afterConnectivity, run.after, run.afterModel.settings), flows: null };
        views.forEach((v, i) => {
          const label = `cluster ${c} draft ${e} view ${i}: ${JSON.stringify(draft).slice(0, 300)}`;
          const updated = updateGraph(bases[i]!, { cluster: run.after, conn: run.afterConnectivity!, settings: run.afterModel!.settings, ...run.changed! }, 1);
          const full = buildGraph(inputs, v);
          if (updated === null) seen.built++;
          else {
            seen.updated++;
            expect(updated, label).toStrictEqual(full);
          }
          const loaded = bases[i]!.model;
          seen.changedEdges += full.edges.filter((x) => !loaded.edges.some((y) => y.id === x.id && y.portsText === x.portsText)).length;
        });
      }
    });

  it('the drafts exercised the update on graphs that changed', () => {
    expect(seen.updated).toBeGreaterThan(seen.built * 4);
    expect(seen.changedEdges).toBeGreaterThan(CLUSTERS * EDITS);
  });
});
