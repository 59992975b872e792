import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runLoad } from './loadPipeline.ts';
import type { LoadedData, WorkerMessage } from './protocol.ts';
import { FLOW_EDGES_PER_PART, PartsAssembler, partsOf } from './transfer.ts';

const text = (name: string): string => readFileSync(new URL(`../../../shared/fixtures/app-platform/${name}`, import.meta.url), 'utf8');

/** What the page receives: each message cloned on its own, as postMessage does. */
function sendAndReceive(data: LoadedData): { data: LoadedData; messages: WorkerMessage[] } {
  const messages = [...partsOf(data)].map((m) => structuredClone(m));
  const parts = new PartsAssembler();
  let out: LoadedData | null = null;
  for (const m of messages) {
    if (m.type === 'flow-edges' || m.type === 'paths') parts.add(m);
    else if (m.type === 'done') out = parts.assemble(m.data);
  }
  if (out === null) throw new Error('no done message');
  return { data: out, messages };
}

describe('partsOf / PartsAssembler', () => {
  it('sends the flow edges and connectivity paths in parts, and the page puts the same data back together', async () => {
    const data = await runLoad(['policies.yaml', 'inventory.yaml', 'flows.jsonl'].map((name) => ({ kind: 'text', name, text: text(name) })), {}, () => {});
    const { data: received, messages } = sendAndReceive(data);
    expect(received).toStrictEqual(data);
    expect(messages[messages.length - 1]?.type).toBe('done');
    const done = messages[messages.length - 1];
    expect(done?.type === 'done' ? [done.data.flows?.edges.length, done.data.connectivity?.paths.length] : null).toEqual([0, 0]);
  });

  it('cuts big lists into bounded parts', () => {
    const edges = Array.from({ length: FLOW_EDGES_PER_PART * 2 + 1 }, (_, i) => ({ key: String(i) }));
    const data = { flows: { edges }, connectivity: null } as unknown as LoadedData;
    const parts = [...partsOf(data)].filter((m) => m.type === 'flow-edges');
    expect(parts.map((m) => (m.type === 'flow-edges' ? m.edges.length : 0))).toEqual([FLOW_EDGES_PER_PART, FLOW_EDGES_PER_PART, 1]);
  });

  it('a load without flows or engine result stays without them', () => {
    const { data } = sendAndReceive({ flowRecords: 0, flows: null, connectivity: null } as unknown as LoadedData);
    expect(data.flows).toBeNull();
    expect(data.connectivity).toBeNull();
  });
});
