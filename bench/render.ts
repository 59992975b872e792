/**
 * `npm run bench -- render`: the built app (`vite build --mode e2e`, test API compiled in) under
 * `vite preview`, in headless Chromium, opening synthetic clusters (src/core/synth presets), and,
 * in the same run, bare Cytoscape drawing the same elements (bench/render/, served at /bare/).
 * What each figure includes and leaves out: bench/README.md ("render"). In short, per scenario S:
 * `200`, `1k`, `5k`, `20k` (the cluster as the app opens it: above 300 workloads every group
 * collapsed) and `5kExpanded` (the 5k cluster after a click on "Expand all"):
 * - `render.S.openToComplete.ms`: the user's action (the file input's change event; the click on
 *   "Expand all") → every element of the model in Cytoscape, drawn, the automatic fit over, and
 *   a click on the canvas handled (bench/render/frames.ts);
 * - `render.S.complete.ms`: the same end, from the model reaching the page (the load worker's
 *   `graph` message, deserialised): the part that bare Cytoscape's `complete` also does;
 * - `render.S.bareCytoscape.complete.ms` / `render.S.bareCytoscapeChunked.complete.ms`: bare
 *   Cytoscape, elements in memory → the same end, everything added at once / in the app's chunks;
 *   `render.S.vsBareCytoscape.ratio`, `…vsBareCytoscapeChunked.ratio`: complete / bare complete,
 *   per run (the two measured one after the other), median over runs;
 * - `render.S.firstPaint.ms`: model on the page → the first frame with elements of it drawn (not
 *   all of them: big models are added in chunks); `firstFrame` and `openToFrame` (older names)
 *   are the same frame, from the model / from the action;
 * - `render.S.pan.{p50,p95,max}.ms`, `render.S.zoom.{p50,p95,max}.ms` and the same for
 *   `bareCytoscape`: frame intervals over a scripted drag / wheel gesture, start and end redraws
 *   included; `render.S.panFrame.ms` (older name): p50 of both gestures' intervals together;
 * - `render.S.openToData.ms`, `render.S.longTaskLoad.ms`, `render.S.longTaskDraw.ms` (opened
 *   scenarios only): the load's share, and the worst main-thread long tasks during load and draw.
 * `BENCH_RENDER_SIZES=5k,5kExpanded` limits the scenarios (`5kExpanded` needs `5k`'s page and runs
 * after it), `BENCH_RENDER_RUNS=N` overrides the runs, `BENCH_RENDER_APP_STYLE=0` leaves out bare
 * Cytoscape with the app's stylesheet (`bareCytoscapeAppStyle`, all at once), `BENCH_PORT` the port,
 * `BENCH_RENDER_TIMEOUT_S` the wait for completion (600), `BENCH_RENDER_REUSE_BUILD=1` skips the build.
 * Targets (issue #18): 5k and 20k open to complete < 3 s; 5k and 5k expanded ≤ 1.5 × bare
 * Cytoscape complete; pan p95 at 5k expanded ≤ 50 ms.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from '@playwright/test';
import type { ElementDefinition } from 'cytoscape';
import { compile } from '../src/core/engine/compile.ts';
import { connectivity } from '../src/core/engine/connectivity.ts';
import { buildGraph } from '../src/core/graph/buildGraph.ts';
import { connectivityInput } from '../src/core/graph/fromEngine.ts';
import type { GraphInputs, ViewState } from '../src/core/graph/types.ts';
import { chooseOpening } from '../src/core/graph/opening.ts';
import { initialViewState } from '../src/core/graph/viewState.ts';
import { loadInputs } from '../src/core/load/loadInputs.ts';
import { synthPresets, type SynthFile, type SynthPresetName } from '../src/core/synth/cluster.ts';
import { isBigGraph, isHugeGraph, tooBigToOpen } from '../src/ui/graph/canvasOptions.ts';
import { toElements } from '../src/ui/graph/cyPatch.ts';
import { buildApp, launchChromium, startPreview, stopPreview } from './lib/browser.ts';
import { median, recordFigures, type Figure } from './lib/results.ts';
import { writeSynth } from './lib/writeSynth.ts';
import type { BareRequest, BareResult } from './render/main.ts';
import { frameStats, PAGE_SCRIPT } from './render/frames.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'bench', 'out', 'render-dist');
const synthDir = join(root, 'bench', 'out', 'render-synth');
const PORT = Number(process.env['BENCH_PORT'] ?? 4273);
const base = `http://127.0.0.1:${PORT}`;
/** A scenario not complete within this is reported as not rendering. */
const COMPLETE_TIMEOUT_MS = Number(process.env['BENCH_RENDER_TIMEOUT_S'] ?? 600) * 1000;
const VIEWPORT = { width: 1400, height: 900 };
const CANVAS = '[data-testid="graph-canvas"]';
/**
 * Where the gestures' events go: Cytoscape's container, where it listens for wheel events (they
 * went to the element around it before, never reached Cytoscape, and the app's `zoom` figures
 * were idle frames: 5k expanded zoom max 17 ms, bare Cytoscape's 4,475 ms).
 */
