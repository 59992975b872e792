import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../engine/compile.ts';
import { connectivity } from '../engine/connectivity.ts';
import { loadInputs } from '../load/loadInputs.ts';
import { buildGraph } from './buildGraph.ts';
import { connectivityInput } from './fromEngine.ts';
import { BEND_LANE, COLLAPSED_DRAWN_H, crossingCount, EDGE_LABEL_ROOM, layoutGraph, type LayoutGroup } from './layout.ts';
import type { Point } from './types.ts';
import { defaultViewState } from './viewState.ts';

const demo = (name: string) => ({ name, data: readFileSync(new URL(`../../demo/${name}`, import.meta.url), 'utf8') });
const { cluster } = loadInputs([demo('inventory.yaml'), demo('policies.yaml')]);
const model = compile(cluster);
const g = buildGraph({ cluster, connectivity: connectivityInput(connectivity(model, { includeDenied: true }), cluster, model.settings), flows: null }, defaultViewState);

/** The demo's layout inputs, read back from its model. */
function inputs(): { groups: LayoutGroup[]; outside: { id: string; of: null }[] } {
  const kids = (id: string) => g.nodes.filter((n) => n.parent === id).map((n) => n.id);
  return {
    groups: g.groups.map((id) => ({ id, collapsed: false, namespaces: kids(id).map((ns) => ({ id: ns, leaves: kids(ns) })) })),
    outside: g.nodes.filter((n) => n.parent === null && n.kind !== 'group').map((n) => ({ id: n.id, of: null })),
  };
}

describe('layoutGraph', () => {
  it('leaves collapsed groups stacked in a column room for the label of the edge between them (with the canvas declutter clearance)', () => {
    const groups = g.groups.map((id) => ({ id, collapsed: true, namespaces: [] }));
    const pos = layoutGraph(groups, inputs().outside);
    const ys = groups.map((x) => pos.get(x.id) as Point).filter((p, _, all) => p.x === all[0]?.x).map((p) => p.y).sort((a, b) => a - b);
    expect(ys.length).toBeGreaterThan(1);
    for (let i = 1; i < ys.length; i++) expect((ys[i] as number) - (ys[i - 1] as number) - COLLAPSED_DRAWN_H).toBeGreaterThanOrEqual(EDGE_LABEL_ROOM);
  });

  it('leaves a lane beside a column of collapsed groups when a line joins two with another between them (it bends out there, with its label)', () => {
    const groups = ['g:platform', 'g:t:a', 'g:t:b', 'g:t:c'].map((id) => ({ id, collapsed: true, namespaces: [] }));
    const outside = Array.from({ length: 6 }, (_, i) => ({ id: `o:${i}`, of: null }));
    const peerX = (edges: { source: string; target: string }[]): number => (layoutGraph(groups, outside, edges).get('o:0') as Point).x;
    const neighbours = [
      { source: 'g:platform', target: 'g:t:a' },
      { source: 'g:t:a', target: 'g:t:b' },
    ];
    const column = [...groups.map((x) => (layoutGraph(groups, outside, neighbours).get(x.id) as Point).x)];
    expect(new Set(column).size).toBe(1);
    expect(peerX([...neighbours, { source: 'g:platform', target: 'g:t:b' }])).toBe(peerX(neighbours) + BEND_LANE);
  });

  it('with the edges, picks an arrangement whose edges cross less', () => {
    const { groups, outside } = inputs();
    const edges = g.edges.map((e) => ({ source: e.source, target: e.target }));
    const plain = crossingCount(layoutGraph(groups, outside), edges);
    const aware = crossingCount(layoutGraph(groups, outside, edges), edges);
    expect(aware).toBeLessThan(plain);
    // buildGraph lays out with its edges.
    const drawn = new Map<string, Point>(g.nodes.filter((n) => n.position !== null).map((n) => [n.id, n.position as Point]));
    expect(crossingCount(drawn, edges)).toBe(aware);
  });

  it('is deterministic', () => {
    const { groups, outside } = inputs();
    const edges = g.edges.map((e) => ({ source: e.source, target: e.target }));
    expect([...layoutGraph(groups, outside, edges)]).toEqual([...layoutGraph(groups, outside, edges)]);
  });
});
