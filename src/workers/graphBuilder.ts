/**
 * The load worker's side of the graph session: builds GraphModels over the inputs a load left
 * behind. Right after sending a load to the page it builds the model for the view the page is
 * expected to open with (`prebuild`): the page spends the next second rendering its panels
 * before it asks, and the answer is then ready. The last model built is kept, keyed by the view's
 * content (the page asks with a new view object each time its state changes).
 * @internal
 */
import { buildGraph } from '../core/graph/buildGraph.ts';
import type { GraphInputs, GraphModel, ViewState } from '../core/graph/types.ts';

/** The content of a view as a string: key order does not matter, array order does. */
export function viewKey(view: ViewState): string {
  return JSON.stringify(view, (_key, value: unknown) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) sorted[k] = (value as Record<string, unknown>)[k];
    return sorted;
  });
}

export class GraphBuilder {
  private last: { readonly key: string; readonly model: GraphModel } | null = null;

  constructor(
    readonly inputs: GraphInputs,
    /** The engine's failure on this load (the graphs then show flows only), sent with each graph. */
    readonly engineError: string | null = null,
  ) {}

  /** The model for `view`: the one already built when it is for the same view, else a new one. */
  graph(view: ViewState): GraphModel {
    const key = viewKey(view);
    if (this.last?.key === key) return this.last.model;
    const model = buildGraph(this.inputs, view);
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