const GESTURE_TARGET = `${CANVAS} .graph-canvas-cy`;

interface Cluster {
  readonly name: string;
  readonly preset: SynthPresetName;
  readonly runs: number;
  /** Also measure the cluster fully expanded (`<name>Expanded`), after the opened one, on its page. */
  readonly expanded: boolean;
}

const CLUSTERS: readonly Cluster[] = [
  { name: '200', preset: '200', runs: 3, expanded: false },
  { name: '1k', preset: '1k', runs: 3, expanded: false },
  { name: '5k', preset: '5k', runs: 2, expanded: true },
  { name: '20k', preset: '20k', runs: 2, expanded: false },
];

/** In-page instrumentation of the app: the user's actions, the worker's graph models, long tasks. */
const APP_SCRIPT = `(() => {
  const b = { fileChange: null, expandClick: null, graphs: [], data: null, tasks: [] };
  window.__bench = b;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) b.tasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: false });
  document.addEventListener('change', (e) => {
    if (e.target && e.target.type === 'file') b.fileChange = performance.now();
  }, true);
  document.addEventListener('click', (e) => {
    if (e.target && e.target.closest && e.target.closest('[data-testid="graph-expand-all"]')) b.expandClick = performance.now();
  }, true);
  const W = window.Worker;
  window.Worker = class extends W {
    constructor(...args) {
      super(...args);
      // Reading the message's type deserialises it here rather than in the app's handler: same cost.
      this.addEventListener('message', (e) => {
        const now = performance.now();
        if (e.data && e.data.type === 'done' && b.data === null) b.data = now;
        if (e.data && e.data.type === 'graph') b.graphs.push(now);
      });
    }
  };
})();`;

/**
 * Waits (in the page) for the first paint and the completion of the next drawing started after
 * this call (of `size` nodes and edges when given: the first drawing of a load is whatever the
 * app opens with). A string: see bench/render/frames.ts.
 */
function watchDrawing(page: Page, size: { nodes: number; edges: number } | null): Promise<{ first: number; drawn: number; answered: number }> {
  const match = size === null ? 'true' : `d.nodes === ${size.nodes} && d.edges === ${size.edges}`;
  return page.evaluate<{ first: number; drawn: number; answered: number }>(`(() => {
    const api = () => window.__graphTestApi;
    const mine = () => { const d = api() && api().lastDraw(); return d && ${match} ? d : null; };
    const first = window.__benchFrameAfter(() => { const d = mine(); return d !== null && d.steps > 0; });
    const done = window.__benchComplete(() => mine() !== null && !api().drawing() && !api().fitting(), ${JSON.stringify(CANVAS)});
    return Promise.all([first, done]).then(([f, d]) => ({ first: f, drawn: d.drawn, answered: d.answered }));
  })()`);
}

interface Gestures {
  readonly pan: number[];
  readonly zoom: number[];
}

async function gestures(page: Page, selector: string): Promise<Gestures> {
  const run = (kind: 'pan' | 'zoom'): Promise<number[]> => page.evaluate<number[]>(`window.__benchGesture(document.querySelector(${JSON.stringify(selector)}), '${kind}')`);
  const zoom = await run('zoom');
  await page.waitForTimeout(300);
  const pan = await run('pan');
  return { pan, zoom };
}

interface Reference {
  readonly elements: ElementDefinition[];
  readonly nodes: number;
  readonly edges: number;
  readonly big: boolean;
  readonly huge: boolean;
}

interface Analysed {
  readonly inputs: GraphInputs;
  readonly opened: ViewState;
}

