/**
 * The what-if worker's work, apart from the worker itself (so tests run it directly): keeps the
 * loaded set's compiled model, connectivity and graph inputs, applies each draft, and builds the
 * proposed set's graph for a view with the changes marked against the loaded set's graph at the
 * same view. Without flows, a draft the engine could update (`WhatIfRun.changed`) gets its graph
 * as an update of the loaded set's graph at that view (core/graph/graphUpdate.ts); otherwise the
 * proposed set's graph is built in full. Only the latest run is kept; requests for older runs are
 * answered as superseded.
 *
 * A run is computed in slices (`whatIfInSteps`, `sliceMs` each) with the worker's queue handled
 * between them: a newer draft or a `cancel` stops the run in flight (it is answered as superseded,
 * its outcome never posted), and a run that takes longer than `progressAfterMs` reports its
 * progress between slices.
 * @internal
 */
import { buildGraph } from '../core/graph/buildGraph.ts';
import { graphBase, pathShares, updateGraph, type GraphBase, type PathShares } from '../core/graph/graphUpdate.ts';
import type { GraphInputs, GraphModel, ViewState } from '../core/graph/types.ts';
import type { FlowAggregate } from '../core/flows/types.ts';
import type { Cluster } from '../core/model/cluster.ts';
import { withDecidedUnder } from '../core/query/decidedUnder.ts';
import { runQuery } from '../core/query/runQuery.ts';
import { suggestFix } from '../core/fix/suggestFix.ts';
import { markChanges } from '../core/whatif/marks.ts';
import { pathEndsOf } from '../core/whatif/pathEnds.ts';
import { whatIfBase, whatIfInSteps, type WhatIfBase, type WhatIfProgress, type WhatIfRun } from '../core/whatif/whatIf.ts';
import { analyse, graphInputsFrom } from './analyse.ts';
import type { WhatIfMessage, WhatIfRequest } from './whatifProtocol.ts';

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));
const NOTHING_LOADED = 'nothing is loaded in the what-if worker';

export class WhatIfHost {
  private base: WhatIfBase | null = null;
  private beforeInputs: GraphInputs | null = null;
  private cluster: Cluster | null = null;
  private flows: FlowAggregate | null = null;
  /** The loaded set's paths in shares, for graph updates (no flows). */
  private shares: PathShares | null = null;
  /** Loaded-set graphs by view (a few: the views the user moves between), with what updates them when they can be. */
  private readonly beforeGraphs = new Map<string, { readonly model: GraphModel; readonly base: GraphBase | null }>();
  /** The latest run; its graph inputs are made when a graph of it is first asked for (after the outcome is posted). */
  private latest: { readonly id: number; readonly run: WhatIfRun; inputs: GraphInputs | null } | null = null;
  private queued: Extract<WhatIfRequest, { type: 'run' }> | null = null;
  /** The run being computed, between two slices. */
  private current: { readonly id: number; readonly steps: Generator<WhatIfProgress, WhatIfRun>; readonly started: number; reported: number } | null = null;

  constructor(
    private readonly post: (message: WhatIfMessage) => void,
    /** How a queued run is started later (so a newer one can replace it first). */
    private readonly defer: (task: () => void) => void = (task) => setTimeout(task, 0),
    /**
     * `full`: recompute each proposed set in full, not as an update of the loaded one (the
     * benchmark's reference). `sliceMs`: how long a run computes before the queue is handled
     * (default 50); `progressAfterMs`: how long a run goes before it reports progress (default
     * 250), then every `sliceMs` at most. `now`: the clock (tests).
     */
    private readonly options: { readonly full?: boolean; readonly sliceMs?: number; readonly progressAfterMs?: number; readonly now?: () => number } = {},
  ) {}

  private now(): number {
    return this.options.now ? this.options.now() : performance.now();
  }

