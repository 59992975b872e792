import { describe, expect, it } from 'vitest';
import { compile } from '../engine/compile.ts';
import { connectivity } from '../engine/connectivity.ts';
import { loadInputs } from '../load/loadInputs.ts';
import { generateCluster } from '../synth/cluster.ts';
import { LazyModuleNotLoaded } from '../util/lazyModule.ts';
import { buildGraph } from './buildGraph.ts';
import { connectivityInput } from './fromEngine.ts';
import { TENANTS_GROUP } from './grouping.ts';
import { tenantSharesCode } from './tenantSharesCode.ts';
import { defaultViewState, groupIds } from './viewState.ts';

/**
 * What the lines at the tenants' aggregate stand for is a chunk of its own in the browser
 * (tenantSharesCode.ts): only a view drawing the tenants as one node needs it. Here it is
 * unloaded, as a page starts.
 */
const { cluster } = loadInputs(generateCluster({ seed: 2, tenants: 6, namespacesPerTenant: 1, workloads: 20, cnps: 8, format: 'json' }).files);
const compiled = compile(cluster);
const inputs = { cluster, connectivity: connectivityInput(connectivity(compiled, { includeDenied: true }), cluster, compiled.settings), flows: null };
const every = groupIds(cluster, defaultViewState.groupingLabel);
const aggregate = { ...defaultViewState, collapsed: [...every, TENANTS_GROUP] };

describe("the tenants' shares of the lines, code only the tenants as one node need", () => {
  it('unloaded, such a view throws rather than draw its lines without their tenants; other views build as before', () => {
    const withIt = buildGraph(inputs, aggregate);
    expect(withIt.edges.some((e) => e.tenants !== undefined)).toBe(true);
    const restore = tenantSharesCode.unloadForTests();
    try {
      expect(() => buildGraph(inputs, aggregate)).toThrow(LazyModuleNotLoaded);
      expect(buildGraph(inputs, { ...defaultViewState, collapsed: every }).edges.length).toBeGreaterThan(0);
    } finally {
      restore();
    }
    expect(buildGraph(inputs, aggregate)).toEqual(withIt);
  });
});