function analyse(files: readonly SynthFile[]): Analysed {
  const { cluster } = loadInputs(files);
  const model = compile(cluster);
  const conn = connectivityInput(connectivity(model, { includeDenied: true }), cluster, model.settings);
  return { inputs: { cluster, connectivity: conn, flows: null }, opened: initialViewState(cluster) };
}

function referenceOf(inputs: GraphInputs, view: ViewState): Reference {
  const g = buildGraph(inputs, view);
  const elements = toElements(g);
  // Edges as drawn: the model's paths and its bundle lines (the bundled paths are in `cy` too, hidden).
  const edges = elements.filter((d) => d.group === 'edges').length;
  return { elements, nodes: g.nodes.length, edges, big: isBigGraph(g), huge: isHugeGraph(g) };
}

/**
 * The elements the app opens with in a stage of `stage` pixels: its own `toElements(buildGraph(…))`
 * for the view it opens at (src/ui/graph/useOpening.ts: collapsed above 300 workloads, the tenants
 * as one node where even a 1920×1080 window cannot show them readably, and then the level
 * `chooseOpening` picks for the stage).
 */
function openedReference(a: Analysed, stage: { w: number; h: number }): Reference {
  let view = a.opened;
  const first = buildGraph(a.inputs, view);
  if (first.groups.length > 0) {
    const collapsed = view.collapsed.length === 0 && tooBigToOpen(first) ? first.groups : (chooseOpening(first, stage)?.collapsed ?? null);
    const now = [...view.collapsed].sort();
    if (collapsed !== null && !(collapsed.length === now.length && collapsed.every((g, i) => g === now[i]))) view = { ...view, collapsed: [...collapsed].sort() };
  }
  return referenceOf(a.inputs, view);
}

interface AppMeasure {
  readonly openToComplete: number;
  readonly complete: number;
  readonly firstPaint: number;
  readonly openToFrame: number;
  readonly openToData?: number;
  readonly longTaskLoad?: number;
  readonly longTaskDraw: number;
  readonly gestures: Gestures;
  readonly viewport: { zoom: number; pan: { x: number; y: number } };
  readonly size: { width: number; height: number };
  /** The box the app chose its opening level for (`.graph-stage`). */
  readonly stage: { w: number; h: number };
  readonly counts: { nodes: number; edges: number };
}

interface BenchState {
  fileChange: number;
  expandClick: number | null;
  graphs: number[];
  data: number;
  tasks: { start: number; duration: number }[];
}

const readBench = (page: Page): Promise<BenchState> => page.evaluate<BenchState>('window.__bench');

async function measureApp(page: Page, open: number, drawingDone: { first: number; drawn: number; answered: number }, withLoad: boolean): Promise<Omit<AppMeasure, 'gestures'>> {
  const b = await readBench(page);
  const graph = b.graphs.find((t) => t >= open) ?? NaN;
  const worst = (from: number, to: number): number => Math.max(0, ...b.tasks.filter((t) => t.start >= from && t.start <= to).map((t) => t.duration));
  const info = await page.evaluate(() => ({
    viewport: window.__graphTestApi?.viewport() ?? { zoom: 1, pan: { x: 0, y: 0 } },
    size: window.__graphTestApi?.size() ?? { width: 0, height: 0 },
    counts: window.__graphTestApi?.elementCount() ?? { nodes: 0, edges: 0 },
    stage: ((r) => ({ w: r?.width ?? 0, h: r?.height ?? 0 }))(document.querySelector('.graph-stage')?.getBoundingClientRect()),
  }));
  return {
    openToComplete: drawingDone.answered - open,
    complete: drawingDone.answered - graph,
    firstPaint: drawingDone.first - graph,
    openToFrame: drawingDone.first - open,
    ...(withLoad ? { openToData: b.data - open, longTaskLoad: worst(open, b.data) } : {}),
    longTaskDraw: worst(graph, drawingDone.drawn),
    ...info,
  };
}

