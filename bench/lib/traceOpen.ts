/**
 * Where the CPU goes when the app opens a synthetic cluster, thread by thread (the page's main
 * thread, the load worker): a Chromium trace with V8's sampling profiler on, cut at the moments
 * of the render bench (open, the load's `done` on the page, the first `graph`, complete: see
 * bench/README.md "render"). On a shared machine wall-clock figures say little; a thread's busy
 * time and where it went say what a change saved. Not a bench group: it records no figures.
 *
 *   npx tsx bench/lib/traceOpen.ts [--preset 20k] [--dist bench/out/render-dist] [--top 25] [--no-trace]
 *
 * The windows are the page's moments: a message counts when the page has it (deserialised), so
 * the worker's work after it posted `done` (the engine) shows partly in "open -> data".
 * `--no-trace`: without the profiler (and its cost); the load worker's user-timing marks are still
 * traced, so its windows' thread CPU is printed either way.
 * `--dist`: a `vite build --mode e2e` output (bench/render.ts builds one; `--minify false` gives
 * readable function names), built here when missing. Serves it on `BENCH_PORT` (4273). Writes
 * the trace to bench/out/trace-open.json.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { synthPresets, type SynthPresetName } from '../../src/core/synth/cluster.ts';
import { PAGE_SCRIPT } from '../render/frames.ts';
import { buildApp, launchChromium, startPreview, stopPreview } from './browser.ts';
import { ThreadCpu } from './threadCpu.ts';
import { writeSynth } from './writeSynth.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Options {
  readonly preset: SynthPresetName;
  readonly dist: string;
  readonly top: number;
  readonly trace: boolean;
}

function options(argv: readonly string[]): Options {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const preset = value('--preset') ?? '20k';
  if (!(preset in synthPresets)) throw new Error(`unknown preset ${preset}`);
  return { preset: preset as SynthPresetName, dist: resolve(root, value('--dist') ?? 'bench/out/render-dist'), top: Number(value('--top') ?? 25), trace: !argv.includes('--no-trace') };
}

/** The page's record: the file input's change, and when each worker message reached the page. */
const APP_SCRIPT = `(() => {
  const b = { open: null, messages: [] };
  window.__traceOpen = b;
  document.addEventListener('change', (e) => { if (e.target && e.target.type === 'file') b.open = performance.now(); }, true);
  const W = window.Worker;
  window.Worker = class extends W {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => { if (e.data && e.data.type !== 'progress') b.messages.push([e.data.type, performance.now()]); });
    }
  };
})();`;

/** Moments after open, in ms. */
interface Moments {
  readonly data: number;
  readonly graph: number;
  readonly complete: number;
}

interface TraceEvent {
  readonly ph?: string;
  readonly name?: string;
  readonly cat?: string;
  readonly pid?: number;
  readonly tid?: number;
  readonly id?: string;
  readonly ts?: number;
  readonly args?: { readonly name?: string; readonly data?: ProfileData };
}

interface ProfileNode {
  readonly id: number;
  readonly parent?: number;
  readonly callFrame: { readonly functionName: string; readonly url?: string };
}

interface ProfileData {
  readonly startTime?: number;
  readonly cpuProfile?: { readonly nodes?: readonly ProfileNode[]; readonly samples?: readonly number[] };
  readonly timeDeltas?: readonly number[];
}

interface Samples {
  readonly thread: string;
  readonly nodes: Map<number, ProfileNode>;
  /** [node id, time (µs, trace clock), duration (µs)] */
  readonly samples: [number, number, number][];
}

