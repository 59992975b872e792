/**
 * The load worker's data -> model steps on a synthetic cluster, in Node, process CPU per step
 * (`process.cpuUsage`, user + system), each step after a forced GC (run with --expose-gc):
 * compile, the matrix's first step (`connectivityInSteps`, the deferred pairs left out),
 * `connectivityInput`, `buildGraph` of the opening view, as src/workers/load.worker.ts runs them.
 *
 *   node --expose-gc --import tsx bench/lib/engineSteps.ts [--preset 20k] [--runs 5] [--root DIR]
 *
 * `--cold`: the first run only, without the separate computeIdentities (the load worker runs each
 * step once, cold): run it in several processes, interleaved. `--root`: the source tree to time
 * (another worktree: A/B in alternating processes on one input).
 * Not a bench group: it records no figures.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';

const argv = process.argv.slice(2);
const value = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const root = resolve(value('--root') ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..'));
const preset = value('--preset') ?? '20k';
const runs = Number(value('--runs') ?? 5);
const classes = argv.includes('--classes');
const cold = argv.includes('--cold');
let classText = '';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the modules of another tree (--root), typed by their use here
const src = (p: string): Promise<any> => import(join(root, 'src', p));

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let cpuEnd = 0;
function step<T>(out: Record<string, number[]>, name: string, f: () => T): T {
  gc();
  const t0 = cpu();
  const v = f();
  cpuEnd = cpu();
  (out[name] ??= []).push(cpuEnd - t0);
  return v;
}

const { generateCluster, synthPresets } = await src('core/synth/cluster.ts');
const { loadInputs } = await src('core/load/loadInputs.ts');
const { compile } = await src('core/engine/compile.ts');
const { connectivityInSteps } = await src('core/engine/connectivity.ts');
const { connectivityInput } = await src('core/graph/fromEngine.ts');
const { buildGraph } = await src('core/graph/buildGraph.ts');
const { initialViewState } = await src('core/graph/viewState.ts');
const { deferredPairs } = await src('core/graph/deferredPairs.ts');
const { computeIdentities } = await src('core/identity/identities.ts');

const synth = generateCluster({ ...synthPresets[preset], format: 'json' });
const { cluster } = loadInputs(synth.files);
const view = initialViewState(cluster);
const out: Record<string, number[]> = {};
let shape = '';
for (let r = 0; r <= (cold ? 0 : runs); r++) {
  const o = r === 0 && !cold ? {} : out;
  // Cold, compile's own computeIdentities must be the first (the separate one would warm it).
  if (!cold) step(o, 'computeIdentities', () => computeIdentities(cluster));
  const model = step(o, 'compile', () => compile(cluster));
  const deferred = step(o, 'deferredPairs', () => deferredPairs(cluster, view));
  // deferKeys is asked between the matrix's per-party setup and its pairs: the split of the step.
  let keysAt = 0;
  const keysOf = (peers: unknown) => {
    keysAt = cpu();
    return deferred.keysOf(peers);
  };
  const steps = step(o, 'matrixFirst', () => connectivityInSteps(model, { includeDenied: true }, keysOf, classes));
  const first = steps.first;
  const standsFor = steps.standsFor ?? new Map();
  classText = `${standsFor.size} classes of ${[...standsFor.values()].reduce((n: number, l: number[]) => n + l.length, 0)} identities`;
  if (r > 0 || cold) {
    const at = (out['matrixFirst'] as number[]).length - 1;
    const all = (out['matrixFirst'] as number[])[at] as number;
    (out['  setup'] ??= []).push(all - (cpuEnd - keysAt));
    (out['  pairs'] ??= []).push(cpuEnd - keysAt);
  }
  const input = step(o, 'connectivityInput', () => connectivityInput(first, cluster, model.settings, { standsFor }));
  const g = step(o, 'buildGraph', () => buildGraph({ cluster, connectivity: input, flows: null }, view));
  shape = `${model.identities.length} identities, ${first.edges.length} pairs, ${input.paths.length} paths, ${g.nodes.length} nodes, ${g.edges.length} edges; ${classText}`;
}
const med = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};
console.log(`${root} ${preset}: ${shape}; load ${loadavg()[0]?.toFixed(1)}`);
let total = 0;
for (const [k, xs] of Object.entries(out)) {
  if (k !== 'computeIdentities' && !k.startsWith(' ')) total += med(xs);
  console.log(`  ${k.padEnd(18)} median ${med(xs).toFixed(0).padStart(5)} ms  [${xs.map((x) => x.toFixed(0)).join(' ')}]`);
}
console.log(`  total (without the separate computeIdentities) ${total.toFixed(0)} ms`);
