/**
 * `npm run bench -- engine`: the engine as the app runs it on synthetic clusters of 1k / 5k / 20k
 * workloads (5k: 200 tenants, 1,000 policies: issue #3's acceptance case), loaded through the
 * real loader: `engine.N.s` = compile + connectivity with denied pairs (what the load worker's
 * `analyse` computes, same options and settings), with its parts and the whole `analyse`; the
 * load itself (`load.5k.s`, kubectl YAML and JSON); the graph-model build of the 5k cluster; the
 * policy linter on each size (`lint.<size>.s`); the 1-minute load average before each size
 * (`engine.loadAverage1m`). The what-if figures are their own group (bench/whatif.ts).
 * Targets: 5k < 3 s, 20k < 30 s (lint: 5k < 1 s, 20k < 10 s).
 * Medians of several runs. `BENCH_ENGINE_SIZES=5k,20k` limits the sizes.
 */
import { generateCluster, synthPresets, type SynthPresetName } from '../src/core/synth/cluster.ts';
import { loadInputs } from '../src/core/load/loadInputs.ts';
import type { Cluster } from '../src/core/model/cluster.ts';
import { compile, type EngineModel } from '../src/core/engine/compile.ts';
import { lint } from '../src/core/lint/lint.ts';
import { loadavg } from 'node:os';
import { connectivity, type Connectivity } from '../src/core/engine/connectivity.ts';
import { buildGraph } from '../src/core/graph/buildGraph.ts';
import { connectivityInput } from '../src/core/graph/fromEngine.ts';
import { defaultViewState, initialViewState } from '../src/core/graph/viewState.ts';
import { analyse } from '../src/workers/analyse.ts';
import { median, recordFigures, type Figure } from './lib/results.ts';

const sec = (ms: number): number => Math.round(ms) / 1000;

function timed<T>(f: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = f();
  return { value, ms: performance.now() - t0 };
}

function fig(values: readonly number[], unit = 's'): Figure {
  return { median: sec(median(values)), unit, runs: values.length };
}

/** Loads a preset (JSON: same Cluster as YAML, faster to parse) and checks it loaded cleanly. */
export function loadPreset(name: SynthPresetName): Cluster {
  const synth = generateCluster({ ...synthPresets[name], format: 'json' });
  const { cluster, diagnostics } = loadInputs(synth.files);
  const bad = diagnostics.filter((d) => d.severity !== 'info');
  if (bad.length > 0) console.warn(`  ${name}: ${bad.length} error/warning diagnostics while loading, first: ${bad[0]?.code} ${bad[0]?.message}`);
  console.log(`  ${name}: ${cluster.workloads.length} workloads, ${cluster.pods.length} pods, ${cluster.policies.length} policies, ${(synth.counts.bytes / 1e6).toFixed(0)} MB JSON`);
  return cluster;
}

export function benchEngine(name: SynthPresetName, runs: number): Record<string, Figure> {
  const cluster = loadPreset(name);
  const total: number[] = [];
  const compileMs: number[] = [];
  const connMs: number[] = [];
  const deniedMs: number[] = [];
  const analyseMs: number[] = [];
  let last: Connectivity | null = null;
  let model: EngineModel | null = null;
  let identities = 0;
  for (let r = 0; r < runs; r++) {
    // As the load worker runs it (src/workers/analyse.ts): compile with the cluster's own
    // settings, then connectivity with denied pairs (the graph's red edges).
    const c = timed(() => compile(cluster));
    const d = timed(() => connectivity(c.value, { includeDenied: true }));
    // The library's default (allowed pairs only: the CLI's `connectivity`), for comparison.
    const k = timed(() => connectivity(c.value));
    // The whole of the load worker's engine step: the above plus the graph's terms.
    const a = timed(() => analyse(cluster, null));
    if (a.value.engineError !== null) throw new Error(`bench engine: ${a.value.engineError}`);
    compileMs.push(c.ms);
    connMs.push(k.ms);
    deniedMs.push(d.ms);
    analyseMs.push(a.ms);
    total.push(c.ms + d.ms);
    last = d.value;
    model = c.value;
    identities = c.value.identities.length;
    console.log(
      `  ${name} run ${r + 1}: compile ${sec(c.ms)} s + connectivity with denied pairs ${sec(d.ms)} s (${d.value.edges.length} edges) = ${sec(c.ms + d.ms)} s; allowed pairs only ${sec(k.ms)} s (${k.value.edges.length} edges); analyse ${sec(a.ms)} s`,
    );
  }
  if (last) console.log(`  ${name}: ${identities} identities, ${last.peers.length} peers, ${last.edges.length} edges${last.truncated ? ' (TRUNCATED at maxEdges)' : ''}`);
  return {
    [`engine.${name}.s`]: fig(total),
    [`engine.${name}.compile.s`]: fig(compileMs),
    [`engine.${name}.connectivity.s`]: fig(connMs),
    [`engine.${name}.connectivityWithDenied.s`]: fig(deniedMs),
    [`engine.${name}.analyse.s`]: fig(analyseMs),
    ...(model ? benchLint(name, cluster, model, runs) : {}),
  };
}

