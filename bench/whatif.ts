/**
 * `npm run bench -- whatif`: the what-if worker's answer to one edited policy on the 5k and 20k
 * synthetic clusters (`whatif.N.*`, defined in bench/README.md), next to the same drafts with the
 * proposed set recomputed in full, measured in the same run; the 1-minute load average before
 * each size (`whatif.loadAverage1m`). Targets: `whatif.5k.s` < 0.5 s, `whatif.20k.s` < 2 s.
 * `BENCH_WHATIF_SIZES=5k` limits the sizes.
 */
import { loadavg } from 'node:os';
import { cpuUsage } from 'node:process';
import { stringify } from 'yaml';
import type { SynthPresetName } from '../src/core/synth/cluster.ts';
import type { Cluster } from '../src/core/model/cluster.ts';
import type { PolicyKey } from '../src/core/model/policy.ts';
import type { Draft } from '../src/core/whatif/types.ts';
import type { ViewState } from '../src/core/graph/types.ts';
import { initialViewState } from '../src/core/graph/viewState.ts';
import { WhatIfHost } from '../src/workers/whatifHost.ts';
import type { WhatIfMessage } from '../src/workers/whatifProtocol.ts';
import { loadPreset } from './engine.ts';
import { median, recordFigures, type Figure } from './lib/results.ts';

const sec = (ms: number): number => Math.round(ms) / 1000;

function fig(values: readonly number[], unit = 's'): Figure {
  return { median: sec(median(values)), unit, runs: values.length };
}

/** A loaded policy's manifest changed by `edit` (a deep copy), as the editor's YAML. */
function edited(cluster: Cluster, name: string, edit: (spec: Record<string, unknown>) => void): { key: PolicyKey; text: string } {
  const p = cluster.policies.find((x) => x.ref.name === name && x.manifest !== undefined);
  if (!p) throw new Error(`bench what-if: no policy ${name}`);
  const m = structuredClone(p.manifest) as { spec: Record<string, unknown> };
  edit(m.spec);
  return { key: p.key, text: stringify(m) };
}

/**
 * The what-if worker's work (`WhatIfHost`, run on this thread; the worker is a thin shell around
 * it) for one draft: `run` → the outcome message (the summary and change list the panel shows),
 * then `graph` for the opening view → the proposed graph with changes marked (what the canvas
 * shows). The loaded set's model and matrix (`whatif.N.base.s`) are computed when the session
 * starts, before the first draft. Each run uses a draft text not seen before (a new ports list),
 * as typing gives.
 */
function hostRun(host: WhatIfHost, drain: () => void, inbox: WhatIfMessage[], id: number, draft: Draft, view: ViewState): { run: number; runCpu: number; graph: number; outcome: WhatIfMessage } {
  inbox.length = 0;
  const c0 = cpuUsage();
  const t0 = performance.now();
  host.receive({ type: 'run', id, draft });
  drain();
  const t1 = performance.now();
  const c1 = cpuUsage(c0);
  host.receive({ type: 'graph', id: id + 1, run: id, view });
  const t2 = performance.now();
  const outcome = inbox.find((m) => m.id === id && m.type !== 'progress');
  const graph = inbox.find((m) => m.id === id + 1);
  if (outcome?.type !== 'outcome' || graph?.type !== 'graph') throw new Error(`bench what-if: unexpected answers ${inbox.map((m) => m.type).join(', ')}`);
  return { run: t1 - t0, runCpu: (c1.user + c1.system) / 1000, graph: t2 - t1, outcome };
}

/**
 * What-if figures of a preset: `whatif.N.s` one namespaced policy edited (the `same-tenant`
 * CiliumNetworkPolicy of a tenant namespace, its ingress narrowed to TCP/8080+k) from the draft
 * to the outcome; `whatif.N.graph.s` the proposed graph after it (an update of the loaded set's
 * graph), `whatif.N.graph.first.s` the first of them (it also builds the loaded set's graph at
 * the view), `whatif.N.graph.full.s` the proposed graph built in full (the full runs but the
 * first, which also builds the loaded set's graph); `whatif.N.clusterwide.s` one
 * cluster-wide policy edited (the `tenant-ingress-baseline` CCNP's metrics port, which every
 * tenant endpoint's ingress uses); `whatif.N.full.s` and `whatif.N.clusterwide.full.s` the same
 * drafts with the proposed set recomputed in full (compile, whole matrix, whole diff: the
 * reference the update is measured against, and the app's path before the update existed).
 */
