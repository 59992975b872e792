/**
 * runWhatIf(base, draft): apply a draft to the loaded policy set and say what it changes: every
 * path whose allowed ports differ (newly allowed, newly denied, ports changed, with the rules
 * responsible before and after) and, with flows, every observed connection whose verdict flips.
 * The loaded set's compiled model and connectivity are computed once (`whatIfBase`) and reused
 * for every draft, as the editor re-runs on each pause in typing. A draft usually touches a few
 * policies: only the rules it adds are matched against the identities (`recompile`), only the
 * matrix rows and columns of endpoints whose rules changed are evaluated again (`updateMatrix`),
 * only those pairs are diffed (`diffUpdate`) and only flows touching them decided again
 * (`sameSide`). An edit that names a new outside peer (a CIDR, FQDN or entity no other rule
 * names, or drops the last rule naming one) changes the matrix's peers: that one is computed in
 * full (`mode: 'full'`). Both give the same outcome (whatIf.incremental.test.ts).
 *
 * `whatIfInSteps` is the same work as a generator: it yields between steps (and every few matrix
 * rows of a full recomputation) with how far it got, so the worker can stop a run a newer draft
 * replaced and report progress on a long one.
 * @public
 */
import { diffConnectivityInSteps, diffUpdateInSteps } from '../diff/diffConnectivity.ts';
import type { Change } from '../diff/types.ts';
import { observedChanges } from '../diff/observed.ts';
import { peerNamer, type PeerName } from '../diff/peerNames.ts';
import type { ObservedChange } from '../diff/types.ts';
import { compile, compileInSteps, recompile, type EngineModel } from '../engine/compile.ts';
import { ROWS_PER_STEP, connectivityInSteps, connectivityMatrix, updateMatrixInSteps, type Connectivity, type ConnectivityMatrix, type MatrixUpdate } from '../engine/connectivity.ts';
import { sameSide } from '../engine/sameSide.ts';
import type { Endpoint, EngineSettings } from '../engine/types.ts';
import type { FlowAggregate } from '../flows/types.ts';
import type { Cluster } from '../model/cluster.ts';
import { applyDraft, type DraftOptions } from './applyDraft.ts';
import { changedRules, changesByRule } from './byRule.ts';
import type { Draft, WhatIfOutcome } from './types.ts';

export interface WhatIfBase {
  readonly cluster: Cluster;
  readonly model: EngineModel;
  /** With denied pairs, as the graph shows it (`includeDenied`). */
  readonly connectivity: Connectivity;
  readonly matrix: ConnectivityMatrix;
  readonly flows: FlowAggregate | null;
}

/** The matrix options of a what-if: the app's (the graph's red edges are denied pairs). */
const MATRIX = { includeDenied: true } as const;


export function whatIfBase(cluster: Cluster, flows: FlowAggregate | null, settings: Partial<EngineSettings> = {}): WhatIfBase {
  const model = compile(cluster, settings);
  const matrix = connectivityMatrix(model, MATRIX);
  return { cluster, model, connectivity: matrix.connectivity, matrix, flows };
}

export interface WhatIfOptions extends DraftOptions {
  /** Recompute the proposed set in full (compile, whole matrix, whole diff): the reference the update is tested and measured against. */
  readonly full?: boolean;
}

export interface WhatIfRun {
  readonly outcome: WhatIfOutcome;
  /** The loaded cluster with the proposed policy set. */
  readonly after: Cluster;
  /** Its compiled model; null when the engine failed on it. */
  readonly afterModel: EngineModel | null;
  /** Its connectivity with denied pairs (as the loaded set's); null when the engine failed. */
  readonly afterConnectivity: Connectivity | null;
  /** `update`: rows and columns of the loaded matrix evaluated again; `full`: everything recomputed. */
  readonly mode: 'update' | 'full';
  /**
   * In `update` mode, the matrix's sources whose egress changed (`rows`) and destinations whose
   * ingress changed (`columns`): every other pair is the loaded set's (the graph update uses it).
   */
  readonly changed: { readonly rows: readonly number[]; readonly columns: readonly number[] } | null;
}

/** Breaks before unblocks, then the busiest edges first; stable. */
export function compareObserved(a: ObservedChange, b: ObservedChange): number {
  if (a.effect !== b.effect) return a.effect === 'breaks' ? -1 : 1;
  return b.flows - a.flows || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0) || (a.destination < b.destination ? -1 : a.destination > b.destination ? 1 : 0) || a.port - b.port || (a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0);
}

/** Where a what-if run is: the step it is in, and how far through the whole run (0 to 1). */
export interface WhatIfProgress {
  readonly step: 'compiling' | 'matrix' | 'comparing';
  readonly fraction: number;
}

/** The what-if's steps (see `whatIfInSteps`): what the user is told each one does. */
export const stepText: Readonly<Record<WhatIfProgress['step'], string>> = {
  compiling: 'matching the rules to the endpoints',
  matrix: 'evaluating every path',
  comparing: 'comparing the paths and the observed flows',
};

