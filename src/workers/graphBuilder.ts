/**
 * The load worker's side of the graph session: builds GraphModels over the inputs a load left
 * behind. Right after sending a load to the page it builds the model for the view the page is
 * expected to open with (`prebuild`): the page asks for it as soon as it has taken the data, before
 * it renders its panels (ui/graph/useGraphInputs.ts), and the request is answered from it the
 * moment it is built. The last model built is kept, keyed by the view's
 * content (the page asks with a new view object each time its state changes).
 * @internal
 */
import { buildGraph } from '../core/graph/buildGraph.ts';
import type { GraphInputs, GraphModel, ViewState } from '../core/graph/types.ts';
import { viewKey } from './viewKey.ts';

export { viewKey };

/** What the builder's inputs still wait for: the engine's deferred pairs (analyse.ts `analyseInSteps`). */
export interface PendingInputs {
  /** The views the inputs so far draw exactly. */
  readonly covers: (view: ViewState) => boolean;
  /** The rest of the work, a slice per step; returns the whole inputs and the engine's failure, if any. */
  readonly rest: Iterator<void, { readonly inputs: GraphInputs; readonly engineError: string | null }>;
}

export class GraphBuilder {
  private last: { readonly key: string; readonly model: GraphModel } | null = null;
  private current: GraphInputs;
  private error: string | null;
  private pending: PendingInputs | null;

  constructor(
    inputs: GraphInputs,
    /** The engine's failure on this load (the graphs then show flows only), sent with each graph. */
    engineError: string | null = null,
    /** When `inputs` are not whole yet: which views they answer, and the work that completes them. */
    pending: PendingInputs | null = null,
  ) {
    this.current = inputs;
    this.error = engineError;
    this.pending = pending;
  }

  /** The inputs so far (whole once `complete`). Their cluster is the load's. */
  get inputs(): GraphInputs {
    return this.current;
  }

  get engineError(): string | null {
    return this.error;
  }

  /** False while the engine's deferred pairs are still to be evaluated. */
  get complete(): boolean {
    return this.pending === null;
  }

  /** Does one slice of the pending work; true when nothing is left. */
  step(): boolean {
    if (this.pending === null) return true;
    const r = this.pending.rest.next();
    if (!r.done) return false;
    this.current = r.value.inputs;
    this.error = r.value.engineError;
    this.pending = null;
    return true;
  }

  /** The model for `view`: the one already built when it is for the same view, else a new one. */
  graph(view: ViewState): GraphModel {
    const key = viewKey(view);
    if (this.last?.key === key) return this.last.model;
    // A view the inputs so far cannot draw exactly waits for the rest of the work.
    if (this.pending !== null && !this.pending.covers(view)) while (!this.step());
    const model = buildGraph(this.current, view);
    this.last = { key, model };
    return model;
  }

  /** Builds the model for a view before it is asked for. A failure is left to the request to report. */
  prebuild(view: ViewState): void {
    try {
      this.graph(view);
    } catch {
      // The page's request for this view builds it again and reports the error.
    }
  }
}