/** The policy linter on the compiled cluster (what the app shows as findings): `lint.<size>.s`. */
export function benchLint(name: SynthPresetName, cluster: Cluster, model: EngineModel, runs: number): Record<string, Figure> {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const l = timed(() => lint(cluster, model));
    times.push(l.ms);
    console.log(`  ${name} run ${r + 1}: lint ${sec(l.ms)} s (${l.value.length} findings)`);
  }
  return { [`lint.${name}.s`]: fig(times) };
}

/**
 * The graph model the view draws, from the engine's output as the app computes it (connectivity
 * with denied pairs → ConnectivityInput → buildGraph): in the view a big cluster opens with
 * (tenants collapsed) and with everything expanded.
 */
export function benchGraph(name: SynthPresetName, runs: number): Record<string, Figure> {
  const cluster = loadPreset(name);
  const model = compile(cluster);
  const conn = connectivity(model, { includeDenied: true });
  const initial = initialViewState(cluster);
  const collapsed: number[] = [];
  const expanded: number[] = [];
  for (let r = 0; r < runs; r++) {
    const input = timed(() => connectivityInput(conn, cluster, model.settings));
    const g1 = timed(() => buildGraph({ cluster, connectivity: input.value, flows: null }, initial));
    const g2 = timed(() => buildGraph({ cluster, connectivity: input.value, flows: null }, defaultViewState));
    collapsed.push(input.ms + g1.ms);
    expanded.push(input.ms + g2.ms);
    console.log(
      `  ${name} run ${r + 1}: connectivityInput ${sec(input.ms)} s (${input.value.paths.length} paths); buildGraph collapsed ${sec(g1.ms)} s (${g1.value.nodes.length} nodes, ${g1.value.edges.length} edges), expanded ${sec(g2.ms)} s (${g2.value.nodes.length} nodes, ${g2.value.edges.length} edges)`,
    );
  }
  return { [`graph.${name}.s`]: fig(collapsed), [`graph.${name}.expanded.s`]: fig(expanded) };
}

export function benchLoad(name: SynthPresetName, runs: number): Record<string, Figure> {
  const out: Record<string, Figure> = {};
  for (const format of ['yaml', 'json'] as const) {
    const synth = generateCluster({ ...synthPresets[name], format });
    const times: number[] = [];
    for (let r = 0; r < runs; r++) times.push(timed(() => loadInputs(synth.files)).ms);
    const mb = synth.counts.bytes / 1e6;
    console.log(`  load ${name} ${format}: ${mb.toFixed(0)} MB in ${times.map((t) => sec(t)).join(' / ')} s`);
    out[format === 'yaml' ? `load.${name}.s` : `load.${name}.json.s`] = fig(times);
  }
  return out;
}

export async function run(): Promise<void> {
  const only = process.env['BENCH_ENGINE_SIZES']?.split(',') as SynthPresetName[] | undefined;
  const sizes: [SynthPresetName, number][] = (
    [
      ['1k', 5],
      ['5k', 5],
      ['20k', 3],
    ] as [SynthPresetName, number][]
  ).filter(([n]) => !only || only.includes(n));
  // How shared the machine was (2 cores): the 1-minute load average before each size.
  const loads: number[] = [];
  for (const [name, runs] of sizes) {
    loads.push(loadavg()[0] ?? 0);
    console.log(`engine ${name} (load average ${loadavg().map((x) => x.toFixed(1)).join(' ')})`);
    recordFigures(benchEngine(name, runs));
  }
  if (!only || only.includes('5k')) {
    console.log('graph 5k');
    recordFigures(benchGraph('5k', 3));
    console.log('load 5k');
    recordFigures(benchLoad('5k', 3));
  }
  recordFigures({ 'engine.loadAverage1m': { median: Math.round(median(loads) * 10) / 10, unit: 'load', runs: loads.length } });
}
