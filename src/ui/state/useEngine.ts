/**
 * The engine model and the GraphModel of the loaded data, through TanStack Query: computed once
 * per load (keyed by a load id, never by the data itself), shared by every panel, dropped when
 * the next load replaces it (`gcTime: 0`).
 */
import { useQuery } from '@tanstack/react-query';
import { useDeferredValue, useMemo } from 'react';
import type { EngineModel } from '../../core/engine/compile.ts';
import { buildGraph } from '../../core/graph/buildGraph.ts';
import type { GraphModel, ViewState } from '../../core/graph/types.ts';
import type { LoadedData } from '../../workers/protocol.ts';
import { compileTask, flowsOf, graphInputsTask, precomputedInputs, type GraphInputsResult } from './engineTasks.ts';

const loadIds = new WeakMap<LoadedData, number>();
let nextLoadId = 1;
/** A small stable id per load, for query keys (the data itself is far too big to hash). */
export function loadId(data: LoadedData): number {
  let id = loadIds.get(data);
  if (id === undefined) {
    id = nextLoadId++;
    loadIds.set(data, id);
  }
  return id;
}

export function useEngineModel(data: LoadedData | null): EngineModel | null {
  const q = useQuery({
    queryKey: ['engine-model', data ? loadId(data) : 0],
    queryFn: () => compileTask((data as LoadedData).cluster),
    enabled: data !== null,
    gcTime: 0,
    // Big plain objects: comparing them with the previous result would cost a walk over all of it.
    structuralSharing: false,
  });
  // A model of the previous load must never answer for the new one.
  return data !== null && q.data?.cluster === data.cluster ? q.data : null;
}

/** The graph's inputs: from the load when the pipeline computed them, else computed here once. */
export function useGraphInputs(data: LoadedData | null, model: EngineModel | null): GraphInputsResult | null {
  const pre = useMemo(() => (data ? precomputedInputs(data) : null), [data]);
  const q = useQuery({
    queryKey: ['graph-inputs', data ? loadId(data) : 0],
    queryFn: () => graphInputsTask(model as EngineModel, data ? flowsOf(data) : null),
    enabled: data !== null && model !== null && pre === null,
    gcTime: 0,
    // Big plain objects: comparing them with the previous result would cost a walk over all of it.
    structuralSharing: false,
  });
  if (pre !== null) return pre;
  return data !== null && q.data?.inputs.cluster === data.cluster ? q.data : null;
}

export interface EngineView {
  readonly model: EngineModel | null;
  readonly inputs: GraphInputsResult | null;
  /** The graph as the view state shows it (null until the engine has run). */
  readonly graph: GraphModel | null;
}

export function useEngineView(data: LoadedData | null, view: ViewState): EngineView {
  const model = useEngineModel(data);
  const inputs = useGraphInputs(data, model);
  // Built in a deferred render: the canvas builds its own, and doing both in the render that
  // shows a fresh load (or a filter change) would make one long task of them.
  const deferredInputs = useDeferredValue(inputs);
  const deferredView = useDeferredValue(view);
  const built = useMemo(() => (deferredInputs ? buildGraph(deferredInputs.inputs, deferredView) : null), [deferredInputs, deferredView]);
  // A graph of the previous load never answers for the new one.
  const graph = built !== null && data !== null && deferredInputs?.inputs.cluster === data.cluster ? built : null;
  return { model, inputs, graph };
}
