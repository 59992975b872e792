import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { dirname, relative, resolve } from 'node:path';
import { chunkGroups, type ChunkGroup, type ModuleInfoOf } from './scripts/chunkGroups.ts';

/**
 * index.html carries a strict CSP (`script-src 'self'`, no inline scripts). In dev, the React
 * plugin injects its Fast Refresh preamble as an inline script, which that CSP blocks. The
 * preamble is imported as a module by src/ui/main.tsx instead, so drop the inline copy.
 */
function devPreambleWithoutInlineScript(): Plugin {
  return {
    name: 'netpol-viz:dev-preamble-without-inline-script',
    apply: 'serve',
    transformIndexHtml: {
      order: 'post',
      handler: (html) => html.replace(/<script type="module">\s*import \{ injectIntoGlobalHook \}[\s\S]*?<\/script>/, ''),
    },
  };
}

const WORKER_CHUNK = '?worker-chunk-url';

/**
 * `import url from './x.worker.ts?worker-chunk-url'`: the URL of a module worker built as a chunk
 * of the app's own build, so it shares chunks with the page (the engine, graph and flows code is
 * fetched once, not once for the page and again for the worker). Vite's `new Worker(new URL(…))`
 * builds a worker as a separate bundle with its own copy of everything it imports. The worker's
 * chunks must not import the page's entry (they never do: an entry's own modules stay in it).
 * In dev and tests: the source file's URL, which Vite serves as a module.
 */
function workerChunks(workerSide: Set<string>): Plugin {
  let root = '';
  let build = false;
  const prefix = '\0worker-chunk:';
  const refs: string[] = [];
  return {
    name: 'netpol-viz:worker-chunks',
    enforce: 'pre',
    configResolved(config) {
      root = config.root;
      build = config.command === 'build';
    },
    resolveId(source, importer) {
      if (!source.endsWith(WORKER_CHUNK) || importer === undefined) return null;
      return prefix + resolve(dirname(importer), source.slice(0, -WORKER_CHUNK.length));
    },
    load(id) {
      if (!id.startsWith(prefix)) return null;
      const file = id.slice(prefix.length);
      if (!build) return `export default new URL(${JSON.stringify(`/${relative(root, file)}`)}, import.meta.url).href;`;
      const name = file.replace(/^.*\//, '').replace(/\.ts$/, '');
      const ref = this.emitFile({ type: 'chunk', id: file, name });
      refs.push(ref);
      return `export default import.meta.ROLLUP_FILE_URL_${ref};`;
    },
    // Before Vite's import analysis asks `resolveDependencies` (below) for the preloads.
    generateBundle: {
      order: 'pre',
      handler(_options, bundle) {
        /** The chunks `files` load, themselves included, following `imports` (and `dynamicImports` when `later`). */
        const reached = (files: string[], later: boolean): Set<string> => {
          const seen = new Set<string>();
          while (files.length > 0) {
            const file = files.pop() as string;
            const chunk = bundle[file];
            if (seen.has(file) || chunk?.type !== 'chunk') continue;
            seen.add(file);
            files.push(...chunk.imports, ...(later ? chunk.dynamicImports : []));
          }
          return seen;
        };
        const workers = refs.map((r) => this.getFileName(r));
        for (const file of reached([...workers], false)) workerSide.add(file);
        // No chunk a worker loads, now or later, may be one with the page's styles (the page's own
        // chunk, React and Cytoscape with it): the worker would fetch and run it, and its preloads
        // of the styles would look for a `document`.
        for (const file of reached([...workers], true)) {
          const chunk = bundle[file];
          const css = chunk?.type === 'chunk' ? (chunk.viteMetadata?.importedCss ?? new Set<string>()) : new Set<string>();
          if (css.size > 0) this.error(`${file}, loaded by a worker, has the page's styles: ${[...css].join(', ')}`);
        }
      },
    },
  };
}

/**
 * Chunks a worker imports (statically). Their `import()`s get no preloads: Vite's preload helper
 * adds `<link rel=modulepreload>` to `document`, which a worker does not have (the chunk a worker
 * imports on demand, such as the careful YAML parser, still loads its own imports).
 */
const workerSide = new Set<string>();

/**
 * rolldown's `codeSplitting` groups for scripts/chunkGroups.ts, `shared` first: a group takes the
 * modules its modules import too, unless a group before took them. The split chunks take only their
 * own (what they import is in `shared` or in another split chunk).
 */
function codeSplittingGroups(root: string) {
  const page = resolve(root, 'src/ui/main.tsx');
  const worker = resolve(root, 'src/workers/load.worker.ts');
  // Computed once per chunking pass (rolldown reuses the module info objects within a pass).
  let pass: unknown = null;
  let groups = new Map<string, ChunkGroup>();
  const groupOf = (id: string, info: ModuleInfoOf): ChunkGroup | undefined => {
    const entry = info(page);
    if (entry !== pass) {
      pass = entry;
      groups = entry === null ? new Map() : chunkGroups(page, worker, info);
    }
    return groups.get(id);
  };
  const order: readonly ChunkGroup['kind'][] = ['shared', 'split', 'worker', 'page'];
  return order.map((kind, i) => ({
    debugName: kind,
    priority: order.length - i,
    ...(kind === 'split' ? { includeDependenciesRecursively: false } : {}),
    name: (id: string, ctx: { getModuleInfo: ModuleInfoOf }) => {
      const g = groupOf(id, (m) => ctx.getModuleInfo(m));
      return g?.kind === kind ? g.name : null;
    },
  }));
}

// One config for the app (vite) and the unit tests (vitest).
export default defineConfig({
  plugins: [react(), devPreambleWithoutInlineScript(), workerChunks(workerSide)],
  base: './',
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: { output: { codeSplitting: { groups: codeSplittingGroups(import.meta.dirname) } } },
    modulePreload: { resolveDependencies: (_file, deps, { hostId }) => (workerSide.has(hostId) ? [] : deps) },
  },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    pool: 'threads',
  },
});
