/**
 * Property test of the incremental what-if (`runWhatIf`: `recompile`, `updateMatrix`,
 * `diffUpdate`, flows decided again only where a side changed) against full recomputation, over
 * random edits of random synthetic clusters: CiliumNetworkPolicies, CiliumClusterwideNetwork-
 * Policies (host policies too), Kubernetes NetworkPolicies and ClusterNetworkPolicy tiers added,
 * removed and modified, under random agent settings, with observed flows. Each edit's outcome
 * (every changed path with its ports and the deciding rules of its sample ports, the observed
 * connections whose verdict flips, the counts, the diagnostics), its proposed model and its
 * connectivity with denied pairs must equal those computed from scratch.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../engine/compile.ts';
import { connectivity } from '../engine/connectivity.ts';
import { diffConnectivity } from '../diff/diffConnectivity.ts';
import { observedChanges } from '../diff/observed.ts';
import { seededRandom } from '../synth/seededRandom.ts';
import { flowsOf, randomDraft, settingsOf, startOf, worldOf } from './testing.ts';
import { applyDraft } from './applyDraft.ts';
import { compareObserved, runWhatIf, whatIfBase } from './whatIf.ts';

/** `WHATIF_PROPERTY_CLUSTERS=40` for a longer run (each cluster gets `EDITS` random drafts). */
const CLUSTERS = Number(process.env['WHATIF_PROPERTY_CLUSTERS'] ?? 10);
const EDITS = 10;

describe('incremental what-if equals full recomputation', () => {
  const seen = { updates: 0, fulls: 0, changed: 0, flipped: 0 };
  for (let c = 0; c < CLUSTERS; c++)
    it(`random cluster ${c}: ${EDITS} random drafts`, () => {
      const r = seededRandom(1000 + c);
      const { world, cluster } = worldOf(7 + c);
      const settings = settingsOf(r);
      // Some tier policies to start from, so edits and removals of them are tried too.
      const start = startOf(world, cluster, r);
      const flows = r.chance(0.7) ? flowsOf(world, r) : null;
      const base = whatIfBase(start, flows, settings);
      const before = compile(start, settings);
      for (let e = 0; e < EDITS; e++) {
        const draft = randomDraft(world, r, start, e);
        const label = `cluster ${c} draft ${e}: ${JSON.stringify(draft).slice(0, 400)}`;
        const inc = runWhatIf(base, draft);
        if (inc.mode === 'update') seen.updates++;
        else seen.fulls++;
        expect(inc.outcome.engineError, label).toBeNull();
        // From scratch: the proposed set compiled anew, its matrix, the diff and the observed flips with nothing precomputed.
        const after = compile(inc.after, settings);
        expect(inc.afterModel, label).toStrictEqual(after);
        expect(inc.afterConnectivity, label).toStrictEqual(connectivity(after, { includeDenied: true }));
        const changes = diffConnectivity(before, after, flows ? { flows } : {});
        const observed = flows ? observedChanges(before, after, flows).map((o) => o.change).sort(compareObserved) : [];
        const count = (k: string) => changes.filter((x) => x.kind === k).length;
        const { documents: docs, removed: gone } = applyDraft(start, draft, { ciliumVersion: after.settings.ciliumVersion });
        expect(inc.outcome, label).toStrictEqual({
          documents: docs,
          removed: gone,
          changes,
          peerNames: expect.any(Object),
          byRule: expect.any(Array),
          observed,
          counts: { newlyAllowed: count('newly-allowed'), newlyDenied: count('newly-denied'), portsChanged: count('ports-changed'), breaks: observed.filter((o) => o.effect === 'breaks').length, unblocks: observed.filter((o) => o.effect === 'unblocks').length },
          engineError: null,
        });
        // Every change is in a group of the rule that causes it.
        const grouped = new Set(inc.outcome.byRule.flatMap((g) => [...g.opens, ...g.closes]));
        expect(grouped.size, label).toBe(changes.length);
        seen.changed += changes.length;
        seen.flipped += observed.length;
      }
    });

  it('the drafts exercised the update, changed paths and flipped observed verdicts', () => {
    expect(seen.updates).toBeGreaterThan(seen.fulls);
    expect(seen.changed).toBeGreaterThan(CLUSTERS * EDITS);
    expect(seen.flipped).toBeGreaterThan(0);
  });
});
