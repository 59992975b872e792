import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';

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

// One config for the app (vite) and the unit tests (vitest).
export default defineConfig({
  plugins: [react(), devPreambleWithoutInlineScript()],
  base: './',
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
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
