import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../core/graph/buildGraph.ts';
import { initialViewState } from '../core/graph/viewState.ts';
import { graphInputsOf } from './analyse.ts';
import { runLoad } from './loadPipeline.ts';
import type { LoadedData, WorkerMessage } from './protocol.ts';
import { CLUSTER_ITEMS_PER_PART, FLOW_EDGES_PER_PART, PartsAssembler, partsOf } from './transfer.ts';
import { appPlatformFile } from '../../test/paths.ts';
import { generateCluster, synthPresets } from '../core/synth/cluster.ts';

const text = (name: string): string => readFileSync(appPlatformFile(name), 'utf8');

/** What the page receives: each message cloned on its own, as postMessage does. */
function sendAndReceive(data: LoadedData): { data: LoadedData; messages: WorkerMessage[] } {
  const messages = [...partsOf(data)].map((m) => structuredClone(m));
  const parts = new PartsAssembler();
  let out: LoadedData | null = null;
  for (const m of messages) {
    if (m.type === 'flow-edges' || m.type === 'cluster-list') parts.add(m);
    else if (m.type === 'done') out = parts.assemble(m.data);
  }
  if (out === null) throw new Error('no done message');
  return { data: out, messages };
}

describe('partsOf / PartsAssembler', () => {
  it('sends the flow edges in parts and everything but the connectivity, which the page can recompute', async () => {
    const data = await runLoad(['policies.yaml', 'inventory.yaml', 'flows.jsonl'].map((name) => ({ kind: 'text', name, text: text(name) })), {}, () => {});
    expect(data.connectivity?.paths.length).toBeGreaterThan(0);
    const { data: received, messages } = sendAndReceive(data);
    const { connectivity, ...rest } = data;
    expect(received).toStrictEqual(rest);
    expect(received.connectivity).toBeUndefined();
    expect(messages[messages.length - 1]?.type).toBe('done');
    const done = messages[messages.length - 1];
    expect(done?.type === 'done' ? done.data.flows?.edges.length : null).toBe(0);
    // The page's fallback (no worker session) builds the same graph from what it received.
    const view = initialViewState(data.cluster);
    const there = graphInputsOf(data);
    const here = graphInputsOf(received);
    expect(here.inputs.connectivity).toStrictEqual(connectivity);
    expect(buildGraph(here.inputs, view)).toStrictEqual(buildGraph(there.inputs, view));
  });

  it('cuts big lists into bounded parts', () => {
    const edges = Array.from({ length: FLOW_EDGES_PER_PART * 2 + 1 }, (_, i) => ({ key: String(i) }));
    const list = (n: number): { name: string }[] => Array.from({ length: n }, (_, i) => ({ name: String(i) }));
    const per = CLUSTER_ITEMS_PER_PART;
    const cluster = { pods: list(per.pods * 2 + 1), workloads: list(per.workloads), policies: list(per.policies + 3) };
    const data = { cluster, flows: { edges }, connectivity: null } as unknown as LoadedData;
    const messages = [...partsOf(data)];
    const parts = messages.filter((m) => m.type === 'flow-edges');
    expect(parts.map((m) => (m.type === 'flow-edges' ? m.edges.length : 0))).toEqual([FLOW_EDGES_PER_PART, FLOW_EDGES_PER_PART, 1]);
    const lists = messages.flatMap((m) => (m.type === 'cluster-list' ? [`${m.key} ${m.items.length}`] : []));
    expect(lists).toEqual([`pods ${per.pods}`, `pods ${per.pods}`, 'pods 1', `workloads ${per.workloads}`, `policies ${per.policies}`, 'policies 3']);
    const assembler = new PartsAssembler();
    for (const m of messages) if (m.type === 'flow-edges' || m.type === 'cluster-list') assembler.add(m);
    const done = messages.at(-1);
    expect(done?.type).toBe('done');
    const received = done?.type === 'done' ? assembler.assemble(done.data) : null;
    expect(received).toStrictEqual({ ...data, connectivity: null });
  });

  it("sends the cluster's pods, workloads and policies in bounded parts before done, put back exactly", async () => {
    const synth = generateCluster({ ...synthPresets['1k'], format: 'json' });
    const data = await runLoad(
      synth.files.map((f) => ({ kind: 'text', name: f.name, text: f.data })),
      {},
      () => {},
    );
    const { cluster } = data;
    expect(cluster.pods.length).toBeGreaterThan(CLUSTER_ITEMS_PER_PART.pods);
    expect(cluster.workloads.length).toBeGreaterThan(0);
    expect(cluster.policies.length).toBeGreaterThan(0);
    const { data: received, messages } = sendAndReceive(data);
    const { connectivity: _, ...rest } = data;
    expect(received).toStrictEqual(rest);
    const sizes = (key: string): number[] => messages.flatMap((m) => (m.type === 'cluster-list' && m.key === key ? [m.items.length] : []));
    for (const key of ['pods', 'workloads', 'policies'] as const) {
      const n = cluster[key].length;
      const per = CLUSTER_ITEMS_PER_PART[key];
      expect(sizes(key), key).toEqual([...Array.from({ length: Math.floor(n / per) }, () => per), ...(n % per ? [n % per] : [])]);
    }
    // The lists are not sent twice: done carries them empty.
    const done = messages[messages.length - 1];
    expect(done?.type === 'done' ? [done.data.cluster.pods.length, done.data.cluster.workloads.length, done.data.cluster.policies.length] : null).toEqual([0, 0, 0]);
  });

  it('a load without flows stays without them; an engine failure stays one (null, not recomputed)', () => {
    const cluster = { pods: [], workloads: [], policies: [] };
    const { data } = sendAndReceive({ cluster, flowRecords: 0, flows: null, connectivity: null, engineError: 'boom' } as unknown as LoadedData);
    expect(data.flows).toBeNull();
    expect(data.connectivity).toBeNull();
    expect(data.engineError).toBe('boom');
  });
});
