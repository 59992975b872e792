/**
 * What the panels need from the engine for the loaded data, through TanStack Query and the load
 * worker's graph session:
 * - the GraphModel for the view state: one model, built in the load worker from the connectivity
 *   it computed and kept there, with the cross-check and flows of the load (`data.mismatches`, `data.flows`),
 *   shared by the canvas, the panels, the top-bar counts, the exports and the path highlight;
 * - the compiled engine model, which `decide` needs for path queries and the details panels. It
 *   is compiled on the main thread, lazily: only once something asks for it (`wanted`), once per
 *   load (keyed by a load id, never by the data itself), and dropped when the next load replaces
 *   it (`gcTime: 0`).
 */
import { useQuery } from '@tanstack/react-query';
import type { EngineModel } from '../../core/engine/compile.ts';
import type { GraphModel, ViewState } from '../../core/graph/types.ts';
import type { LoadedData } from '../../workers/protocol.ts';
import { useGraphModel, type GraphModelResult } from '../graph/useGraphInputs.ts';
import { compileTask } from './engineTasks.ts';

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

/**
 * The compiled engine model of a load, once `wanted` (a path query, a selection, the query form
 * in use). Once compiled it stays for the load even when no longer wanted.
 */
export function useEngineModel(data: LoadedData | null, wanted: boolean): EngineModel | null {
  const q = useQuery({
    queryKey: ['engine-model', data ? loadId(data) : 0],
    queryFn: () => compileTask((data as LoadedData).cluster),
    enabled: data !== null && wanted,
    gcTime: 0,
    staleTime: Infinity,
    // Big plain objects: comparing them with the previous result would cost a walk over all of it.
    structuralSharing: false,
  });
  // A model of the previous load must never answer for the new one.
  return data !== null && q.data?.cluster === data.cluster ? q.data : null;
}

export interface EngineView {
  /** The compiled engine model (null until wanted and compiled). */
  readonly model: EngineModel | null;
  /** The graph as the view state shows it (null until the first model of the load has arrived). */
  readonly graph: GraphModel | null;
  /** The same, with whether a newer view is being built and the engine's failure, for the canvas. */
  readonly graphModel: GraphModelResult;
}

export function useEngineView(data: LoadedData | null, view: ViewState, engineWanted: boolean): EngineView {
  const model = useEngineModel(data, engineWanted);
  const graphModel = useGraphModel(data, view);
  return { model, graph: graphModel.model, graphModel };
}
