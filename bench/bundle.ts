/**
 * `npm run bench -- bundle`: production `vite build` into bench/out/bundle-dist, then what the
 * default screen really loads, recorded in the browser: `vite preview` of the build (port
 * `BENCH_PORT`, default 4275), headless Chromium opens `/` (the built-in demo, as a first visit
 * does), waits until the demo is loaded (no load status, the summary shows workloads) and then
 * until no script, worker or style sheet has been requested for 2 s. Every JS request (page
 * scripts, `import()`ed chunks, the load worker and the chunks it imports) and every CSS request
 * is listed with the gzip size of the file in the build (what a server compressing at gzip's
 * default level would send).
 *
 * - `bundle.initialWithWorkersGzip.KB`: every JS file the default screen loads, workers and their
 *   chunks included (issue #18 target ≤ 400 KB).
 * - `bundle.initialGzip.KB`: the JS the page itself loads before it can paint (the entry script of
 *   index.html and everything it imports statically), without the worker's own chunks and lazy
 *   chunks (issue #8 target ≤ 400 KB; the same definition as before).
 * - `bundle.initialCssGzip.KB`: the style sheets the default screen loads.
 * - `bundle.totalGzip.KB`: every JS file in the build (lazy chunks and the what-if worker included).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { launchChromium, startPreview, stopPreview } from './lib/browser.ts';
import { recordFigures } from './lib/results.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'bench', 'out', 'bundle-dist');
const PORT = Number(process.env['BENCH_PORT'] ?? 4275);
const base = `http://127.0.0.1:${PORT}`;
/** Quiet time after the load that ends the recording. */
const QUIET_MS = 2000;

/** Relative specifiers of static `import … from "x"`, `import "x"` and `export … from "x"` (not `import("x")`). */
export function staticImports(code: string): string[] {
  const out: string[] = [];
  // Rolldown may quote specifiers with backticks.
  const re = /\b(?:import|export)\s*(?:[^()'"`;]*?\bfrom\s*)?["'`]([^"'`]+)["'`]/g;
  for (const m of code.matchAll(re)) {
    const spec = m[1] as string;
    // `import "x"` must not be a dynamic import: the regex cannot pass "(" so it never is.
    if (spec.startsWith('.') || spec.startsWith('/')) out.push(spec);
  }
  return out;
}

/** Entry scripts and modulepreload links of the built index.html, as paths inside `dir`. */
function htmlEntries(dir: string): string[] {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const out: string[] = [];
  for (const m of html.matchAll(/<script[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)) out.push(m[1] as string);
  for (const m of html.matchAll(/<link[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)) out.push(m[1] as string);
  return out.map((s) => join(dir, s.replace(/^\.?\//, '')));
}

/** The entry scripts of index.html and everything they import statically. */
function staticClosure(dir: string): Set<string> {
  const seen = new Set<string>();
  const queue = htmlEntries(dir);
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    for (const spec of staticImports(readFileSync(file, 'utf8'))) queue.push(resolve(dirname(file), spec));
  }
  return seen;
}

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? allFiles(p) : [p];
  });
}

const gz = (file: string): number => gzipSync(readFileSync(file)).length;
const kb = (bytes: number): number => Math.round((bytes / 1024) * 10) / 10;

/** Files of the build the default screen requests (scripts, workers, style sheets), in request order. */
async function defaultScreenFiles(): Promise<string[] | null> {
  const preview = await startPreview(root, outDir, PORT);
  if (!preview) return null;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const files: string[] = [];
    let last = Date.now();
    // Requests of dedicated workers (the worker script and the chunks it imports) are the page's too.
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (!/\.(m?js|css)$/.test(path)) return;
      const file = join(outDir, path.replace(/^\//, ''));
      if (!files.includes(file)) files.push(file);
      last = Date.now();
    });
    await page.goto(`${base}/`);
    await page.getByTestId('summary-workloads').waitFor({ state: 'visible', timeout: 60_000 });
    await page.getByTestId('load-status').waitFor({ state: 'detached', timeout: 60_000 });
    while (Date.now() - last < QUIET_MS) await page.waitForTimeout(250);
    return files;
  } finally {
    await browser.close();
    stopPreview(preview);
  }
}

export async function run(): Promise<void> {
  console.log(`vite build → ${relative(root, outDir)}`);
  const build = spawnSync('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0 || !existsSync(join(outDir, 'index.html'))) {
    console.error('bench bundle: vite build failed; no figures written');
    process.exitCode = 1;
    return;
  }
  const loaded = await defaultScreenFiles();
  if (loaded === null) {
    console.error(`bench bundle: vite preview did not answer on port ${PORT}; no figures written`);
    process.exitCode = 1;
    return;
  }
  const missing = loaded.filter((f) => !existsSync(f));
  if (missing.length > 0) throw new Error(`bench bundle: requested files not in the build: ${missing.join(', ')}`);
  const initial = staticClosure(outDir);
  const onScreen = new Set(loaded);
  const kindOf = (f: string): string => {
    if (initial.has(f)) return 'initial';
    if (onScreen.has(f)) return f.endsWith('.css') ? 'css' : 'screen';
    return /\.worker[-.]/.test(f) ? 'worker' : 'lazy';
  };
  const files = allFiles(outDir).filter((f) => f.endsWith('.js') || f.endsWith('.css'));
  const rows = files.map((f) => ({ file: relative(outDir, f), path: f, raw: statSync(f).size, gzip: gz(f), kind: kindOf(f) })).sort((a, b) => b.gzip - a.gzip);
  console.log('  initial: the page before it paints; screen: also loaded by the default screen (workers, chunks); lazy/worker: not loaded');
  for (const r of rows) console.log(`  ${r.kind.padEnd(7)}  ${kb(r.gzip).toFixed(1).padStart(8)} KB gzip  ${kb(r.raw).toFixed(1).padStart(8)} KB  ${r.file}`);
  const sum = (pred: (r: (typeof rows)[number]) => boolean): number => rows.filter(pred).reduce((n, r) => n + r.gzip, 0);
  const isJs = (r: (typeof rows)[number]): boolean => r.path.endsWith('.js');
  const initialGzip = sum((r) => isJs(r) && r.kind === 'initial');
  const withWorkers = sum((r) => isJs(r) && (r.kind === 'initial' || onScreen.has(r.path)));
  const css = sum((r) => !isJs(r) && onScreen.has(r.path));
  const totalGzip = sum(isJs);
  console.log(`default screen: JS ${kb(withWorkers)} KB gzip with workers (target ≤ 400), page before paint ${kb(initialGzip)} KB, CSS ${kb(css)} KB; all JS ${kb(totalGzip)} KB gzip`);
  recordFigures({
    'bundle.initialWithWorkersGzip.KB': { median: kb(withWorkers), unit: 'KB', runs: 1 },
    'bundle.initialGzip.KB': { median: kb(initialGzip), unit: 'KB', runs: 1 },
    'bundle.initialCssGzip.KB': { median: kb(css), unit: 'KB', runs: 1 },
    'bundle.totalGzip.KB': { median: kb(totalGzip), unit: 'KB', runs: 1 },
  });
}
