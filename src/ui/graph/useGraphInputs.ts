/**
 * The graph's inputs from what the loader produced: the cluster, the flow aggregate (when the
 * load carried one) and the engine's connectivity, computed once per loaded cluster.
 *
 * The engine runs here, on the main thread, memoised per load: connectivity is fast on the
 * app-platform and demo sizes. For very big clusters it belongs in the load worker next to the
 * loader (the worker would return `connectivity` and `mismatches` with the data).
 */
import { useMemo } from 'react';
import { compile } from '../../core/engine/compile.ts';
import { connectivity } from '../../core/engine/connectivity.ts';
import { crossCheck } from '../../core/flows/crossCheck.ts';
import type { FlowAggregate } from '../../core/flows/types.ts';
import { connectivityInput } from '../../core/graph/fromEngine.ts';
import type { ConnectivityInput, GraphInputs, MismatchClass } from '../../core/graph/types.ts';
import type { LoadedData } from '../../workers/protocol.ts';

/** What a load may carry besides the cluster (filled in by the load pipeline when it has them). */
type LoadedWithExtras = LoadedData & {
  readonly flows?: FlowAggregate | null;
  readonly connectivity?: ConnectivityInput | null;
  readonly mismatches?: ReadonlyMap<string, MismatchClass>;
};

export interface GraphInputsResult {
  readonly inputs: GraphInputs;
  /** Set when the engine failed on this input: the graph then shows flows only. */
  readonly engineError: string | null;
}

export function useGraphInputs(data: LoadedData): GraphInputsResult {
  return useMemo(() => {
    const d: LoadedWithExtras = data;
    const cluster = d.cluster;
    const flows = d.flows ?? null;
    if (d.connectivity) return { inputs: { cluster, connectivity: d.connectivity, flows, ...(d.mismatches ? { mismatches: d.mismatches } : {}) }, engineError: null };
    try {
      const model = compile(cluster);
      const conn = connectivityInput(connectivity(model, { includeDenied: true }), cluster, model.settings);
      const mismatches = new Map<string, MismatchClass>();
      if (flows) for (const c of crossCheck(flows, model).edges) if (c.mismatch) mismatches.set(c.edge.key, c.mismatchClass);
      return { inputs: { cluster, connectivity: conn, flows, mismatches }, engineError: null };
    } catch (e) {
      // The engine never throws on valid models; if it does, show what the flows say rather than nothing.
      return { inputs: { cluster, connectivity: null, flows }, engineError: e instanceof Error ? e.message : String(e) };
    }
  }, [data]);
}
