/**
 * Sending a load's result to the page. The page deserialises each message in one task of its
 * own, so one `postMessage` of a big export's flow edges (with their samples) would be one long
 * main-thread task: they go in parts of a few hundred edges, then `done` with the rest.
 *
 * The engine's connectivity does not go at all: for 5,000 workloads it is 150,000 paths (28 MB
 * to clone, half a second of the load on both sides), and only the graph uses it, which the
 * load worker builds (its graph session). `done` carries `connectivity: undefined` (or null when
 * the engine failed, with `engineError`); should the worker die later, the page recomputes it
 * (`graphInputsOf`).
 * @internal
 */
import type { FlowEdge } from '../core/flows/types.ts';
import type { LoadedData, WorkerMessage } from './protocol.ts';

/** Flow edges per message (each carries up to 20 sampled flows: a few KB). */
export const FLOW_EDGES_PER_PART = 250;

function* slices<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** What the page gets of `data`: all but the engine's connectivity (kept by the worker). */
export function forThePage(data: LoadedData): LoadedData {
  const { connectivity, ...rest } = data;
  return connectivity === null ? { ...rest, connectivity: null } : rest;
}

/** The messages that carry `data` to the page: its flow edges in parts, then `done` with the rest. */
export function* partsOf(data: LoadedData): Generator<WorkerMessage> {
  const page = forThePage(data);
  const flows = page.flows ?? null;
  if (flows !== null) for (const edges of slices(flows.edges, FLOW_EDGES_PER_PART)) yield { type: 'flow-edges', edges };
  yield { type: 'done', data: { ...page, flows: flows && { ...flows, edges: [] } } };
}

/** Collects the parts on the page's side and puts the result back together on `done`. */
export class PartsAssembler {
  private readonly edges: FlowEdge[] = [];

  add(msg: Extract<WorkerMessage, { type: 'flow-edges' }>): void {
    for (const e of msg.edges) this.edges.push(e);
  }

  assemble(data: LoadedData): LoadedData {
    const flows = data.flows ?? null;
    return { ...data, flows: flows && { ...flows, edges: this.edges } };
  }
}
