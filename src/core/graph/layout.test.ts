import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../engine/compile.ts';
import { connectivity } from '../engine/connectivity.ts';
import { loadInputs } from '../load/loadInputs.ts';
import { buildGraph } from './buildGraph.ts';
import { connectivityInput } from './fromEngine.ts';
import { TENANTS_GROUP } from './grouping.ts';
import { hubLayout } from './hubLayout.ts';
import { BEND_LANE, COLLAPSED_DRAWN_H, crossingCount, EDGE_LABEL_ROOM, HUB_ROW_H, HUB_SIDE_GAP, hubOpening, layoutExtent, layoutGraph, type LayoutGroup } from './layout.ts';
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

describe('the many-tenant opening (the tenants as one node): a hub', () => {
  // As the 5k synthetic cluster opens: the platform and '200 tenants', 15 peers, the internet with two carve-outs.
  const groups = [
    { id: 'g:platform', collapsed: true, namespaces: [] },
    { id: TENANTS_GROUP, collapsed: true, namespaces: [] },
  ];
  const outside = [
    { id: 'o:world', of: null },
    { id: 'o:world~22/TCP', of: 'o:world' },
    { id: 'o:world~25/TCP', of: 'o:world' },
    ...Array.from({ length: 5 }, (_, i) => ({ id: `o:cidr:${i}`, of: null })),
    ...Array.from({ length: 7 }, (_, i) => ({ id: `o:fqdn:${i}`, of: null })),
  ];
  const edges = [{ source: 'g:platform', target: TENANTS_GROUP }, ...outside.map((o) => ({ source: TENANTS_GROUP, target: o.id }))];
  const pos = hubLayout(groups, outside, edges);
  const at = (id: string): Point => pos.get(id) as Point;
  const hub = at(TENANTS_GROUP);

  it('puts the peers in one column on each side of the groups, centred on the tenants node, names outwards', () => {
    const xs = new Set(outside.map((o) => at(o.id).x));
    expect(xs.size).toBe(2);
    const [left, right] = [...xs].sort((a, b) => a - b) as [number, number];
    expect(left).toBeLessThan(hub.x - HUB_SIDE_GAP);
    expect(right).toBeGreaterThan(hub.x + HUB_SIDE_GAP);
    // The left peers' names stand left of them; a carve-out right after its internet.
    expect([...pos.namesLeft].sort()).toEqual(outside.filter((o) => at(o.id).x === left).map((o) => o.id).sort());
    expect(at('o:world~22/TCP').y - at('o:world').y).toBe(HUB_ROW_H);
    for (const x of [left, right]) {
      const ys = outside.filter((o) => at(o.id).x === x).map((o) => at(o.id).y);
      expect((Math.min(...ys) + Math.max(...ys)) / 2).toBeCloseTo(hub.y);
    }
    // The platform above, clear of the rays (its box bottom 40 below its centre, the hub's 40 above its own).
    expect(at('g:platform').x).toBe(hub.x);
    expect(at('g:platform').y).toBeLessThan(hub.y - 80);
  });

  it('draws every ray from the tenants node clear of the other peers, of their names and of the platform: no line crosses another', () => {
    // A peer's cell: its body and its name (up to 210 wide), outwards.
    const cell = (id: string): { x1: number; y1: number; x2: number; y2: number } => {
      const p = at(id);
      return pos.namesLeft.has(id) ? { x1: p.x - 240, y1: p.y - 22, x2: p.x + 22, y2: p.y + 22 } : { x1: p.x - 22, y1: p.y - 22, x2: p.x + 240, y2: p.y + 22 };
    };
    const platform = { x1: at('g:platform').x - 75, y1: at('g:platform').y - 30, x2: at('g:platform').x + 75, y2: at('g:platform').y + 30 };
    const hits = (a: Point, b: Point, box: { x1: number; y1: number; x2: number; y2: number }): boolean => {
      for (let i = 0; i <= 100; i++) {
        const x = a.x + ((b.x - a.x) * i) / 100;
        const y = a.y + ((b.y - a.y) * i) / 100;
        if (x >= box.x1 && x <= box.x2 && y >= box.y1 && y <= box.y2) return true;
      }
      return false;
    };
    const blocked = outside.flatMap((o) => [...outside.filter((p) => p.id !== o.id).map((p) => cell(p.id)), platform].filter((box) => hits(hub, at(o.id), box)).map(() => o.id));
    expect(blocked).toEqual([]);
    expect(crossingCount(pos, edges)).toBe(0);
  });

  it('is as big as layoutExtent says, at no zoom traded for crossings (the opening measures with it)', () => {
    const xs = [...pos.values()].map((p) => p.x);
    const ys = [...pos.values()].map((p) => p.y);
    const e = layoutExtent(groups, outside.length);
    expect(e.slack).toBe(1);
    expect(hubOpening(groups, outside.length)).toBe(true);
    expect(Math.min(...xs) - 0).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThanOrEqual(e.w);
    expect(Math.max(...ys) - Math.min(...ys)).toBeLessThanOrEqual(e.h);
    // Any other view keeps the columns on the right (and names right).
    const tenantLevel = groups.map((g) => ({ ...g, id: g.id === TENANTS_GROUP ? 'g:t:a' : g.id }));
    expect(hubOpening(tenantLevel, outside.length)).toBe(false);
    expect(layoutGraph(tenantLevel, outside, edges).namesLeft.size).toBe(0);
  });
});
