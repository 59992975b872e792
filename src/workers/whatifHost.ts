/**
 * The what-if worker's work, apart from the worker itself (so tests run it directly): keeps the
 * loaded set's compiled model, connectivity and graph inputs, applies each draft, and builds the
 * proposed set's graph for a view with the changes marked against the loaded set's graph at the
 * same view. Only the latest run is kept; requests for older runs are answered as superseded.
 * @internal
 */
import { buildGraph } from '../core/graph/buildGraph.ts';
import type { GraphInputs, GraphModel, ViewState } from '../core/graph/types.ts';
import type { FlowAggregate } from '../core/flows/types.ts';
import type { Cluster } from '../core/model/cluster.ts';
import type { EngineModel } from '../core/engine/compile.ts';
import { runQuery } from '../core/query/runQuery.ts';
import { suggestFix } from '../core/fix/suggestFix.ts';
import { markChanges } from '../core/whatif/marks.ts';
import { runWhatIf, whatIfBase, type WhatIfBase } from '../core/whatif/whatIf.ts';
import { analyse } from './analyse.ts';
import type { WhatIfMessage, WhatIfRequest } from './whatifProtocol.ts';

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export class WhatIfHost {
  private base: WhatIfBase | null = null;
  private beforeInputs: GraphInputs | null = null;
  private cluster: Cluster | null = null;
  private flows: FlowAggregate | null = null;
  /** Loaded-set graphs by view (a few: the views the user moves between). */
  private readonly beforeGraphs = new Map<string, GraphModel>();
  private latest: { readonly id: number; readonly inputs: GraphInputs; readonly model: EngineModel | null } | null = null;
  private queued: Extract<WhatIfRequest, { type: 'run' }> | null = null;

  constructor(
    private readonly post: (message: WhatIfMessage) => void,
    /** How a queued run is started later (so a newer one can replace it first). */
    private readonly defer: (task: () => void) => void = (task) => setTimeout(task, 0),
  ) {}

  receive(request: WhatIfRequest): void {
    switch (request.type) {
      case 'init':
        this.cluster = request.cluster;
        this.flows = request.flows;
        this.base = null;
        this.beforeInputs = null;
        this.beforeGraphs.clear();
        this.latest = null;
        return;
      case 'run':
        if (this.queued) this.post({ type: 'superseded', id: this.queued.id });
        else this.defer(() => this.runQueued());
        this.queued = request;
        return;
      case 'graph':
        return this.graph(request);
      case 'query':
        return this.query(request);
      case 'fix':
        return this.fix(request);
    }
  }

  private runQueued(): void {
    const request = this.queued;
    this.queued = null;
    if (!request) return;
    if (!this.cluster) {
      this.post({ type: 'failed', id: request.id, message: 'nothing is loaded in the what-if worker' });
      return;
    }
    try {
      this.base ??= whatIfBase(this.cluster, this.flows);
      const run = runWhatIf(this.base, request.draft);
      const a = analyse(run.after, this.flows);
      this.latest = { id: request.id, inputs: { cluster: run.after, connectivity: a.connectivity, flows: this.flows, mismatches: a.mismatches }, model: run.afterModel };
      this.post({ type: 'outcome', id: request.id, outcome: run.outcome });
    } catch (err) {
      this.post({ type: 'failed', id: request.id, message: errorText(err) });
    }
  }

  private beforeGraph(view: ViewState): GraphModel {
    const key = JSON.stringify(view);
    let g = this.beforeGraphs.get(key);
    if (!g) {
      if (!this.beforeInputs) {
        const cluster = this.cluster as Cluster;
        const a = analyse(cluster, this.flows);
        this.beforeInputs = { cluster, connectivity: a.connectivity, flows: this.flows, mismatches: a.mismatches };
      }
      g = buildGraph(this.beforeInputs, view);
      if (this.beforeGraphs.size >= 8) this.beforeGraphs.delete(this.beforeGraphs.keys().next().value as string);
      this.beforeGraphs.set(key, g);
    }
    return g;
  }

  private fix(request: Extract<WhatIfRequest, { type: 'fix' }>): void {
    if (!this.cluster) {
      this.post({ type: 'failed', id: request.id, message: 'nothing is loaded in the what-if worker' });
      return;
    }
    try {
      this.base ??= whatIfBase(this.cluster, this.flows);
      const o = runQuery(this.base.model, request.query);
      if (o.kind === 'invalid') this.post({ type: 'failed', id: request.id, message: `${o.field}: ${o.message}` });
      else this.post({ type: 'fix', id: request.id, fix: suggestFix(this.base.model, o.query) });
    } catch (err) {
      this.post({ type: 'failed', id: request.id, message: errorText(err) });
    }
  }

  private query(request: Extract<WhatIfRequest, { type: 'query' }>): void {
    if (!this.latest || this.latest.id !== request.run) {
      this.post({ type: 'superseded', id: request.id });
      return;
    }
    if (!this.latest.model) {
      this.post({ type: 'failed', id: request.id, message: 'the policy engine failed on the proposed policies' });
      return;
    }
    try {
      this.post({ type: 'answer', id: request.id, outcome: runQuery(this.latest.model, request.query) });
    } catch (err) {
      this.post({ type: 'failed', id: request.id, message: errorText(err) });
    }
  }

  private graph(request: Extract<WhatIfRequest, { type: 'graph' }>): void {
    if (!this.latest || this.latest.id !== request.run) {
      this.post({ type: 'superseded', id: request.id });
      return;
    }
    try {
      this.post({ type: 'graph', id: request.id, model: markChanges(this.beforeGraph(request.view), buildGraph(this.latest.inputs, request.view)) });
    } catch (err) {
      this.post({ type: 'failed', id: request.id, message: errorText(err) });
    }
  }
}