export function runWhatIf(base: WhatIfBase, draft: Draft, options: WhatIfOptions = {}): WhatIfRun {
  const steps = whatIfInSteps(base, draft, options);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** `runWhatIf` in steps: yields its progress between them; returns the same run. */
export function* whatIfInSteps(base: WhatIfBase, draft: Draft, options: WhatIfOptions = {}): Generator<WhatIfProgress, WhatIfRun> {
  const { full = false, ...draftOptions } = options;
  const applied = applyDraft(base.cluster, draft, { ciliumVersion: base.model.settings.ciliumVersion, ...draftOptions });
  const none = { documents: applied.documents, removed: applied.removed };
  try {
    yield { step: 'compiling', fraction: 0.05 };
    // A full compile (the reference, or a draft changing more than policies) and the matrix update yield between their steps: a newer draft or a cancel stops them there.
    let afterModel = full ? null : recompile(base.model, applied.after);
    if (!afterModel) {
      const steps = compileInSteps(applied.after, base.model.settings);
      for (let r = steps.next(); ; r = steps.next()) {
        if (r.done) {
          afterModel = r.value;
          break;
        }
        yield { step: 'compiling', fraction: 0.05 + 0.15 * r.value };
      }
    }
    yield { step: 'matrix', fraction: 0.2 };
    let update: MatrixUpdate | null = null;
    if (!full) {
      const steps = updateMatrixInSteps(base.matrix, afterModel);
      for (let r = steps.next(); ; r = steps.next()) {
        if (r.done) {
          update = r.value;
          break;
        }
        yield { step: 'matrix', fraction: 0.2 + 0.4 * r.value };
      }
    }
    const flows = base.flows;
    let afterConnectivity: Connectivity;
    let changes: Change[];
    /** A stepped diff's progress as the run's (its last 40%). */
    function* comparing(steps: Generator<number, Change[]>): Generator<WhatIfProgress, Change[]> {
      for (;;) {
        const r = steps.next();
        if (r.done) return r.value;
        yield { step: 'comparing', fraction: 0.6 + 0.4 * r.value };
      }
    }
    let observedOnPaths: ReturnType<typeof observedChanges> | null = null;
    if (update) {
      afterConnectivity = update.matrix.connectivity;
      yield { step: 'comparing', fraction: 0.6 };
      const unchanged = (from: Endpoint, to: Endpoint) => sameSide(base.model, afterModel, from, to, 'egress') && sameSide(base.model, afterModel, to, from, 'ingress');
      observedOnPaths = flows ? observedChanges(base.model, afterModel, flows, unchanged) : null;
      changes = yield* comparing(diffUpdateInSteps(base.model, afterModel, base.connectivity, update, observedOnPaths));
    } else {
      // Every pair deferred to the stepped part: it yields every few rows.
      const stepped = connectivityInSteps(afterModel, MATRIX, (peers) => peers.map(() => ''));
      const rows = stepped.first.peers.length;
      const matrix = stepped.rest();
      let r = matrix.next();
      for (let step = 1; !r.done; step++, r = matrix.next()) yield { step: 'matrix', fraction: 0.2 + 0.4 * Math.min(1, (step * ROWS_PER_STEP) / Math.max(1, rows)) };
      afterConnectivity = r.value.connectivity;
      yield { step: 'comparing', fraction: 0.6 };
      changes = yield* comparing(diffConnectivityInSteps(base.model, afterModel, { beforeConnectivity: base.connectivity, afterConnectivity, ...(flows ? { flows } : {}) }));
    }
    const observed = flows ? (observedOnPaths ?? observedChanges(base.model, afterModel, flows)).map((o) => o.change).sort(compareObserved) : [];
    const count = (k: string) => changes.filter((c) => c.kind === k).length;
    const namer = peerNamer({ ...applied.after, policies: [...base.cluster.policies, ...applied.after.policies] });
    const peerNames: Record<string, PeerName> = {};
    for (const c of changes) for (const p of [c.from, c.to]) if (p.kind !== 'identity') peerNames[p.key] ??= namer(p);
    return {
      after: applied.after,
      afterModel,
      afterConnectivity,
      mode: update ? 'update' : 'full',
      changed: update ? { rows: update.rows, columns: update.columns } : null,
      outcome: {
        ...none,
        changes,
        peerNames,
        byRule: changesByRule(changes, changedRules(base.cluster, applied.after)),
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
      afterConnectivity: null,
      mode: full ? 'full' : 'update',
      changed: null,
      outcome: {
        ...none,
        changes: [],
        peerNames: {},
        byRule: [],
        observed: [],
        counts: { newlyAllowed: 0, newlyDenied: 0, portsChanged: 0, breaks: 0, unblocks: 0 },
        engineError: e instanceof Error ? e.message : String(e),
      },
    };
  }
}
