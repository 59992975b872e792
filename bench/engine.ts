/**
 * `npm run bench -- engine`: full connectivity (compile + connectivity) of synthetic clusters of
 * 1k / 5k / 20k workloads (5k: 200 tenants, 1,000 policies: issue #3's acceptance case), loaded
 * through the real loader; plus the load itself (`load.5k.s`, kubectl YAML and JSON) and the
 * graph-model build of the 5k cluster; the policy linter on each size (`lint.<size>.s`); and a
 * what-if on the 5k cluster (`whatif.5k.s`, one policy edited and one deleted, diffed).
 * Targets: 5k < 3 s, 20k < 30 s (lint: 5k < 1 s, 20k < 10 s). Medians of several runs.
 */
import { generateCluster, synthPresets, type SynthPresetName } from '../src/core/synth/cluster.ts';
import { loadInputs } from '../src/core/load/loadInputs.ts';
import type { Cluster } from '../src/core/model/cluster.ts';
import { compile, type EngineModel } from '../src/core/engine/compile.ts';
import { lint } from '../src/core/lint/lint.ts';
import { policyText } from '../src/core/whatif/editable.ts';
import { runWhatIf, whatIfBase } from '../src/core/whatif/whatIf.ts';
import { connectivity, type Connectivity } from '../src/core/engine/connectivity.ts';
import { buildGraph } from '../src/core/graph/buildGraph.ts';
import { connectivityInput } from '../src/core/graph/fromEngine.ts';
import { defaultViewState, initialViewState } from '../src/core/graph/viewState.ts';
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
function loadPreset(name: SynthPresetName): Cluster {
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
  let last: Connectivity | null = null;
  let model: EngineModel | null = null;
  let identities = 0;
  for (let r = 0; r < runs; r++) {
    const c = timed(() => compile(cluster));
    const k = timed(() => connectivity(c.value));
    // What the app asks for (denied pairs too, for the graph's red edges).
    const d = timed(() => connectivity(c.value, { includeDenied: true }));
    compileMs.push(c.ms);
    connMs.push(k.ms);
    deniedMs.push(d.ms);
    total.push(c.ms + k.ms);
    last = k.value;
    model = c.value;
    identities = c.value.identities.length;
    console.log(`  ${name} run ${r + 1}: compile ${sec(c.ms)} s + connectivity ${sec(k.ms)} s = ${sec(c.ms + k.ms)} s; connectivity with denied pairs ${sec(d.ms)} s (${d.value.edges.length} edges)`);
  }
  if (last) console.log(`  ${name}: ${identities} identities, ${last.peers.length} peers, ${last.edges.length} edges${last.truncated ? ' (TRUNCATED at maxEdges)' : ''}`);
  return {
    [`engine.${name}.s`]: fig(total),
    [`engine.${name}.compile.s`]: fig(compileMs),
    [`engine.${name}.connectivity.s`]: fig(connMs),
    [`engine.${name}.connectivityWithDenied.s`]: fig(deniedMs),
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

/**
 * A what-if as the editor runs it after each pause in typing: one policy edited (its rules' text
 * round-tripped, so nothing changes) and one deleted, applied and diffed against the loaded set
 * whose model and connectivity are computed once (`whatIfBase`, reported apart).
 */
export function benchWhatIf(name: SynthPresetName, runs: number): Record<string, Figure> {
  const cluster = loadPreset(name);
  const base = timed(() => whatIfBase(cluster, null));
  const [edited, deleted] = cluster.policies.filter((p) => p.manifest !== undefined);
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const draft = {
      documents: edited ? [{ id: 'd', replaces: edited.key, name: 'bench', text: policyText(edited) ?? '' }] : [],
      removed: deleted ? [deleted.key] : [],
    };
    const w = timed(() => runWhatIf(base.value, draft));
    times.push(w.ms);
    console.log(`  ${name} run ${r + 1}: what-if ${sec(w.ms)} s (${w.value.outcome.changes.length} paths change)`);
  }
  return { [`whatif.${name}.base.s`]: fig([base.ms]), [`whatif.${name}.s`]: fig(times) };
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
  for (const [name, runs] of sizes) {
    console.log(`engine ${name}`);
    recordFigures(benchEngine(name, runs));
  }
  if (!only || only.includes('5k')) {
    console.log('graph 5k');
    recordFigures(benchGraph('5k', 3));
    console.log('load 5k');
    recordFigures(benchLoad('5k', 3));
    console.log('what-if 5k');
    recordFigures(benchWhatIf('5k', 3));
  }
}