async function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not complete within ${COMPLETE_TIMEOUT_MS / 1000} s`)), COMPLETE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** One app run: open the files (and expand all); the opened and expanded measures. */
async function runApp(browser: Browser, name: string, paths: readonly string[], expanded: Reference | null): Promise<{ opened: AppMeasure; expanded: AppMeasure | null }> {
  const context = await browser.newContext({ viewport: VIEWPORT, bypassCSP: true });
  try {
    const page = await context.newPage();
    await page.addInitScript(PAGE_SCRIPT);
    await page.addInitScript(APP_SCRIPT);
    // `demo=0`: start empty, not on the built-in demo.
    await page.goto(`${base}/?demo=0`);
    await page.waitForFunction('window.__benchComplete !== undefined');
    const watch = watchDrawing(page, null);
    await page.getByTestId('open-files').setInputFiles([...paths]);
    const done = await withTimeout(watch, 'opened');
    const b = await readBench(page);
    const o = await measureApp(page, b.fileChange, done, true);
    const og = await gestures(page, GESTURE_TARGET);
    const openedMeasure: AppMeasure = { ...o, gestures: og };
    console.log(appLine(name, openedMeasure));
    if (expanded === null) return { opened: openedMeasure, expanded: null };
    // Back to the automatic view (the gestures moved it), so expanding fits as it would.
    await page.getByTestId('graph-fit').click();
    await page.waitForFunction(() => window.__graphTestApi?.fitting() === false);
    await page.waitForTimeout(300);
    const watchX = watchDrawing(page, expanded);
    await page.getByTestId('graph-expand-all').click();
    const doneX = await withTimeout(watchX, 'expanded');
    const click = (await readBench(page)).expandClick ?? NaN;
    const x = await measureApp(page, click, doneX, false);
    const xg = await gestures(page, GESTURE_TARGET);
    const expandedMeasure: AppMeasure = { ...x, gestures: xg };
    console.log(appLine(`${name}Expanded`, expandedMeasure));
    return { opened: openedMeasure, expanded: expandedMeasure };
  } finally {
    await context.close();
  }
}

interface BareMeasure extends BareResult {
  readonly gestures: Gestures | null;
}

async function runBare(browser: Browser, url: string, req: BareRequest, withGestures: boolean): Promise<BareMeasure> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    await page.addInitScript(PAGE_SCRIPT);
    await page.goto(`${base}/bare/`);
    await page.waitForFunction(() => window.__bare !== undefined);
    await page.evaluate((u) => window.__bare?.load(u), url);
    const r = await withTimeout(
      page.evaluate((q) => (window.__bare as { render(r: BareRequest): Promise<BareResult> }).render(q), req),
      'bare',
    );
    return { ...r, gestures: withGestures ? await gestures(page, '#cy') : null };
  } finally {
    await context.close();
  }
}

function build(): boolean {
  if (!buildApp(root, outDir)) return false;
  const bare = spawnSync('npx', ['vite', 'build', join('bench', 'render'), '--outDir', join(outDir, 'bare'), '--emptyOutDir'], { cwd: root, stdio: 'inherit' });
  return bare.status === 0;
}

const ms = (values: readonly number[]): Figure => ({ median: Math.round(median(values)), unit: 'ms', runs: values.length });
const ratio = (values: readonly number[]): Figure => ({ median: Math.round(median(values) * 100) / 100, unit: 'ratio', runs: values.length });
const r0 = (v: number): string => String(Math.round(v));

function gestureFigures(prefix: string, runs: readonly Gestures[]): Record<string, Figure> {
  const out: Record<string, Figure> = {};
  for (const kind of ['pan', 'zoom'] as const) {
    const stats = runs.map((g) => frameStats(g[kind]));
    out[`${prefix}.${kind}.p50.ms`] = ms(stats.map((s) => s.p50));
    out[`${prefix}.${kind}.p95.ms`] = ms(stats.map((s) => s.p95));
    out[`${prefix}.${kind}.max.ms`] = ms(stats.map((s) => s.max));
  }
  out[`${prefix}.panFrame.ms`] = ms(runs.map((g) => frameStats([...g.pan, ...g.zoom]).p50));
  return out;
}

const gestureLine = (g: Gestures): string => {
  const p = frameStats(g.pan);
  const z = frameStats(g.zoom);
  return `pan p50/p95/max ${r0(p.p50)}/${r0(p.p95)}/${r0(p.max)} ms, zoom ${r0(z.p50)}/${r0(z.p95)}/${r0(z.max)} ms`;
};

interface Scenario {
  readonly name: string;
  readonly ref: Reference;
  readonly url: string;
  readonly app: AppMeasure[];
  readonly bare: BareMeasure[];
  readonly chunked: BareMeasure[];
  readonly appStyle: BareMeasure[];
}

async function measureBare(browser: Browser, s: Scenario, a: AppMeasure): Promise<void> {
  const req = (way: BareRequest['way'], style: BareRequest['style']): BareRequest => ({ way, style, big: s.ref.big, huge: s.ref.huge, width: a.size.width, height: a.size.height, viewport: a.viewport });
  const b = await runBare(browser, s.url, req('all', 'minimal'), true);
  s.bare.push(b);
  const c = await runBare(browser, s.url, req('chunked', 'minimal'), false);
  s.chunked.push(c);
  let line = `    bare Cytoscape: all at once complete ${r0(b.complete)} ms (first paint ${r0(b.firstPaint)} ms), ${b.gestures ? gestureLine(b.gestures) : ''}; chunked complete ${r0(c.complete)} ms (first paint ${r0(c.firstPaint)} ms)`;
  if (process.env['BENCH_RENDER_APP_STYLE'] !== '0') {
    const st = await runBare(browser, s.url, req('all', 'app'), false);
    s.appStyle.push(st);
    line += `; app stylesheet, all at once, complete ${r0(st.complete)} ms`;
  }
  console.log(line);
  const st = s.appStyle.length === s.bare.length ? s.appStyle[s.appStyle.length - 1] : undefined;
  console.log(`    ratios: app / bare ${(a.complete / b.complete).toFixed(2)}, app / bare chunked ${(a.complete / c.complete).toFixed(2)}` + (st ? `, app / bare with the app's stylesheet ${(a.complete / st.complete).toFixed(2)}` : ''));
}