/** Each profiled thread's samples, from the trace's Profile and ProfileChunk events. */
function threadSamples(events: readonly TraceEvent[]): Samples[] {
  const names = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
  const profiles = new Map<string, { thread: string; start: number; nodes: Map<number, ProfileNode>; ids: number[]; deltas: number[] }>();
  for (const e of events) {
    const key = `${e.pid}:${e.id}`;
    if (e.name === 'Profile') profiles.set(key, { thread: names.get(`${e.pid}:${e.tid}`) ?? `${e.pid}:${e.tid}`, start: e.args?.data?.startTime ?? 0, nodes: new Map(), ids: [], deltas: [] });
    if (e.name !== 'ProfileChunk') continue;
    const p = profiles.get(key);
    const d = e.args?.data;
    if (!p || !d) continue;
    for (const n of d.cpuProfile?.nodes ?? []) p.nodes.set(n.id, n);
    p.ids.push(...(d.cpuProfile?.samples ?? []));
    p.deltas.push(...(d.timeDeltas ?? []));
  }
  return [...profiles.values()].map((p) => {
    let t = p.start;
    const samples = p.ids.map((id, i): [number, number, number] => {
      t += p.deltas[i] ?? 0;
      return [id, t, p.deltas[i + 1] ?? 0];
    });
    return { thread: p.thread, nodes: p.nodes, samples };
  });
}