export function benchWhatIf(name: SynthPresetName, runs: number, fullRuns: number): Record<string, Figure> {
  const cluster = loadPreset(name);
  const view = initialViewState(cluster);
  const out: Record<string, Figure> = {};
  const baseMs: number[] = [];
  let id = 1;
  for (const full of [false, true]) {
    const inbox: WhatIfMessage[] = [];
    // The worker's deferred tasks, run as soon as the message that queued them is handled.
    const tasks: (() => void)[] = [];
    const drain = () => {
      for (let t = tasks.shift(); t; t = tasks.shift()) t();
    };
    const host = new WhatIfHost((m) => inbox.push(m), (task) => tasks.push(task), { full });
    const t0 = performance.now();
    host.receive({ type: 'init', cluster, flows: null });
    drain();
    if (!full) baseMs.push(performance.now() - t0);
    const n = full ? fullRuns : runs;
    for (const [label, policy, edit] of [
      ['', 'same-tenant', (spec: Record<string, unknown>, k: number) => ((spec['ingress'] as Record<string, unknown>[])[0]!['toPorts'] = [{ ports: [{ port: String(8080 + k), protocol: 'TCP' }] }])],
      ['.clusterwide', 'tenant-ingress-baseline', (spec: Record<string, unknown>, k: number) => (((spec['ingress'] as { toPorts: { ports: { port: string }[] }[] }[])[1]!.toPorts[0]!.ports[0]!.port = String(9091 + k)))],
    ] as const) {
      const times: number[] = [];
      const cpus: number[] = [];
      const graphs: number[] = [];
      for (let r = 0; r < n; r++) {
        const e = edited(cluster, policy, (spec) => edit(spec, r));
        const h = hostRun(host, drain, inbox, id, { documents: [{ id: 'bench', replaces: e.key, name: 'bench', text: e.text }], removed: [] }, view);
        id += 2;
        times.push(h.run);
        cpus.push(h.runCpu);
        graphs.push(h.graph);
        const o = h.outcome.type === 'outcome' ? h.outcome.outcome : null;
        console.log(`  ${name} ${full ? 'full' : 'update'} ${policy} run ${r + 1}: outcome ${sec(h.run)} s (CPU ${sec(h.runCpu)} s, ${o?.changes.length ?? 0} paths change), graph ${sec(h.graph)} s`);
      }
      out[`whatif.${name}${label}${full ? '.full' : ''}.s`] = fig(times);
      out[`whatif.${name}${label}${full ? '.full' : ''}.cpu.s`] = fig(cpus);
      if (label === '' && !full) {
        out[`whatif.${name}.graph.s`] = fig(graphs);
        out[`whatif.${name}.graph.first.s`] = fig(graphs.slice(0, 1));
      }
      // The first full run's graph also builds the loaded set's graph: left out of the reference.
      if (label === '' && full && graphs.length > 1) out[`whatif.${name}.graph.full.s`] = fig(graphs.slice(1));
    }
  }
  out[`whatif.${name}.base.s`] = fig(baseMs);
  return out;
}

export async function run(): Promise<void> {
  const only = process.env['BENCH_WHATIF_SIZES']?.split(',');
  const loads: number[] = [];
  for (const [name, runs, fullRuns] of [
    ['5k', 5, 3],
    ['20k', 3, 2],
  ] as const)
    if (!only || only.includes(name)) {
      loads.push(loadavg()[0] ?? 0);
      console.log(`what-if ${name} (load average ${loadavg().map((x) => x.toFixed(1)).join(' ')})`);
      recordFigures(benchWhatIf(name, runs, fullRuns));
    }
  recordFigures({ 'whatif.loadAverage1m': { median: Math.round(median(loads) * 10) / 10, unit: 'load', runs: loads.length } });
}
