/**
 * Sending a load's result to the page in parts. The page deserialises each message in one task
 * of its own, so one `postMessage` of everything (a big export's flow edges with their samples,
 * a big cluster's connectivity paths) would be one long main-thread task; in parts of a few
 * hundred edges or a few thousand paths, no task holds more than a few megabytes.
 * @internal
 */
import type { FlowEdge } from '../core/flows/types.ts';
import type { ConnPath } from '../core/graph/types.ts';
import type { LoadedData, WorkerMessage } from './protocol.ts';

/** Flow edges per message (each carries up to 20 sampled flows: a few KB). */
export const FLOW_EDGES_PER_PART = 250;
/** Connectivity paths per message (under 1 KB each). */
export const PATHS_PER_PART = 2000;

function* slices<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** The messages that carry `data`: its big lists in parts, then `done` with the rest. */
export function* partsOf(data: LoadedData): Generator<WorkerMessage> {
  const flows = data.flows ?? null;
  const conn = data.connectivity ?? null;
  if (flows !== null) for (const edges of slices(flows.edges, FLOW_EDGES_PER_PART)) yield { type: 'flow-edges', edges };
  if (conn !== null) for (const paths of slices(conn.paths, PATHS_PER_PART)) yield { type: 'paths', paths };
  yield {
    type: 'done',
    data: { ...data, flows: flows && { ...flows, edges: [] }, connectivity: conn && { ...conn, paths: [] } },
  };
}

/** Collects the parts on the page's side and puts the result back together on `done`. */
export class PartsAssembler {
  private readonly edges: FlowEdge[] = [];
  private readonly paths: ConnPath[] = [];

  add(msg: Extract<WorkerMessage, { type: 'flow-edges' | 'paths' }>): void {
    if (msg.type === 'flow-edges') for (const e of msg.edges) this.edges.push(e);
    else for (const p of msg.paths) this.paths.push(p);
  }

  assemble(data: LoadedData): LoadedData {
    const flows = data.flows ?? null;
    const conn = data.connectivity ?? null;
    return {
      ...data,
      flows: flows && { ...flows, edges: this.edges },
      connectivity: conn && { ...conn, paths: this.paths },
    };
  }
}
