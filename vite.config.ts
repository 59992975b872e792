import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { dirname, relative, resolve } from 'node:path';

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
        const queue = refs.map((r) => this.getFileName(r));
        while (queue.length > 0) {
          const file = queue.pop() as string;
          const chunk = bundle[file];
          if (workerSide.has(file) || chunk?.type !== 'chunk') continue;
          workerSide.add(file);
          queue.push(...chunk.imports);
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

// One config for the app (vite) and the unit tests (vitest).
export default defineConfig({
  plugins: [react(), devPreambleWithoutInlineScript(), workerChunks(workerSide)],
  base: './',
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
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
