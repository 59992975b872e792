import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../engine/compile.ts';
import { connectivity } from '../engine/connectivity.ts';
import { loadInputs } from '../load/loadInputs.ts';
import { buildGraph } from './buildGraph.ts';
import { connectivityInput } from './fromEngine.ts';
import { PLATFORM_GROUP } from './grouping.ts';
import { chooseOpening, MAX_FIT_ZOOM, MAX_NAME_PX, measureLevel, READABLE_NAME_PX } from './opening.ts';
import { defaultViewState } from './viewState.ts';

// The built-in demo: 14 workloads, 3 tenants and the platform, 7 namespaces, outside peers.
const demo = (name: string) => ({ name, data: readFileSync(new URL(`../../demo/${name}`, import.meta.url), 'utf8') });
const { cluster } = loadInputs([demo('inventory.yaml'), demo('policies.yaml')]);
const model = compile(cluster);
const inputs = { cluster, connectivity: connectivityInput(connectivity(model, { includeDenied: true }), cluster, model.settings), flows: null };
const expanded = buildGraph(inputs, defaultViewState);

describe('chooseOpening', () => {
  it('keeps the graph as loaded when every name is readable in the canvas', () => {
    expect(measureLevel(expanded, [], { w: 2400, h: 1300 }).namePx).toBeGreaterThanOrEqual(READABLE_NAME_PX);
    expect(chooseOpening(expanded, { w: 2400, h: 1300 })).toBeNull();
  });

  it('opens coarser instead of shrinking names below 10 px, and the names it opens with are readable', () => {
    const canvas = { w: 1200, h: 560 };
    expect(measureLevel(expanded, [], canvas).namePx).toBeLessThan(READABLE_NAME_PX);
    const level = chooseOpening(expanded, canvas);
    expect(level).not.toBeNull();
    expect(level?.namePx).toBeGreaterThanOrEqual(READABLE_NAME_PX);
    // The coarser level is what the layout draws: the model built for it fits at that zoom.
    const coarse = buildGraph(inputs, { ...defaultViewState, collapsed: [...(level?.collapsed ?? [])] });
    expect(coarse.nodes.filter((n) => n.kind === 'group' && n.collapsed).map((n) => n.id)).toEqual(level?.collapsed);
    expect(measureLevel(coarse, [], canvas).zoom).toBeCloseTo(level?.zoom ?? 0);
  });

  it('tries the platform collapsed before collapsing the tenants', () => {
    const levels = [measureLevel(expanded, [], { w: 1600, h: 900 }), measureLevel(expanded, [PLATFORM_GROUP], { w: 1600, h: 900 }), measureLevel(expanded, expanded.groups, { w: 1600, h: 900 })];
    expect(levels.map((l) => l.collapsed.length)).toEqual([0, 1, expanded.groups.length]);
    expect(levels[1]?.zoom).toBeGreaterThan(levels[0]?.zoom ?? 0);
    expect(levels[2]?.zoom).toBeGreaterThan(levels[1]?.zoom ?? 0);
  });

  it('never blows a small picture up: names at most twice the readable size in a huge canvas', () => {
    const level = measureLevel(expanded, expanded.groups, { w: 5000, h: 3000 });
    expect(level.zoom).toBeLessThanOrEqual(MAX_FIT_ZOOM);
    expect(level.namePx).toBeLessThanOrEqual(MAX_NAME_PX);
    expect(level.namePx).toBeGreaterThanOrEqual(READABLE_NAME_PX);
  });

  it('opens at the coarsest level when even that needs small names, and not at all in a canvas with no room', () => {
    expect(chooseOpening(expanded, { w: 300, h: 150 })?.collapsed).toEqual(expanded.groups);
    expect(chooseOpening(expanded, { w: 0, h: 0 })).toBeNull();
  });
});
