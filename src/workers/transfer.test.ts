import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../core/graph/buildGraph.ts';
import { initialViewState } from '../core/graph/viewState.ts';
import { graphInputsOf } from './analyse.ts';
import { runLoad } from './loadPipeline.ts';
import type { LoadedData, WorkerMessage } from './protocol.ts';
import { FLOW_EDGES_PER_PART, PartsAssembler, partsOf } from './transfer.ts';
import { appPlatformFile } from '../../test/paths.ts';

const text = (name: string): string => readFileSync(appPlatformFile(name), 'utf8');

/** What the page receives: each message cloned on its own, as postMessage does. */
function sendAndReceive(data: LoadedData): { data: LoadedData; messages: WorkerMessage[] } {
  const messages = [...partsOf(data)].map((m) => structuredClone(m));
  const parts = new PartsAssembler();
  let out: LoadedData | null = null;
  for (const m of messages) {
    if (m.type === 'flow-edges') parts.add(m);
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
    const data = { flows: { edges }, connectivity: null } as unknown as LoadedData;
    const parts = [...partsOf(data)].filter((m) => m.type === 'flow-edges');
    expect(parts.map((m) => (m.type === 'flow-edges' ? m.edges.length : 0))).toEqual([FLOW_EDGES_PER_PART, FLOW_EDGES_PER_PART, 1]);
  });

  it('a load without flows stays without them; an engine failure stays one (null, not recomputed)', () => {
    const { data } = sendAndReceive({ flowRecords: 0, flows: null, connectivity: null, engineError: 'boom' } as unknown as LoadedData);
    expect(data.flows).toBeNull();
    expect(data.connectivity).toBeNull();
    expect(data.engineError).toBe('boom');
  });
});
