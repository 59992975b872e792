import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../engine/compile.ts';
import { connectivity } from '../engine/connectivity.ts';
import { loadInputs } from '../load/loadInputs.ts';
import { buildGraph } from './buildGraph.ts';
import { connectivityInput } from './fromEngine.ts';
import { PLATFORM_GROUP } from './grouping.ts';
import { chooseOpening, collapsedGroupsReadable, FAN_MAX, MAX_FIT_ZOOM, MAX_NAME_PX, measureLevel, READABLE_NAME_PX, REFERENCE_CANVAS } from './opening.ts';
import { defaultViewState, groupIds, initialViewState } from './viewState.ts';
import { TENANTS_GROUP } from './grouping.ts';
import { generateCluster, synthPresets } from '../synth/cluster.ts';

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

describe('the tenants as one node', () => {
  // 24 tenants, 1 namespace each, 320 workloads: a big cluster (opens collapsed).
  const synth = generateCluster({ seed: 3, tenants: 24, namespacesPerTenant: 1, workloads: 320, nodes: 3, ccnps: 4, cnps: 30, networkPolicies: 4, fqdnPolicies: 3, portRangePolicies: 1, denyPolicies: 2 });
  const big = loadInputs(synth.files).cluster;
  const bigModel = compile(big);
  const bigInputs = { cluster: big, connectivity: connectivityInput(connectivity(bigModel, { includeDenied: true }), big, bigModel.settings), flows: null };
  const every = groupIds(big, defaultViewState.groupingLabel);
  const tenantLevel = buildGraph(bigInputs, { ...defaultViewState, collapsed: every });
  const aggregate = buildGraph(bigInputs, { ...defaultViewState, collapsed: [...every, TENANTS_GROUP] });

  it('is chosen where the tenants one node each are not readable and it is', () => {
    const canvas = { w: 900, h: 500 };
    expect(measureLevel(tenantLevel, null, canvas).namePx).toBeLessThan(READABLE_NAME_PX);
    const level = chooseOpening(tenantLevel, canvas);
    expect(level?.collapsed).toEqual([...every, TENANTS_GROUP].sort());
    expect(level?.namePx).toBeGreaterThanOrEqual(READABLE_NAME_PX);
    // The level measured is the picture the layout draws for it.
    expect(measureLevel(aggregate, null, canvas).zoom).toBeCloseTo(level?.zoom ?? 0);
    expect(measureLevel(aggregate, null, canvas).collapsed).toEqual(level?.collapsed);
  });

  it('is not chosen where the tenants are readable one node each, and an aggregate opens finer there', () => {
    expect(chooseOpening(tenantLevel, { w: 2400, h: 1300 })).toBeNull();
    expect(chooseOpening(aggregate, { w: 2400, h: 1300 })?.collapsed).toEqual(every);
    expect(chooseOpening(aggregate, { w: 900, h: 500 })).toBeNull();
    // Nothing readable: it keeps the biggest names.
    expect(chooseOpening(aggregate, { w: 300, h: 200 })).toBeNull();
  });

  it('a model too big to draw expanded opens from every group collapsed on: that where readable, else the tenants as one node', () => {
    const expandedBig = buildGraph(bigInputs, defaultViewState);
    expect(chooseOpening(expandedBig, { w: 900, h: 500 }, true)?.collapsed).toEqual([...every, TENANTS_GROUP].sort());
    expect(chooseOpening(expandedBig, { w: 2400, h: 1300 }, true)?.collapsed).toEqual([...every].sort());
    // Never finer than every group collapsed, even where the expanded picture is readable (the demo in a big canvas).
    expect(chooseOpening(expanded, { w: 2400, h: 1300 })).toBeNull();
    expect(chooseOpening(expanded, { w: 2400, h: 1300 }, true)?.collapsed).toEqual([...expanded.groups].sort());
  });

  it('is not chosen where even it is not readable: the coarsest of the other levels, as before', () => {
    expect(chooseOpening(tenantLevel, { w: 150, h: 100 })).toBeNull();
    expect(chooseOpening(expanded, { w: 300, h: 150 })?.collapsed).toEqual(expanded.groups);
  });

  it('a load opens with it only when its groups are not readable one node each even in the reference canvas (1k: no; 5k, 20k: yes)', () => {
    expect(collapsedGroupsReadable(synthPresets['1k'].tenants + 1, REFERENCE_CANVAS)).toBe(true);
    expect(collapsedGroupsReadable(synthPresets['5k'].tenants + 1, REFERENCE_CANVAS)).toBe(false);
    expect(collapsedGroupsReadable(synthPresets['20k'].tenants + 1, REFERENCE_CANVAS)).toBe(false);
    // The demo and this cluster open as before.
    expect(initialViewState(cluster).collapsed).toEqual([]);
    expect(initialViewState(big).collapsed).toEqual(every);
    // 250 tenants, 301 workloads.
    const many = loadInputs(generateCluster({ seed: 1, tenants: 250, namespacesPerTenant: 1, workloads: 301, cnps: 10, format: 'json' }).files).cluster;
    const manyGroups = groupIds(many, defaultViewState.groupingLabel);
    expect(initialViewState(many).collapsed).toEqual([...manyGroups, TENANTS_GROUP].sort());
    // Never in the customer view.
    expect(initialViewState(many, { ...defaultViewState, customerTenant: 't0' }).collapsed).toEqual(manyGroups);
  });
});

describe('more tenants than FAN_MAX: their lines fan into a few boxes', () => {
  // 120 tenants, 300 workloads: every tenant has lines to the platform, 68 to the internet.
  const many = loadInputs(generateCluster({ tenants: 120, namespacesPerTenant: 1, workloads: 300, cnps: 130, format: 'json' }).files).cluster;
  const manyModel = compile(many);
  const manyInputs = { cluster: many, connectivity: connectivityInput(connectivity(manyModel, { includeDenied: true }), many, manyModel.settings), flows: null };
  const groups = groupIds(many, defaultViewState.groupingLabel);
  const expandedMany = buildGraph(manyInputs, defaultViewState);

  it('opens as the tenants as one node even where the tenants one node each have readable names (1920x1080)', () => {
    expect(groups.filter((g) => g.startsWith('g:t:')).length).toBeGreaterThan(FAN_MAX);
    // One box per tenant into the platform's: 117 lines.
    const tenantLevel = buildGraph(manyInputs, { ...defaultViewState, collapsed: groups });
    expect(new Set((tenantLevel.bundles ?? []).filter((b) => b.source === PLATFORM_GROUP || b.target === PLATFORM_GROUP).map((b) => b.id)).size).toBeGreaterThan(100);
    // The names alone would be readable one box per tenant in the reference canvas: before, it opened so.
    expect(measureLevel(expandedMany, groups, REFERENCE_CANVAS).namePx).toBeGreaterThanOrEqual(READABLE_NAME_PX);
    for (const big of [true, false]) expect(chooseOpening(expandedMany, REFERENCE_CANVAS, big)?.collapsed).toEqual([...groups, TENANTS_GROUP].sort());
    // Where the aggregate is not readable either, as before: the biggest names.
    expect(chooseOpening(expandedMany, { w: 150, h: 100 }, true)?.collapsed).toEqual([...groups].sort());
  });
});
