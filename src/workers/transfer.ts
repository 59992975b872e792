/**
 * Sending a load's result to the page. The page deserialises each message in one task of its
 * own, so one `postMessage` of a big export's flow edges (with their samples) would be one long
 * main-thread task: they go in parts of a few hundred edges, then `done` with the rest.
 * The cluster's long lists (pods, workloads, policies: 35 of the 36 MB of the 20k cluster) go
 * in parts too, and the page deserialises each part while this thread writes the next: the two
 * clones (about 1.2 s and 0.6 s of CPU for the 20k cluster, traced) overlap instead of following
 * each other, and no part is a long task on the page. Objects shared inside the cluster (the pods
 * of one workload share their labels) stay shared within a part and are equal copies across parts.
 *
 * The engine's connectivity does not go at all: for 5,000 workloads it is 150,000 paths (28 MB
 * to clone, half a second of the load on both sides), and only the graph uses it, which the
 * load worker builds (its graph session). `done` carries `connectivity: undefined` (or null when
 * the engine failed, with `engineError`); should the worker die later, the page recomputes it
 * (`graphInputsOf`).
 * @internal
 */
import type { FlowEdge } from '../core/flows/types.ts';
import type { Cluster } from '../core/model/cluster.ts';
import type { ClusterListKey, ClusterListPart, LoadedData, WorkerMessage } from './protocol.ts';

/** Flow edges per message (each carries up to 20 sampled flows: a few KB). */
export const FLOW_EDGES_PER_PART = 250;

/**
 * Items of a cluster list per message: about half a MB each (a pod or workload of the synthetic
 * clusters clones to about 450 bytes, a policy to about 2 KB).
 */
export const CLUSTER_ITEMS_PER_PART: { readonly [K in ClusterListKey]: number } = { pods: 1000, workloads: 1000, policies: 200 };

const CLUSTER_LISTS: readonly ClusterListKey[] = ['pods', 'workloads', 'policies'];

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
  for (const key of CLUSTER_LISTS) for (const items of slices<unknown>(page.cluster[key], CLUSTER_ITEMS_PER_PART[key])) yield { type: 'cluster-list', key, items } as ClusterListPart;
  const flows = page.flows ?? null;
  if (flows !== null) for (const edges of slices(flows.edges, FLOW_EDGES_PER_PART)) yield { type: 'flow-edges', edges };
  const cluster: Cluster = { ...page.cluster, pods: [], workloads: [], policies: [] };
  yield { type: 'done', data: { ...page, cluster, flows: flows && { ...flows, edges: [] } } };
}

/** Collects the parts on the page's side and puts the result back together on `done`. */
export class PartsAssembler {
  private readonly edges: FlowEdge[] = [];
  private readonly lists: { [K in ClusterListKey]: unknown[] } = { pods: [], workloads: [], policies: [] };

  add(msg: Extract<WorkerMessage, { type: 'flow-edges' }> | ClusterListPart): void {
    if (msg.type === 'flow-edges') for (const e of msg.edges) this.edges.push(e);
    else for (const item of msg.items) this.lists[msg.key].push(item);
  }

  assemble(data: LoadedData): LoadedData {
    const flows = data.flows ?? null;
    const { pods, workloads, policies } = this.lists as { [K in ClusterListKey]: Cluster[K] };
    return { ...data, cluster: { ...data.cluster, pods, workloads, policies }, flows: flows && { ...flows, edges: this.edges } };
  }
}
