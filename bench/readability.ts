/**
 * `npm run bench -- readability`: what a user sees right after opening a cluster, with no action
 * after loading, in the built app (`vite build --mode e2e`) in headless Chromium at 1280×720,
 * 1440×900 and 1920×1080, on the built-in demo, the app-platform fixture and a 1,000-workload
 * synthetic cluster (`src/core/synth`, preset `1k`).
 *
 * Figures per cluster C (`demo`, `appPlatform`, `synth1k`) and window WxH
 * (`readability.C.WxH.<figure>`, one run each: the picture is deterministic), computed by
 * `src/ui/graph/readability.ts` from the renderer's own label boxes (`__graphTestApi.screen()`),
 * the same code the e2e tests assert with:
 * - `canvasShare`: visible graph canvas area / window area;
 * - `minLabelPx`: the smallest name (workload, peer, group or namespace title) on screen, CSS px;
 * - `names`, `labelsInside`, `readableShare`: names in the view, names inside the canvas, share
 *   of names both ≥ 10 px and inside the canvas;
 * - `labelOverlaps`: pairs of drawn labels over each other, at least one of them a name (name on
 *   name, or an edge label on a name);
 * - `edgeCrossings`: pairs of edges crossing, as straight lines between their ends' centres.
 * Targets (issue #15), at every size: canvasShare ≥ 0.5, readableShare ≥ 0.9, labelOverlaps ≤ 2.
 * Screenshots of every view land in bench/out/readability/ (to look at, not committed).
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from '@playwright/test';
import { synthPresets } from '../src/core/synth/cluster.ts';
import { readability, type Readability, type ScreenSnapshot } from '../src/ui/graph/readability.ts';
import { appPlatform } from '../e2e/inputs.ts';
import { buildApp, launchChromium, startPreview, stopPreview } from './lib/browser.ts';
import { recordFigures, type Figure } from './lib/results.ts';
import { writeSynth } from './lib/writeSynth.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'bench', 'out', 'readability-dist');
const shotDir = join(root, 'bench', 'out', 'readability');
const synthDir = join(root, 'bench', 'out', 'readability-synth');
const PORT = Number(process.env['BENCH_PORT'] ?? 4274);
const base = `http://127.0.0.1:${PORT}`;

export const WINDOWS: readonly { readonly w: number; readonly h: number }[] = [
  { w: 1280, h: 720 },
  { w: 1440, h: 900 },
  { w: 1920, h: 1080 },
];

interface ClusterCase {
  readonly name: string;
  /** File paths to open; null: the built-in demo. */
  readonly files: () => readonly string[] | null;
}

const CLUSTERS: readonly ClusterCase[] = [
  { name: 'demo', files: () => null },
  { name: 'appPlatform', files: () => appPlatform },
  {
    name: 'synth1k',
    files: () => {
      const dir = join(synthDir, '1k');
      return writeSynth(dir, { ...synthPresets['1k'], format: 'json' }).files.map((f) => join(dir, f.name));
    },
  },
];

/** Waits until the load is over, the graph is drawn and the viewport has stopped moving. */
async function settle(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="summary-workloads"]', { timeout: 120_000 });
  await page.waitForFunction(`document.querySelector('[data-testid="load-status"]') === null`, null, { timeout: 120_000, polling: 100 });
  await page.waitForFunction(`(() => { const a = window.__graphTestApi; return !!a && a.nodes().length > 0 && !a.drawing(); })()`, null, { timeout: 120_000, polling: 100 });
  let last = '';
  for (let i = 0; i < 40; i++) {
    await page.waitForTimeout(250);
    const now = await page.evaluate<string>(`(() => { const a = window.__graphTestApi; return JSON.stringify([a.zoom(), a.nodes().length, a.edges().length, document.querySelector('[data-testid="graph-canvas"]')?.getBoundingClientRect()]); })()`);
    if (now === last) return;
    last = now;
  }
}

async function measure(browser: Browser, c: ClusterCase, files: readonly string[] | null, size: { w: number; h: number }): Promise<Readability> {
  // bypassCSP: the waits below are page scripts given as strings.
  const context = await browser.newContext({ viewport: { width: size.w, height: size.h }, bypassCSP: true });
  try {
    const page = await context.newPage();
    if (files === null) {
      await page.goto(`${base}/`);
    } else {
      await page.goto(`${base}/?demo=0`);
      await page.getByTestId('open-files').setInputFiles([...files]);
    }
    await settle(page);
    const snap = await page.evaluate<ScreenSnapshot>('window.__graphTestApi.screen()');
    await page.screenshot({ path: join(shotDir, `${c.name}-${size.w}x${size.h}.png`) });
    return readability(snap);
  } finally {
    await context.close();
  }
}

const fig = (median: number, unit: string): Figure => ({ median: Math.round(median * 1000) / 1000, unit, runs: 1 });

export async function run(): Promise<void> {
  console.log('building the app (mode e2e)');
  if (!buildApp(root, outDir)) {
    console.error('bench readability: build failed; no figures written');
    process.exitCode = 1;
    return;
  }
  const preview = await startPreview(root, outDir, PORT);
  if (!preview) {
    console.error(`bench readability: vite preview did not answer on ${base}`);
    process.exitCode = 1;
    return;
  }
  mkdirSync(shotDir, { recursive: true });
  const browser = await launchChromium();
  const only = process.env['BENCH_READABILITY_CLUSTERS']?.split(',');
  try {
    for (const c of CLUSTERS.filter((x) => !only || only.includes(x.name))) {
      const files = c.files();
      for (const size of WINDOWS) {
        const r = await measure(browser, c, files, size);
        const key = `readability.${c.name}.${size.w}x${size.h}`;
        console.log(
          `${key}: canvas ${(r.canvasShare * 100).toFixed(0)}%, smallest name ${r.minLabelPx.toFixed(1)} px, ${r.labelsInside}/${r.names} names inside, ${(r.readableShare * 100).toFixed(0)}% readable, ${r.labelOverlaps} overlapping pairs, ${r.edgeCrossings} crossings`,
        );
        recordFigures({
          [`${key}.canvasShare`]: fig(r.canvasShare, 'ratio'),
          [`${key}.minLabelPx`]: fig(r.minLabelPx, 'px'),
          [`${key}.names`]: fig(r.names, 'names'),
          [`${key}.labelsInside`]: fig(r.labelsInside, 'names'),
          [`${key}.readableShare`]: fig(r.readableShare, 'ratio'),
          [`${key}.labelOverlaps`]: fig(r.labelOverlaps, 'pairs'),
          [`${key}.edgeCrossings`]: fig(r.edgeCrossings, 'pairs'),
        });
      }
    }
  } finally {
    await browser.close();
    stopPreview(preview);
  }
}
