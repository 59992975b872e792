/**
 * The engine's share of a load: compile the cluster, compute connectivity in the graph's terms
 * and cross-check the flows against it. Runs in the load worker right after reading (and on the
 * main thread only as the no-worker fallback); returns plain data only.
 */
import { compile, type EngineModel } from '../core/engine/compile.ts';
import { connectivity, connectivityInSteps, type Connectivity } from '../core/engine/connectivity.ts';
import { crossCheck } from '../core/flows/crossCheck.ts';
import type { FlowAggregate } from '../core/flows/types.ts';
import { deferredPairs } from '../core/graph/deferredPairs.ts';
import { connectivityInput } from '../core/graph/fromEngine.ts';
import type { ConnectivityInput, GraphInputs, MismatchClass, ViewState } from '../core/graph/types.ts';
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

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * The analysis of a load in two steps (core/graph/deferredPairs.ts). `first` leaves out the pairs
 * inside the groups `view` collapses: graphs of the views `covers` accepts are the same with it
 * as with the whole analysis. `rest` evaluates those pairs, yielding every few rows, and returns
 * the whole analysis (equal to `analyse(cluster, flows)`).
 */
export interface AnalysisInSteps {
  readonly first: Analysis;
  readonly covers: (view: ViewState) => boolean;
  readonly rest: () => Generator<void, Analysis>;
}

/**
 * The analysis in steps for a load the page opens at `view`, or null when it cannot be split:
 * nothing collapsed, flows to draw (their edges look paths up), or the engine failed (`analyse`
 * then reports it).
 */
export function analyseInSteps(cluster: Cluster, flows: FlowAggregate | null, view: ViewState): AnalysisInSteps | null {
  if (flows !== null && flows.edges.length > 0) return null;
  const deferred = deferredPairs(cluster, view);
  if (deferred === null) return null;
  const none = { mismatches: new Map<string, MismatchClass>(), crossCheck: null, diagnostics: [], engineError: null };
  try {
    const model = compile(cluster);
    // Workloads drawn on one collapsed node with equal rows and columns are evaluated once (their class's).
    const steps = connectivityInSteps(model, { includeDenied: true }, deferred.keysOf, true);
    const first: Analysis = { ...none, connectivity: connectivityInput(steps.first, cluster, model.settings, { standsFor: steps.standsFor }) };
    function* rest(): Generator<void, Analysis> {
      try {
        const whole = yield* steps.rest();
        return { ...none, connectivity: connectivityInput(whole.connectivity, cluster, model.settings) };
      } catch (e) {
        return { ...none, connectivity: null, engineError: errorText(e) };
      }
    }
    return { first, covers: deferred.covers, rest };
  } catch {
    return null;
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
