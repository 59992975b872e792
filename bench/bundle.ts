/**
 * `npm run bench -- bundle`: production `vite build` into bench/out/bundle-dist, then the JS the
 * first screen loads (the entry script of index.html and everything it imports statically,
 * gzip) next to all JS. Lazily loaded chunks (`import()`) and worker scripts (named `*.worker-*`
 * by Vite) are not initial: the first screen paints without them.
 * Target (issue #8): initial JS ≤ 400 KB gzip.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { recordFigures } from './lib/results.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'bench', 'out', 'bundle-dist');

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

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? allFiles(p) : [p];
  });
}

const gz = (file: string): number => gzipSync(readFileSync(file)).length;
const kb = (bytes: number): number => Math.round((bytes / 1024) * 10) / 10;

export async function run(): Promise<void> {
  console.log(`vite build → ${relative(root, outDir)}`);
  const build = spawnSync('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0 || !existsSync(join(outDir, 'index.html'))) {
    console.error('bench bundle: vite build failed; no figures written');
    process.exitCode = 1;
    return;
  }
  const initial = new Set<string>();
  const queue = htmlEntries(outDir);
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (initial.has(file) || !existsSync(file)) continue;
    initial.add(file);
    for (const spec of staticImports(readFileSync(file, 'utf8'))) queue.push(resolve(dirname(file), spec));
  }
  const js = allFiles(outDir).filter((f) => f.endsWith('.js'));
  const kindOf = (f: string): string => (initial.has(f) ? 'initial' : /\.worker[-.]/.test(f) ? 'worker' : 'lazy');
  const rows = js.map((f) => ({ file: relative(outDir, f), raw: statSync(f).size, gzip: gz(f), kind: kindOf(f) })).sort((a, b) => b.gzip - a.gzip);
  for (const r of rows) console.log(`  ${r.kind.padEnd(7)}  ${kb(r.gzip).toFixed(1).padStart(8)} KB gzip  ${kb(r.raw).toFixed(1).padStart(8)} KB  ${r.file}`);
  const initialGzip = rows.filter((r) => r.kind === 'initial').reduce((n, r) => n + r.gzip, 0);
  const totalGzip = rows.reduce((n, r) => n + r.gzip, 0);
  console.log(`initial JS ${kb(initialGzip)} KB gzip (target ≤ 400), all JS ${kb(totalGzip)} KB gzip, ${rows.length} files`);
  recordFigures({
    'bundle.initialGzip.KB': { median: kb(initialGzip), unit: 'KB', runs: 1 },
    'bundle.totalGzip.KB': { median: kb(totalGzip), unit: 'KB', runs: 1 },
  });
}
