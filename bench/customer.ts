/**
 * `npm run bench -- customer`: the customer view's leak check (src/core/graph/leaks.ts) on the
 * synthetic 5k and 20k clusters, viewed as their first tenant:
 * - `customer.<size>.secrets.s`: the other tenants' identifiers (otherTenantSecrets + index),
 *   computed once per cluster and tenant when the customer view opens (app: in the load worker,
 *   src/workers/secretsTask.ts, never on the page's main thread) or before `render --customer`
 *   writes its file (CLI);
 * - `customer.<size>.scanModel.s`: the scan of the redacted graph model as JSON (what the app's
 *   load worker checks before it sends a customer view's model to the page);
 * - `customer.<size>.scanSvg.s`: the scan of the customer view's SVG export (what the CLI checks).
 * Medians of 5 runs, on clusters loaded once through the real loader.
 */
import { compile } from '../src/core/engine/compile.ts';
import { exportView } from '../src/core/export/exportView.ts';
import { buildGraph } from '../src/core/graph/buildGraph.ts';
import { graphInputsOf } from '../src/core/graph/graphInputs.ts';
import { tenantOfGroup } from '../src/core/graph/grouping.ts';
import { indexSecrets, leaksIn, otherTenantSecrets } from '../src/core/graph/leaks.ts';
import { defaultViewState, groupIds, viewReducer } from '../src/core/graph/viewState.ts';
import { loadInputs } from '../src/core/load/loadInputs.ts';
import { generateCluster, synthPresets } from '../src/core/synth/cluster.ts';
import { median, recordFigures, type Figure } from './lib/results.ts';

const RUNS = 5;

function fig(ms: readonly number[]): Figure {
  return { median: Math.round(median(ms)) / 1000, unit: 's', runs: ms.length };
}

export async function run(): Promise<void> {
  const figures: Record<string, Figure> = {};
  for (const size of ['5k', '20k'] as const) {
    const { cluster } = loadInputs(generateCluster({ ...synthPresets[size], format: 'json' }).files);
    const tenant = groupIds(cluster, 'tenant').map(tenantOfGroup).find((t): t is string => t !== null);
    if (tenant === undefined) throw new Error(`${size}: no tenant`);
    const view = viewReducer(defaultViewState, { type: 'set-customer-tenant', tenant });
    const model = buildGraph(graphInputsOf(compile(cluster), null), view);
    const json = JSON.stringify(model);
    const svg = exportView({ model, view, clusterName: cluster.name, digest: null, time: null, highlight: null }).picture.svg;
    const secrets: number[] = [];
    const scanModel: number[] = [];
    const scanSvg: number[] = [];
    let count = 0;
    for (let r = 0; r < RUNS; r++) {
      let t = performance.now();
      const index = indexSecrets(otherTenantSecrets(cluster, 'tenant', tenant));
      secrets.push(performance.now() - t);
      count = index.byName.size + index.other.length;
      t = performance.now();
      const a = leaksIn(json, index);
      scanModel.push(performance.now() - t);
      t = performance.now();
      const b = leaksIn(svg, index);
      scanSvg.push(performance.now() - t);
      if (a.length + b.length > 0) throw new Error(`${size}: the customer view of ${tenant} names other tenants`);
    }
    console.log(`  ${size}: ${cluster.workloads.length} workloads, ${cluster.pods.length} pods; ${count} identifiers of other tenants; model ${(json.length / 1e3).toFixed(0)} kB, SVG ${(svg.length / 1e3).toFixed(0)} kB`);
    figures[`customer.${size}.secrets.s`] = fig(secrets);
    figures[`customer.${size}.scanModel.s`] = fig(scanModel);
    figures[`customer.${size}.scanSvg.s`] = fig(scanSvg);
  }
  recordFigures(figures);
}