  receive(request: WhatIfRequest): void {
    switch (request.type) {
      case 'init':
        this.cluster = request.cluster;
        this.flows = request.flows;
        this.base = null;
        this.beforeInputs = null;
        this.shares = null;
        this.beforeGraphs.clear();
        this.latest = null;
        this.current = null;
        // The loaded set's model and matrix, while the user opens an editor and types: the first draft only updates them.
        this.defer(() => this.loaded());
        return;
      case 'run':
        this.stop(null);
        if (this.queued) this.post({ type: 'superseded', id: this.queued.id });
        else if (!this.current) this.defer(() => this.runQueued());
        this.queued = request;
        return;
      case 'cancel':
        return this.stop(request.run);
      case 'graph':
        return this.graph(request);
      case 'query':
        return this.query(request);
      case 'fix':
        return this.fix(request);
      case 'ends':
        return this.ends(request);
    }
  }

  /** The loaded set's model and connectivity, computed once; null before `init`. */
  private loaded(): WhatIfBase | null {
    if (!this.cluster) return null;
    this.base ??= whatIfBase(this.cluster, this.flows);
    return this.base;
  }

  /** Posts what `answer` gives, or its failure. */
  private reply(id: number, answer: () => WhatIfMessage): void {
    try {
      this.post(answer());
    } catch (err) {
      this.post({ type: 'failed', id, message: errorText(err) });
    }
  }

  /** The latest run when `run` is it; otherwise the request is answered as superseded. */
  private latestFor(request: { readonly id: number; readonly run: number }): NonNullable<WhatIfHost['latest']> | null {
    if (this.latest && this.latest.id === request.run) return this.latest;
    this.post({ type: 'superseded', id: request.id });
    return null;
  }

  /**
   * Stops run `id` (any run when null), queued or in flight: it is answered as superseded and its
   * outcome is never posted.
   */
  private stop(id: number | null): void {
    if (this.current && (id === null || this.current.id === id)) {
      this.post({ type: 'superseded', id: this.current.id });
      this.current = null;
    }
    if (this.queued && id !== null && this.queued.id === id) {
      this.post({ type: 'superseded', id: this.queued.id });
      this.queued = null;
    }
  }

  private runQueued(): void {
    const request = this.queued;
    this.queued = null;
    if (!request) return;
    const base = this.loaded();
    if (!base) {
      this.post({ type: 'failed', id: request.id, message: NOTHING_LOADED });
      return;
    }
    try {
      this.current = { id: request.id, steps: whatIfInSteps(base, request.draft, { full: this.options.full === true }), started: this.now(), reported: 0 };
    } catch (err) {
      this.post({ type: 'failed', id: request.id, message: errorText(err) });
      return;
    }
    this.slice();
  }

  /** Computes the current run for one slice; posts its outcome when done, else its progress, and goes on later. */
  private slice(): void {
    const current = this.current;
    if (!current) return;
    const sliceMs = this.options.sliceMs ?? 50;
    const end = this.now() + sliceMs;
    let progress: WhatIfProgress | null = null;
    try {
      for (;;) {
        const r = current.steps.next();
        if (r.done) {
          this.current = null;
          this.latest = { id: current.id, run: r.value, inputs: null };
          this.post({ type: 'outcome', id: current.id, outcome: r.value.outcome });
          // A draft that came while this one ran.
          if (this.queued) this.defer(() => this.runQueued());
          return;
        }
        progress = r.value;
        if (this.now() >= end) break;
      }
    } catch (err) {
      this.current = null;
      this.post({ type: 'failed', id: current.id, message: errorText(err) });
      if (this.queued) this.defer(() => this.runQueued());
      return;
    }
    const t = this.now();
    if (t - current.started >= (this.options.progressAfterMs ?? 250) && t - current.reported >= sliceMs) {
      current.reported = t;
      this.post({ type: 'progress', id: current.id, step: progress.step, fraction: progress.fraction });
    }
    // The queue is handled before the next slice: a newer draft or a cancel stops this run.
    this.defer(() => {
      if (this.current === current) this.slice();
      else if (!this.current && this.queued) this.runQueued();
    });
  }

