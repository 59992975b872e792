/**
 * The heavy, per-load work behind the panels, as async functions of plain data: compiling the
 * engine model and computing the graph's inputs (connectivity, flow cross-check). They run on
 * the main thread today, after yielding so the "working" state paints; each takes and returns
 * structured-clone-safe data, so a worker shell (like `src/workers/load.worker.ts`) can run the
 * same functions for big clusters without changing the callers (TanStack queries in useEngine).
 * @internal
 */
import { compile, type EngineModel } from '../../core/engine/compile.ts';
import { connectivity } from '../../core/engine/connectivity.ts';
import { crossCheck } from '../../core/flows/crossCheck.ts';
import type { FlowAggregate } from '../../core/flows/types.ts';
import { connectivityInput } from '../../core/graph/fromEngine.ts';
import type { ConnectivityInput, GraphInputs, MismatchClass } from '../../core/graph/types.ts';
import type { Cluster } from '../../core/model/cluster.ts';
import type { LoadedData } from '../../workers/protocol.ts';

/** What a load may carry besides the cluster (the load pipeline fills them in when it has them). */
type LoadedWithExtras = LoadedData & {
  readonly flows?: FlowAggregate | null;
  readonly connectivity?: ConnectivityInput | null;
  readonly mismatches?: ReadonlyMap<string, MismatchClass>;
  readonly engineError?: string | null;
};

export function flowsOf(data: LoadedData): FlowAggregate | null {
  return (data as LoadedWithExtras).flows ?? null;
}

/** The graph inputs the load pipeline already computed off the main thread, if it did. */
export function precomputedInputs(data: LoadedData): GraphInputsResult | null {
  const d = data as LoadedWithExtras;
  if (d.connectivity === undefined) return null;
  return {
    inputs: { cluster: d.cluster, connectivity: d.connectivity, flows: d.flows ?? null, ...(d.mismatches ? { mismatches: d.mismatches } : {}) },
    engineError: d.engineError ?? null,
  };
}

/** Lets the browser paint before a long synchronous step. */
const yieldToPaint = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export async function compileTask(cluster: Cluster): Promise<EngineModel> {
  await yieldToPaint();
  return compile(cluster);
}

export interface GraphInputsResult {
  readonly inputs: GraphInputs;
  /** Set when the engine failed on this input: the graph then shows flows only. */
  readonly engineError: string | null;
}

export async function graphInputsTask(model: EngineModel, flows: FlowAggregate | null): Promise<GraphInputsResult> {
  await yieldToPaint();
  const cluster = model.cluster;
  try {
    const conn = connectivityInput(connectivity(model, { includeDenied: true }), cluster, model.settings);
    const mismatches = new Map<string, MismatchClass>();
    if (flows) for (const c of crossCheck(flows, model).edges) if (c.mismatch) mismatches.set(c.edge.key, c.mismatchClass);
    return { inputs: { cluster, connectivity: conn, flows, mismatches }, engineError: null };
  } catch (e) {
    // The engine never throws on valid models; if it does, show what the flows say rather than nothing.
    return { inputs: { cluster, connectivity: null, flows }, engineError: e instanceof Error ? e.message : String(e) };
  }
}
