/**
 * runWhatIf(base, draft): apply a draft to the loaded policy set and say what it changes: every
 * path whose allowed ports differ (newly allowed, newly denied, ports changed, with the rules
 * responsible before and after) and, with flows, every observed connection whose verdict flips.
 * The loaded set's compiled model and connectivity are computed once (`whatIfBase`) and reused
 * for every draft, as the editor re-runs on each pause in typing.
 * @public
 */
import { diffConnectivity } from '../diff/diffConnectivity.ts';
import { observedChanges } from '../diff/observed.ts';
import type { ObservedChange } from '../diff/types.ts';
import { compile, type EngineModel } from '../engine/compile.ts';
import { connectivity, type Connectivity } from '../engine/connectivity.ts';
import type { EngineSettings } from '../engine/types.ts';
import type { FlowAggregate } from '../flows/types.ts';
import type { Cluster } from '../model/cluster.ts';
import { applyDraft, type DraftOptions } from './applyDraft.ts';
import type { Draft, WhatIfOutcome } from './types.ts';

export interface WhatIfBase {
  readonly cluster: Cluster;
  readonly model: EngineModel;
  readonly connectivity: Connectivity;
  readonly flows: FlowAggregate | null;
}

export function whatIfBase(cluster: Cluster, flows: FlowAggregate | null, settings: Partial<EngineSettings> = {}): WhatIfBase {
  const model = compile(cluster, settings);
  return { cluster, model, connectivity: connectivity(model), flows };
}

export interface WhatIfRun {
  readonly outcome: WhatIfOutcome;
  /** The loaded cluster with the proposed policy set. */
  readonly after: Cluster;
  /** Its compiled model; null when the engine failed on it. */
  readonly afterModel: EngineModel | null;
}

/** Breaks before unblocks, then the busiest edges first; stable. */
export function compareObserved(a: ObservedChange, b: ObservedChange): number {
  if (a.effect !== b.effect) return a.effect === 'breaks' ? -1 : 1;
  return b.flows - a.flows || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0) || (a.destination < b.destination ? -1 : a.destination > b.destination ? 1 : 0) || a.port - b.port || (a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0);
}

export function runWhatIf(base: WhatIfBase, draft: Draft, options: DraftOptions = {}): WhatIfRun {
  const applied = applyDraft(base.cluster, draft, { ciliumVersion: base.model.settings.ciliumVersion, ...options });
  const none = { documents: applied.documents, removed: applied.removed };
  try {
    const afterModel = compile(applied.after, base.model.settings);
    const changes = diffConnectivity(base.model, afterModel, { beforeConnectivity: base.connectivity, ...(base.flows ? { flows: base.flows } : {}) });
    const observed = base.flows ? observedChanges(base.model, afterModel, base.flows).map((o) => o.change).sort(compareObserved) : [];
    const count = (k: string) => changes.filter((c) => c.kind === k).length;
    return {
      after: applied.after,
      afterModel,
      outcome: {
        ...none,
        changes,
        observed,
        counts: {
          newlyAllowed: count('newly-allowed'),
          newlyDenied: count('newly-denied'),
          portsChanged: count('ports-changed'),
          breaks: observed.filter((o) => o.effect === 'breaks').length,
          unblocks: observed.filter((o) => o.effect === 'unblocks').length,
        },
        engineError: null,
      },
    };
  } catch (e) {
    // The engine never throws on parsed policies; if it does, say so instead of showing no change.
    return {
      after: applied.after,
      afterModel: null,
      outcome: {
        ...none,
        changes: [],
        observed: [],
        counts: { newlyAllowed: 0, newlyDenied: 0, portsChanged: 0, breaks: 0, unblocks: 0 },
        engineError: e instanceof Error ? e.message : String(e),
      },
    };
  }
}