  /** Whether proposed graphs can be updates of the loaded set's (flows are cross-checked against the whole set). */
  private updatable(): boolean {
    return this.options.full !== true && (this.flows === null || this.flows.edges.length === 0);
  }

  private beforeGraph(view: ViewState): { readonly model: GraphModel; readonly base: GraphBase | null } {
    const key = JSON.stringify(view);
    let g = this.beforeGraphs.get(key);
    if (!g) {
      const base = this.loaded() as WhatIfBase;
      if (this.updatable()) {
        this.shares ??= pathShares(base.cluster, base.connectivity, base.model.settings);
        const b = graphBase(this.shares, view);
        g = { model: b.model, base: b };
      } else {
        this.beforeInputs ??= graphInputsFrom(base.cluster, this.flows, analyse(base.cluster, this.flows, base.model, base.connectivity));
        g = { model: buildGraph(this.beforeInputs, view), base: null };
      }
      if (this.beforeGraphs.size >= 8) this.beforeGraphs.delete(this.beforeGraphs.keys().next().value as string);
      this.beforeGraphs.set(key, g);
    }
    return g;
  }

  private fix(request: Extract<WhatIfRequest, { type: 'fix' }>): void {
    this.reply(request.id, () => {
      const base = this.loaded();
      if (!base) return { type: 'failed', id: request.id, message: NOTHING_LOADED };
      const o = runQuery(base.model, request.query);
      if (o.kind === 'invalid') return { type: 'failed', id: request.id, message: `${o.field}: ${o.message}` };
      return { type: 'fix', id: request.id, fix: suggestFix(base.model, o.query) };
    });
  }

  private query(request: Extract<WhatIfRequest, { type: 'query' }>): void {
    const latest = this.latestFor(request);
    if (!latest) return;
    this.reply(request.id, () =>
      latest.run.afterModel
        ? { type: 'answer', id: request.id, outcome: withDecidedUnder(runQuery(latest.run.afterModel, request.query), latest.run.afterModel) }
        : { type: 'failed', id: request.id, message: 'the policy engine failed on the proposed policies' },
    );
  }

  private endsOf(run: WhatIfRun, groupingLabel: string): ReturnType<typeof pathEndsOf> {
    const base = this.loaded() as WhatIfBase;
    return pathEndsOf([run.after, base.cluster], run.afterModel ? [run.afterModel, base.model] : [base.model], groupingLabel);
  }

  private ends(request: Extract<WhatIfRequest, { type: 'ends' }>): void {
    const latest = this.latestFor(request);
    if (!latest) return;
    this.reply(request.id, () => {
      const ends = this.endsOf(latest.run, request.groupingLabel);
      const changes = latest.run.outcome.changes;
      return { type: 'ends', id: request.id, ends: request.changes.flatMap((i) => (changes[i] ? [ends(changes[i])] : [])) };
    });
  }

  private graph(request: Extract<WhatIfRequest, { type: 'graph' }>): void {
    const latest = this.latestFor(request);
    if (!latest) return;
    this.reply(request.id, () => {
      const { run } = latest;
      const before = this.beforeGraph(request.view);
      let after: GraphModel | null = null;
      if (before.base && run.changed && run.afterConnectivity && run.afterModel) {
        after = updateGraph(before.base, { cluster: run.after, conn: run.afterConnectivity, settings: run.afterModel.settings, ...run.changed });
      }
      if (after === null) {
        latest.inputs ??= graphInputsFrom(run.after, this.flows, analyse(run.after, this.flows, run.afterModel ?? undefined, run.afterConnectivity ?? undefined));
        after = buildGraph(latest.inputs, request.view);
      }
      const paths = { changes: run.outcome.changes, ends: this.endsOf(run, request.view.groupingLabel) };
      return { type: 'graph', id: request.id, model: markChanges(before.model, after, paths) };
    });
  }
}
