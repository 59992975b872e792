import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../engine/compile.ts';
import { connectivity } from '../engine/connectivity.ts';
import { loadInputs } from '../load/loadInputs.ts';
import { buildGraph } from './buildGraph.ts';
import { connectivityInput } from './fromEngine.ts';
import { compoundBoxes, PAIR_STEP, routeLines } from './route.ts';
import type { Box } from './boxIndex.ts';
import type { GraphModel, Point } from './types.ts';
import { defaultViewState } from './viewState.ts';
import { bundleLabel } from './bundle.ts';
import { ingestTexts } from '../flows/ingest.ts';
import { appPlatformDir } from '../../../test/paths.ts';

// The built-in demo: 14 workloads, 3 tenants and the platform, 7 namespaces, outside peers.
const demo = (name: string) => ({ name, data: readFileSync(new URL(`../../demo/${name}`, import.meta.url), 'utf8') });
const { cluster } = loadInputs([demo('inventory.yaml'), demo('policies.yaml')]);
const engine = compile(cluster);
const inputs = { cluster, connectivity: connectivityInput(connectivity(engine, { includeDenied: true }), cluster, engine.settings), flows: null };
const expanded = buildGraph(inputs, defaultViewState);
const collapsed = buildGraph(inputs, { ...defaultViewState, collapsed: [...expanded.groups] });

/** The boxes of the groups (a tenant's box, the platform's; collapsed: the group's node, drawn 150 × 60). */
function groupBoxes(model: GraphModel): Map<string, Box> {
  const boxes = compoundBoxes(model.nodes);
  const out = new Map<string, Box>();
  for (const n of model.nodes) {
    if (n.kind !== 'group') continue;
    const b = boxes.get(n.id);
    if (b) out.set(n.id, b);
    else if (n.position) out.set(n.id, { x1: n.position.x - 75, y1: n.position.y - 30, x2: n.position.x + 75, y2: n.position.y + 30 });
  }
  return out;
}

const centreOf = (b: Box): Point => ({ x: (b.x1 + b.x2) / 2, y: (b.y1 + b.y2) / 2 });
const inBox = (p: Point, b: Box): boolean => p.x > b.x1 && p.x < b.x2 && p.y > b.y1 && p.y < b.y2;

/**
 * The groups each drawn line (bundles, and paths in no bundle) runs through, as the canvas draws
 * it: a quadratic curve whose control point stands `bend` off the middle along (-dy, dx).
 */
function groupsCrossed(model: GraphModel, bends: ReadonlyMap<string, number>): string[] {
  const groups = groupBoxes(model);
  const parent = new Map(model.nodes.map((n) => [n.id, n.parent]));
  const groupOf = (id: string): string => {
    let g = id;
    while (parent.get(g)) g = parent.get(g) as string;
    return g;
  };
  const at = (id: string): Point | null => {
    const g = groups.get(id);
    if (g && model.nodes.find((n) => n.id === id)?.position === null) return centreOf(g);
    return model.nodes.find((n) => n.id === id)?.position ?? null;
  };
  const inBundle = new Set((model.bundles ?? []).flatMap((b) => b.members));
  const lines = [...model.edges.filter((e) => !inBundle.has(e.id)), ...(model.bundles ?? [])];
  const out: string[] = [];
  for (const l of lines) {
    const a = at(l.source);
    const z = at(l.target);
    if (!a || !z || l.source === l.target) continue;
    const bend = bends.get(l.id) ?? 0;
    const len = Math.hypot(z.x - a.x, z.y - a.y);
    const c = { x: (a.x + z.x) / 2 - ((z.y - a.y) / len) * bend, y: (a.y + z.y) / 2 + ((z.x - a.x) / len) * bend };
    for (const [g, box] of groups) {
      if (g === groupOf(l.source) || g === groupOf(l.target)) continue;
      for (let i = 0; i <= 100; i++) {
        const u = i / 100;
        const p = { x: (1 - u) ** 2 * a.x + 2 * u * (1 - u) * c.x + u * u * z.x, y: (1 - u) ** 2 * a.y + 2 * u * (1 - u) * c.y + u * u * z.y };
        if (inBox(p, box)) {
          out.push(`${l.id} through ${g}`);
          break;
        }
      }
    }
  }
  return out;
}

