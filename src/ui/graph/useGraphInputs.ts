/**
 * The GraphModel of a load for a view state. The engine's results (connectivity, the flows
 * cross-check) come with the load, computed in the load worker. Building the model from them
 * takes hundreds of milliseconds for 1,000 workloads, so it runs in that worker too (its graph
 * session): the page keeps showing the previous model until the new one arrives. Without a
 * session (no Worker support, or the worker crashed) it is built here, on the main thread.
 */
import { useEffect, useMemo, useState } from 'react';
import { buildGraph } from '../../core/graph/buildGraph.ts';
import type { GraphModel, ViewState } from '../../core/graph/types.ts';
import { graphInputsOf } from '../../workers/analyse.ts';
import { graphSessionOf } from '../../workers/graphSession.ts';
import type { LoadedData } from '../../workers/protocol.ts';

/** Shown until the first model of a load arrives from the worker. */
export const EMPTY_GRAPH_MODEL: GraphModel = {
  nodes: [],
  edges: [],
  layoutKey: '',
  groups: [],
  counts: { workloads: 0, groups: 0, edges: 0, deniedEdges: 0, mismatches: 0 },
};

export interface GraphModelResult {
  readonly model: GraphModel;
  /** True while the model for the current view is being built (the previous one is shown). */
  readonly pending: boolean;
  /** Set when the engine failed on this input: the graph then shows flows only. */
  readonly engineError: string | null;
}

export function useGraphModel(data: LoadedData, view: ViewState): GraphModelResult {
  const session = graphSessionOf(data);
  const [sessionFailed, setSessionFailed] = useState(false);
  const remote = session !== null && !sessionFailed ? session : null;

  // Main-thread path: only when there is no live worker session for this load.
  const local = useMemo(() => (remote === null ? graphInputsOf(data) : null), [data, remote]);
  const localModel = useMemo(() => (local === null ? null : buildGraph(local.inputs, view)), [local, view]);

  const [received, setReceived] = useState<{ readonly view: ViewState; readonly model: GraphModel } | null>(null);
  useEffect(() => {
    if (remote === null) return;
    let current = true;
    remote.graph(view).then(
      (model) => {
        if (current && model !== null) setReceived({ view, model });
      },
      () => {
        if (current) setSessionFailed(true);
      },
    );
    return () => {
      current = false;
    };
  }, [remote, view]);

  return {
    model: localModel ?? received?.model ?? EMPTY_GRAPH_MODEL,
    pending: localModel === null && received?.view !== view,
    engineError: data.engineError ?? local?.engineError ?? null,
  };
}