function figuresOf(s: Scenario): Record<string, Figure> {
  const p = `render.${s.name}`;
  const f: Record<string, Figure> = {};
  const n = Math.min(s.app.length, s.bare.length, s.chunked.length);
  if (s.app.length > 0) {
    const app = s.app;
    f[`${p}.openToComplete.ms`] = ms(app.map((a) => a.openToComplete));
    f[`${p}.complete.ms`] = ms(app.map((a) => a.complete));
    f[`${p}.firstPaint.ms`] = ms(app.map((a) => a.firstPaint));
    f[`${p}.firstFrame.ms`] = ms(app.map((a) => a.firstPaint));
    f[`${p}.openToFrame.ms`] = ms(app.map((a) => a.openToFrame));
    f[`${p}.longTaskDraw.ms`] = ms(app.map((a) => a.longTaskDraw));
    const withLoad = app.filter((a) => a.openToData !== undefined);
    if (withLoad.length > 0) {
      f[`${p}.openToData.ms`] = ms(withLoad.map((a) => a.openToData as number));
      f[`${p}.longTaskLoad.ms`] = ms(withLoad.map((a) => a.longTaskLoad as number));
    }
    Object.assign(f, gestureFigures(p, app.map((a) => a.gestures)));
  }
  if (s.bare.length > 0) {
    f[`${p}.bareCytoscape.complete.ms`] = ms(s.bare.map((b) => b.complete));
    f[`${p}.bareCytoscape.firstFrame.ms`] = ms(s.bare.map((b) => b.drawn));
    Object.assign(f, gestureFigures(`${p}.bareCytoscape`, s.bare.flatMap((b) => (b.gestures ? [b.gestures] : []))));
  }
  if (s.chunked.length > 0) {
    f[`${p}.bareCytoscapeChunked.complete.ms`] = ms(s.chunked.map((b) => b.complete));
    f[`${p}.bareCytoscapeChunked.firstPaint.ms`] = ms(s.chunked.map((b) => b.firstPaint));
  }
  if (s.appStyle.length > 0) f[`${p}.bareCytoscapeAppStyle.complete.ms`] = ms(s.appStyle.map((b) => b.complete));
  if (n > 0) {
    f[`${p}.vsBareCytoscape.ratio`] = ratio(s.app.slice(0, n).map((a, i) => a.complete / (s.bare[i] as BareMeasure).complete));
    f[`${p}.vsBareCytoscapeChunked.ratio`] = ratio(s.app.slice(0, n).map((a, i) => a.complete / (s.chunked[i] as BareMeasure).complete));
  }
  const m = Math.min(s.app.length, s.appStyle.length);
  if (m > 0) f[`${p}.vsBareCytoscapeAppStyle.ratio`] = ratio(s.app.slice(0, m).map((a, i) => a.complete / (s.appStyle[i] as BareMeasure).complete));
  return f;
}

