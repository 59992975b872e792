import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../core/graph/buildGraph.ts';
import { defaultViewState, initialViewState } from '../core/graph/viewState.ts';
import type { GraphInputs, ViewState } from '../core/graph/types.ts';
import { graphInputsOf } from './analyse.ts';
import { GraphBuilder, viewKey } from './graphBuilder.ts';
import { runLoad } from './loadPipeline.ts';
import { appPlatformFile } from '../../test/paths.ts';

const text = (name: string): string => readFileSync(appPlatformFile(name), 'utf8');

async function inputs(): Promise<GraphInputs> {
  const data = await runLoad(['policies.yaml', 'inventory.yaml'].map((name) => ({ kind: 'text', name, text: text(name) })), {}, () => {});
  return graphInputsOf(data).inputs;
}

describe('viewKey', () => {
  it('ignores key order and object identity, not content or array order', () => {
    const a: ViewState = { ...defaultViewState, collapsed: ['x', 'y'] };
    const b: ViewState = { customerTenant: null, filters: { ...defaultViewState.filters }, collapsed: ['x', 'y'], groupingLabel: defaultViewState.groupingLabel };
    expect(viewKey(a)).toBe(viewKey(b));
    expect(viewKey({ ...a, collapsed: ['y', 'x'] })).not.toBe(viewKey(a));
    expect(viewKey({ ...a, filters: { ...a.filters, search: 'q' } })).not.toBe(viewKey(a));
    // A field set to null is one left out (the page's views carry `filters.time: null`).
    expect(viewKey({ ...a, filters: { ...a.filters, time: null } })).toBe(viewKey(a));
    expect(viewKey({ ...a, filters: { ...a.filters, time: { from: 1, to: 2 } } })).not.toBe(viewKey(a));
  });
});

describe('GraphBuilder', () => {
  it('answers a request for the prebuilt view with the prebuilt model, others with a fresh build', async () => {
    const inp = await inputs();
    const b = new GraphBuilder(inp, null);
    expect(new GraphBuilder(inp, 'compile failed').engineError).toBe('compile failed');
    const view = initialViewState(inp.cluster);
    b.prebuild(view);
    const again = b.graph({ ...view, filters: { ...view.filters, time: null } });
    expect(again).toBe(b.graph(view));
    expect(again).toStrictEqual(buildGraph(inp, view));
    const other: ViewState = { ...view, filters: { ...view.filters, search: 'frontend' } };
    expect(b.graph(other)).toStrictEqual(buildGraph(inp, other));
  });

  it('a prebuild that fails is left to the request, which reports it', () => {
    const b = new GraphBuilder({ cluster: null, connectivity: null, flows: null } as unknown as GraphInputs);
    expect(() => b.prebuild(defaultViewState)).not.toThrow();
    expect(() => b.graph(defaultViewState)).toThrow();
  });
});
