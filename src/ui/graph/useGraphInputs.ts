/**
 * The GraphModel of a load for a view state. The engine's results (connectivity, the flows
 * cross-check) are computed in the load worker and stay there; building the model from them
 * takes hundreds of milliseconds for 1,000 workloads, so it runs in that worker too (its graph
 * session): the page keeps showing the previous model until the new one arrives. Without a
 * session (no Worker support, or the worker crashed) it is built here, on the main thread
 * (with the engine run here too when the load came from a worker).
 *
 * The app calls this once (`useEngineView`) and hands the result to the canvas, the panels, the
 * top bar and the path highlight, so they all show the same model object. A GraphView without
 * a model from the app calls it itself; the session answers both from one worker request per
 * view object.
 */
import { useEffect, useMemo, useState } from 'react';
import { buildGraph } from '../../core/graph/buildGraph.ts';
import { redaction } from '../../core/graph/redaction.ts';
import { ipcacheCode } from '../../core/engine/ipcacheCode.ts';
import { needsTierWords, tierWords } from '../../core/engine/tierWordsCode.ts';
import { conflictCode, needsConflictCode } from '../../core/engine/conflictCode.ts';
import { tenantSharesCode } from '../../core/graph/tenantSharesCode.ts';
import { TENANTS_GROUP } from '../../core/graph/grouping.ts';
import { searchCode } from '../../core/search/searchCode.ts';
import type { GraphModel, ViewState } from '../../core/graph/types.ts';
import { graphInputsOf } from '../../workers/analyse.ts';
import { graphSessionOf, type GraphSession } from '../../workers/graphSession.ts';
import { whenDrawn } from './progressive.ts';
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
  /** The model of this load (for the current view, or the previous view while `pending`); null until the first arrives. */
  readonly model: GraphModel | null;
  /** True while the model for the current view is being built (the previous one is shown). */
  readonly pending: boolean;
  /** Set when the engine failed on this input: the graph then shows flows only. */
  readonly engineError: string | null;
}

export const NO_GRAPH_MODEL: GraphModelResult = { model: null, pending: false, engineError: null };

interface Received {
  readonly data: LoadedData;
  readonly view: ViewState;
  readonly model: GraphModel;
  /** The engine may have run after the data reached the page: its failure comes with the graph. */
  readonly engineError: string | null;
}

/** `p`, with its failure handled by the effect that takes it (asked earlier, during the render). */
function silenced<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

/** `data` null: nothing loaded (or the caller was handed a model and builds none itself). */
export function useGraphModel(data: LoadedData | null, view: ViewState): GraphModelResult {
  const session = data !== null ? graphSessionOf(data) : null;
  const [failed, setFailed] = useState<GraphSession | null>(null);
  const remote = session !== null && session !== failed ? session : null;

  // Main-thread path: only when there is no live worker session for this load. A customer view
  // waits for the redaction's code, a search text for the search's (chunks of their own:
  // redaction.ts, searchCode.ts).
  // The engine itself may wait for code of its own: an ipcache's answers, the tiers' words, authentication modes (ipcacheCode.ts, tierWordsCode.ts, conflictCode.ts).
  const [, setCodeLoaded] = useState(0);
  const analysing = data !== null && remote === null && data.connectivity === undefined;
  const engineAwaits = !analysing ? null : data.cluster.agentIpcache && !ipcacheCode.loaded() ? ipcacheCode : needsTierWords(data.cluster) && !tierWords.loaded() ? tierWords : needsConflictCode(data.cluster) && !conflictCode.loaded() ? conflictCode : null;
  const local = useMemo(() => (data !== null && remote === null && engineAwaits === null ? graphInputsOf(data) : null), [data, remote, engineAwaits]);
  const awaits = engineAwaits ?? (local === null ? null : view.customerTenant !== null && !redaction.loaded() ? redaction : view.filters.search.trim() !== '' && !searchCode.loaded() ? searchCode : view.collapsed.includes(TENANTS_GROUP) && !tenantSharesCode.loaded() ? tenantSharesCode : null);
  useEffect(() => {
    if (awaits !== null) void awaits.load().then(() => setCodeLoaded((n) => n + 1), () => undefined);
  }, [awaits]);
  const localModel = useMemo(() => (local === null || awaits !== null ? null : buildGraph(local.inputs, view)), [local, view, awaits]);

  // Asked while the component renders, not in an effect: the app calls this at the top of its
  // render, so on a load the request leaves before the panels below it render (the page's longest
  // work between the data and the graph), not after them; the worker, which built the opening
  // view's model while the page took the data (graphBuilder.ts `prebuild`), answers at once.
  // One request per view object (the session keeps it), however often React renders.
  const asked = useMemo(() => (remote !== null && data !== null ? silenced(remote.graph(view)) : null), [remote, data, view]);
  const [received, setReceived] = useState<Received | null>(null);
  useEffect(() => {
    if (asked === null || remote === null || data === null) return;
    let current = true;
    asked.then(
      (answer) => {
        if (!current || answer === null) return;
        // Asked before the model is handed to the canvas: resolves once it is drawn. The worker
        // then starts what the picture does not need (its first message only counts).
        void whenDrawn().then(() => remote.drawn());
        setReceived({ data, view, model: answer.model, engineError: answer.engineError });
      },
      () => {
        if (current) setFailed(remote);
      },
    );
    return () => {
      current = false;
    };
  }, [asked, remote, data, view]);

  // A model of the previous load never answers for this one.
  const mine = data !== null && received !== null && received.data === data ? received : null;
  const model = localModel ?? mine?.model ?? null;
  const pending = data !== null && localModel === null && mine?.view !== view;
  const engineError = data?.engineError ?? mine?.engineError ?? local?.engineError ?? null;
  // One object per state, so that what is handed down only changes when the model does.
  return useMemo(() => (data === null ? NO_GRAPH_MODEL : { model, pending, engineError }), [data, model, pending, engineError]);
}
