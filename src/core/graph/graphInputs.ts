/**
 * The engine model + flows → the graph's inputs (engine connectivity and the flows
 * cross-check's mismatch classes), the same steps the app runs per load. Used by the CLI render
 * and by tests.
 * @public
 */
import type { EngineModel } from '../engine/compile.ts';
import { connectivity } from '../engine/connectivity.ts';
import { crossCheck } from '../flows/crossCheck.ts';
import type { FlowAggregate } from '../flows/types.ts';
import { connectivityInput } from './fromEngine.ts';
import type { GraphInputs, MismatchClass } from './types.ts';

export function graphInputsOf(model: EngineModel, flows: FlowAggregate | null): GraphInputs {
  const cluster = model.cluster;
  const conn = connectivityInput(connectivity(model, { includeDenied: true }), cluster, model.settings);
  const mismatches = new Map<string, MismatchClass>();
  if (flows) for (const c of crossCheck(flows, model).edges) if (c.mismatch) mismatches.set(c.edge.key, c.mismatchClass);
  return { cluster, connectivity: conn, flows, mismatches };
}
