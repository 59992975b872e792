/**
 * The engine's share of a load: compile the cluster, compute connectivity in the graph's terms
 * and cross-check the flows against it. Runs in the load worker right after reading (and on the
 * main thread only as the no-worker fallback); returns plain data only.
 */
import { compile, type EngineModel } from '../core/engine/compile.ts';
import { connectivity, type Connectivity } from '../core/engine/connectivity.ts';
import { crossCheck } from '../core/flows/crossCheck.ts';
import type { FlowAggregate } from '../core/flows/types.ts';
import { connectivityInput } from '../core/graph/fromEngine.ts';
import type { ConnectivityInput, GraphInputs, MismatchClass } from '../core/graph/types.ts';
import type { Cluster } from '../core/model/cluster.ts';
import type { Diagnostic } from '../core/model/diagnostic.ts';
import type { CrossCheckCounts, LoadedData } from './protocol.ts';

export interface Analysis {
  readonly connectivity: ConnectivityInput | null;
  readonly mismatches: ReadonlyMap<string, MismatchClass>;
  readonly crossCheck: CrossCheckCounts | null;
  /** `unknown-endpoint`: flows naming peers the inventory does not hold. */
  readonly diagnostics: readonly Diagnostic[];
  readonly engineError: string | null;
}

/**
 * Whether the engine cross-checks flows for this load. Like `netpol-viz flows`: without policies
 * there is no prediction to disagree with, and every peer of a flows-only load would be reported
 * as missing from the inventory. Without the cross-check the engine's results only feed the graph
 * (no diagnostics, no counts), so the worker can send the load before running it.
 */
export function crossChecks(cluster: Cluster, flows: FlowAggregate | null): flows is FlowAggregate {
  return flows !== null && flows.edges.length > 0 && cluster.policies.length > 0;
}

/**
 * `compiled`: the cluster's engine model when the caller already has it (not compiled twice);
 * `matrix`: its connectivity with denied pairs, likewise (a what-if's proposed set).
 */
export function analyse(cluster: Cluster, flows: FlowAggregate | null, compiled?: EngineModel, matrix?: Connectivity): Analysis {
  try {
    const model = compiled ?? compile(cluster);
    const conn = connectivityInput(matrix ?? connectivity(model, { includeDenied: true }), cluster, model.settings);
    if (!crossChecks(cluster, flows)) {
      return { connectivity: conn, mismatches: new Map(), crossCheck: null, diagnostics: [], engineError: null };
    }
    const check = crossCheck(flows, model);
    const mismatches = new Map<string, MismatchClass>();
    for (const c of check.edges) if (c.mismatch) mismatches.set(c.edge.key, c.mismatchClass);
    return { connectivity: conn, mismatches, crossCheck: check.counts, diagnostics: check.diagnostics, engineError: null };
  } catch (e) {
    // The engine never throws on valid models; if it does, the graph shows what the flows say.
    return { connectivity: null, mismatches: new Map(), crossCheck: null, diagnostics: [], engineError: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * The graph's inputs from a load. Loads from the pipeline carry the engine's results; on the
 * page after a worker load (the connectivity stayed in the worker, see transfer.ts) and in values
 * built by hand (tests) they are computed here.
 */
export function graphInputsOf(data: LoadedData): { readonly inputs: GraphInputs; readonly engineError: string | null } {
  const flows = data.flows ?? null;
  if (data.connectivity === undefined) {
    const a = analyse(data.cluster, flows);
    return { inputs: graphInputsFrom(data.cluster, flows, a), engineError: a.engineError };
  }
  return {
    inputs: { cluster: data.cluster, connectivity: data.connectivity, flows, ...(data.mismatches ? { mismatches: data.mismatches } : {}) },
    engineError: data.engineError ?? null,
  };
}

/** The graph's inputs from a cluster, its flows and the engine's analysis of them. */
export function graphInputsFrom(cluster: Cluster, flows: FlowAggregate | null, analysis: Analysis): GraphInputs {
  return { cluster, connectivity: analysis.connectivity, flows, mismatches: analysis.mismatches };
}