function appLine(name: string, a: AppMeasure): string {
  const load = a.openToData !== undefined ? `open→data ${r0(a.openToData)} ms, ` : '';
  return `    app ${name}: open→complete ${r0(a.openToComplete)} ms (${load}model→complete ${r0(a.complete)} ms, first paint ${r0(a.firstPaint)} ms; ${a.counts.nodes} nodes, ${a.counts.edges} edges), ${gestureLine(a.gestures)}, worst long task while drawing ${r0(a.longTaskDraw)} ms`;
}

export async function run(): Promise<void> {
  console.log('building the app (mode e2e) and the bare Cytoscape page');
  if (process.env['BENCH_RENDER_REUSE_BUILD'] === '1') console.log('reusing the build in bench/out/render-dist');
  else if (!build()) {
    console.error('bench render: build failed; no figures written');
    process.exitCode = 1;
    return;
  }
  const preview = await startPreview(root, outDir, PORT);
  if (!preview) {
    console.error(`bench render: vite preview did not answer on ${base}`);
    process.exitCode = 1;
    return;
  }
  const browser = await launchChromium();
  const only = process.env['BENCH_RENDER_SIZES']?.split(',');
  const runsOverride = Number(process.env['BENCH_RENDER_RUNS'] ?? NaN);
  const load0 = loadavg()[0] ?? NaN;
  console.log(`load average (1 min) at start: ${load0.toFixed(1)}`);
  try {
    for (const c of CLUSTERS) {
      const wantOpened = !only || only.includes(c.name);
      const wantExpanded = c.expanded && (!only || only.includes(`${c.name}Expanded`));
      if (!wantOpened && !wantExpanded) continue;
      const dir = join(synthDir, c.name);
      const synth = writeSynth(dir, { ...synthPresets[c.preset], format: 'json' });
      const paths = synth.files.map((f) => join(dir, f.name));
      const scenario = (name: string, ref: Reference): Scenario => {
        const file = `elements-${name}.json`;
        mkdirSync(join(outDir, 'bare'), { recursive: true });
        writeFileSync(join(outDir, 'bare', file), JSON.stringify(ref.elements));
        return { name, ref, url: `${base}/bare/${file}`, app: [], bare: [], chunked: [], appStyle: [] };
      };
      const analysed = analyse(synth.files);
      let opened: Scenario | null = null;
      const expanded = wantExpanded ? scenario(`${c.name}Expanded`, referenceOf(analysed.inputs, { ...analysed.opened, collapsed: [] })) : null;
      console.log(`render ${c.name}: ${synth.counts.workloads} workloads` + (expanded ? `; expanded ${expanded.ref.nodes} nodes, ${expanded.ref.edges} edges` : ''));
      const runs = Number.isFinite(runsOverride) ? runsOverride : c.runs;
      for (let r = 0; r < runs; r++) {
        console.log(`  run ${r + 1} (load average ${loadavg()[0]?.toFixed(1)})`);
        let a: { opened: AppMeasure; expanded: AppMeasure | null };
        try {
          a = await runApp(browser, c.name, paths, expanded?.ref ?? null);
        } catch (e) {
          console.log(`  ${c.name}: the app did not complete: ${e instanceof Error ? e.message : String(e)}`);
          break;
        }
        if (opened === null) {
          opened = scenario(c.name, openedReference(analysed, a.opened.stage));
          console.log(`  opened at ${opened.ref.nodes} nodes, ${opened.ref.edges} edges (stage ${a.opened.stage.w}×${a.opened.stage.h})`);
        }
        const mismatch = (ref: Reference, m: AppMeasure): boolean => {
          if (m.counts.nodes === ref.nodes && m.counts.edges === ref.edges) return false;
          console.log(`  the app drew ${m.counts.nodes} nodes, ${m.counts.edges} edges, not the reference's ${ref.nodes}, ${ref.edges}: no bare Cytoscape comparison`);
          return true;
        };
        if (wantOpened) {
          opened.app.push(a.opened);
          if (!mismatch(opened.ref, a.opened)) await measureBare(browser, opened, a.opened);
        }
        if (expanded && a.expanded) {
          expanded.app.push(a.expanded);
          if (!mismatch(expanded.ref, a.expanded)) await measureBare(browser, expanded, a.expanded);
        }
      }
      if (wantOpened && opened) recordFigures(figuresOf(opened));
      if (expanded) recordFigures(figuresOf(expanded));
    }
    recordFigures({ 'render.loadAverage1m': { median: Math.round(load0 * 10) / 10, unit: 'load', runs: 1 } });
  } finally {
    await browser.close();
    stopPreview(preview);
  }
}