/** Busy time and the top functions (self and inclusive, in ms) of a thread between two trace times. */
function summary(s: Samples, from: number, to: number, top: number): string | null {
  const label = (n: ProfileNode): string => `${n.callFrame.functionName || '(anonymous)'} ${(n.callFrame.url ?? '').split('/').pop() ?? ''}`;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busy = 0;
  for (const [id, when, dt] of s.samples) {
    if (when < from || when > to) continue;
    const node = s.nodes.get(id);
    if (!node || node.callFrame.functionName === '(idle)' || node.callFrame.functionName === '(program)') continue;
    busy += dt;
    self.set(label(node), (self.get(label(node)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let n: ProfileNode | undefined = node; n !== undefined; n = n.parent === undefined ? undefined : s.nodes.get(n.parent)) {
      const k = label(n);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
    }
  }
  if (busy < 20_000) return null;
  const list = (m: Map<string, number>): string =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `${(v / 1000).toFixed(0).padStart(7)} ${k}`)
      .join('\n');
  return `busy ${(busy / 1000).toFixed(0)} ms of ${((to - from) / 1000).toFixed(0)}\n-- self\n${list(self)}\n-- inclusive\n${list(inclusive)}`;
}

async function main(): Promise<void> {
  const o = options(process.argv.slice(2));
  if (!existsSync(join(o.dist, 'index.html')) && !buildApp(root, o.dist)) throw new Error('build failed');
  const dir = join(root, 'bench', 'out', 'render-synth', o.preset);
  const synth = writeSynth(dir, { ...synthPresets[o.preset], format: 'json' });
  const port = Number(process.env['BENCH_PORT'] ?? 4273);
  const preview = await startPreview(root, o.dist, port);
  if (!preview) throw new Error(`vite preview did not answer on port ${port}`);
  const browser = await launchChromium();
  try {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 }, bypassCSP: true })).newPage();
    await page.addInitScript(PAGE_SCRIPT);
    await page.addInitScript(APP_SCRIPT);
    await page.goto(`http://127.0.0.1:${port}/?demo=0`);
    await page.waitForFunction('window.__benchComplete !== undefined');
    // Without the profiler the user-timing marks alone are traced (the load worker's moments: cheap).
    await browser.startTracing(page, { categories: [...(o.trace ? ['disabled-by-default-v8.cpu_profiler'] : []), 'blink.user_timing'] });
    const threads = new ThreadCpu();
    threads.start();
    const complete = page.evaluate<{ drawn: number; answered: number }>(`(() => {
      performance.mark('trace-open-start');
      const api = () => window.__graphTestApi;
      return window.__benchComplete(() => !!(api() && api().lastDraw()) && !api().drawing() && !api().fitting(), '[data-testid="graph-canvas"]');
    })()`);
    await page.getByTestId('open-files').setInputFiles(synth.files.map((f) => join(dir, f.name)));
    const done = await complete;
    const b = await page.evaluate<{ open: number; messages: [string, number][]; start: number; origin: number }>(
      `({ ...window.__traceOpen, start: performance.getEntriesByName('trace-open-start')[0].startTime, origin: performance.timeOrigin })`,
    );
    await new Promise((r) => setTimeout(r, 200));
    threads.stop();
    const at = (type: string): number => (b.messages.find(([t]) => t === type)?.[1] ?? NaN) - b.open;
    const m: Moments = { data: at('done'), graph: at('graph'), complete: done.answered - b.open };
    console.log(`${o.preset}: open -> data ${m.data.toFixed(0)} ms, -> graph ${m.graph.toFixed(0)} ms, -> complete ${m.complete.toFixed(0)} ms`);
    console.log(`messages: ${b.messages.map(([t, when]) => `${t}@${(when - b.open).toFixed(0)}`).join(' ')}`);
    // Thread CPU time from /proc (not the profiler's busy time, which counts waiting for a core).
    const epoch = b.origin + b.open;
    for (const [name, from, to] of [
      ['open -> data', 0, m.data],
      ['data -> graph', m.data, m.graph],
      ['graph -> complete', m.graph, m.complete],
    ] as const)
      console.log(`thread CPU ms, ${name}: ${threads.between(epoch + from, epoch + to).map(([t, ms]) => `${t} ${ms.toFixed(0)}`).join(', ')}`);
    const text = (await browser.stopTracing()).toString();
    if (o.trace) {
      mkdirSync(join(root, 'bench', 'out'), { recursive: true });
      writeFileSync(join(root, 'bench', 'out', 'trace-open.json'), text);
    }
    const events = (JSON.parse(text) as { traceEvents: TraceEvent[] }).traceEvents;
    // The trace clock at the mark made just before the files were set, then page time from there.
    const mark = events.find((e) => e.name === 'trace-open-start' && e.cat?.includes('user_timing'))?.ts;
    if (mark === undefined) throw new Error('no user-timing mark in the trace');
    const openTs = mark + (b.open - b.start) * 1000;
    // The load worker's own moments (user-timing marks in load.worker.ts), in ms after open.
    const workerMark = (name: string): number | null => {
      const e = events.find((x) => x.name === name && x.cat?.includes('user_timing'));
      return e?.ts === undefined ? null : (e.ts - openTs) / 1000;
    };
    const read = workerMark('load:read');
    const sent = workerMark('load:sent');
    const engine = workerMark('load:engine');
    const built = workerMark('load:built');
    if (read !== null && sent !== null) console.log(`load worker: files read and parsed ${read.toFixed(0)} ms after open, the data sent ${sent.toFixed(0)} ms`);
    if (engine !== null && built !== null) console.log(`load worker: the engine's first step done ${engine.toFixed(0)} ms after open, the opening graph built ${built.toFixed(0)} ms`);
    const windows: [string, number, number][] = [
      ...(read !== null && sent !== null
        ? ([
            ['open -> read (worker mark load:read)', 0, read],
            ['read -> sent (worker mark load:sent)', read, sent],
            ['sent -> data on the page', sent, m.data],
          ] as [string, number, number][])
        : []),
      ...(sent !== null && engine !== null && built !== null
        ? ([
            ['sent -> engine (worker mark load:engine: compile, first step, connectivityInput)', sent, engine],
            ['engine -> built (worker mark load:built: buildGraph of the opening view)', engine, built],
          ] as [string, number, number][])
        : []),
      ['open -> data', 0, m.data],
      ['data -> graph', m.data, m.graph],
      ['graph -> complete', m.graph, m.complete],
    ];
    // Thread CPU (from /proc, the profiler's cost included) in the load worker's own windows.
    for (const [name, from, to] of windows.slice(0, windows.length - 3))
      console.log(`thread CPU ms, ${name}: ${threads.between(epoch + from, epoch + to).map(([t, ms]) => `${t} ${ms.toFixed(0)}`).join(', ')}`);
    if (!o.trace) return;
    for (const s of threadSamples(events))
      for (const [name, from, to] of windows) {
        const text = summary(s, openTs + from * 1000, openTs + to * 1000, o.top);
        if (text !== null) console.log(`\n### ${s.thread}, ${name}: ${text}`);
      }
  } finally {
    await browser.close();
    stopPreview(preview);
  }
}

await main();