describe('routeLines', () => {
  it('bends the lines that ran through another group’s box around it (demo, as loaded and collapsed)', () => {
    // What the canvas drew before: lines through boxes they have nothing to do with (4 before the
    // lane beside a stacked column moved the outside peers right: layout.ts BEND_LANE).
    expect(groupsCrossed(collapsed, new Map()).length).toBe(3);
    expect(groupsCrossed(collapsed, routeLines(collapsed))).toEqual([]);
    expect(groupsCrossed(expanded, new Map()).length).toBe(8);
    // Left: two lines to an outside peer standing level with fabrikam's box, one column right of
    // it (a single curve cannot leave the box and drop into the peer in that space); they now
    // clip the box's corner instead of running through its workloads.
    expect(groupsCrossed(expanded, routeLines(expanded))).toEqual([
      'e:w:platform-system/Deployment/deployer|o:entity:kube-apiserver|allowed through g:t:fabrikam',
      'b:g:t:contoso|o:world through g:t:fabrikam',
    ]);
  });

  it('leaves lines straight that cross nothing', () => {
    const bends = routeLines(collapsed);
    const inBundle = new Set((collapsed.bundles ?? []).flatMap((b) => b.members));
    const drawn = [...collapsed.edges.filter((e) => !inBundle.has(e.id)), ...(collapsed.bundles ?? [])];
    const bent = drawn.filter((l) => bends.has(l.id));
    expect(bent.length).toBeGreaterThan(0);
    expect(bent.length).toBeLessThan(drawn.length);
    // Two stacked neighbours: a short straight line between them.
    const boxes = groupBoxes(collapsed);
    for (const l of drawn.filter((d) => boxes.has(d.source) && boxes.has(d.target))) {
      const gap = Math.abs(centreOf(boxes.get(l.source) as Box).y - centreOf(boxes.get(l.target) as Box).y);
      if (gap < 100) expect(bends.has(l.id), l.id).toBe(false);
    }
  });

  it('bends the lines between one pair of ends together, spread apart like Cytoscape spreads them', () => {
    const bends = routeLines(collapsed);
    const byPair = new Map<string, { id: string; forward: boolean }[]>();
    for (const l of [...collapsed.edges, ...(collapsed.bundles ?? [])]) {
      if (!bends.has(l.id)) continue;
      const key = [l.source, l.target].sort().join('|');
      byPair.set(key, [...(byPair.get(key) ?? []), { id: l.id, forward: l.source < l.target }]);
    }
    for (const list of byPair.values()) {
      // In the pair's own direction, every line bends to the same side, PAIR_STEP apart.
      const along = list.map((l) => (l.forward ? 1 : -1) * (bends.get(l.id) ?? 0)).sort((a, b) => a - b);
      expect(new Set(along.map(Math.sign)).size).toBe(1);
      for (let i = 1; i < along.length; i++) expect((along[i] ?? 0) - (along[i - 1] ?? 0)).toBeLessThanOrEqual(PAIR_STEP);
    }
  });

  it('routes nothing on a graph with more lines than it can afford', () => {
    const many = { ...collapsed, edges: Array.from({ length: 500 }, (_, i) => ({ ...(collapsed.edges[0] as GraphModel['edges'][number]), id: `e${i}` })) };
    expect(routeLines(many).size).toBe(0);
  });

  it('bends a labelled line far enough that its label stands clear at its middle (app-platform collapsed, at 1280x720 its opening)', () => {
    // The platform's bundles to globex and initech bend around acme; at 1280x720 their labels
    // (`2 paths · ×12`) had no room at the middle, beside acme, nor anywhere else (87 units between
    // acme and the internet node, a label 105): the canvas drew them without.
    const read = (f: string): string => readFileSync(path.join(appPlatformDir, f), 'utf8');
    const ap = loadInputs([{ name: 'policies.yaml', data: read('policies.yaml') }, { name: 'inventory.yaml', data: read('inventory.yaml') }]).cluster;
    const apEngine = compile(ap);
    const flows = ingestTexts([{ name: 'flows.jsonl', text: read('flows.jsonl') }]);
    const apInputs = { cluster: ap, connectivity: connectivityInput(connectivity(apEngine, { includeDenied: true }), ap, apEngine.settings), flows };
    const all = buildGraph(apInputs, defaultViewState);
    const model = buildGraph(apInputs, { ...defaultViewState, collapsed: [...all.groups] });
    const bends = routeLines(model);
    const groups = groupBoxes(model);
    const bodies = [...groups.values(), ...model.nodes.filter((n) => n.kind !== 'group' && n.position).map((n) => ({ x1: (n.position as Point).x - 26, y1: (n.position as Point).y - 26, x2: (n.position as Point).x + 26, y2: (n.position as Point).y + 26 }))];
    const bent = (model.bundles ?? []).filter((b) => bends.has(b.id));
    expect(bent.map((b) => b.id)).toEqual(['b:g:platform|g:t:globex', 'b:g:platform|g:t:initech']);
    for (const b of bent) {
      const a = centreOf(groups.get(b.source) as Box);
      const z = centreOf(groups.get(b.target) as Box);
      const len = Math.hypot(z.x - a.x, z.y - a.y);
      // The curve as drawn: from border to border of the two groups (150 × 60), its control point
      // `bend` off the middle of their centres; its label at its middle.
      const bend = bends.get(b.id) as number;
      const ctrl = { x: (a.x + z.x) / 2 - ((z.y - a.y) / len) * bend, y: (a.y + z.y) / 2 + ((z.x - a.x) / len) * bend };
      const border = (c: Point): Point => {
        const k = Math.min(75 / Math.abs(ctrl.x - c.x || 1e-9), 30 / Math.abs(ctrl.y - c.y || 1e-9), 1);
        return { x: c.x + (ctrl.x - c.x) * k, y: c.y + (ctrl.y - c.y) * k };
      };
      const [p0, p1] = [border(a), border(z)];
      const m = { x: 0.25 * p0.x + 0.5 * ctrl.x + 0.25 * p1.x, y: 0.25 * p0.y + 0.5 * ctrl.y + 0.25 * p1.y };
      // The label as the canvas draws it (bold 16: about 8 units a character, 23 high, 2 of padding);
      // the canvas then keeps EDGE_LABEL_CLEARANCE_UNITS around it, sliding it along its line if need be (e2e readability).
      const w = bundleLabel(b).length * 8;
      const room = 2;
      const label = { x1: m.x - w / 2 - room, y1: m.y - 11.5 - room, x2: m.x + w / 2 + room, y2: m.y + 11.5 + room };
      const hit = bodies.filter((o) => o.x1 < label.x2 && o.x2 > label.x1 && o.y1 < label.y2 && o.y2 > label.y1);

      expect(hit, b.id).toEqual([]);
    }
  });
});
