// @ts-check
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const uiPatterns = [
    { group: ['react', 'react/*', 'react-dom', 'react-dom/*'], message: 'src/core is pure: no React.' },
    { group: ['cytoscape', 'cytoscape-*'], message: 'src/core is pure: no Cytoscape.' },
    { group: ['**/ui/**', '**/ui', '**/workers/**', '**/cli/**'], message: 'src/core may import only src/core.' },
    { group: ['@tanstack/*'], message: 'src/core is pure: no UI state libraries.' },
];
const nodePatterns = [
  { group: ['node:*', 'fs', 'path', 'zlib', 'child_process', 'os'], message: 'src/core runs in the browser too: pass I/O in.' },
];
/** @param {{group: string[], message: string}[]} patterns */
const importBan = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
  '@typescript-eslint/no-restricted-imports': ['error', { patterns: patterns.map((p) => ({ ...p, allowTypeImports: false })) }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/out/**', 'coverage/**', 'test/corpora/**', 'test/fixtures/gen-app-platform.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      // Untrusted text must never become HTML.
      'no-restricted-properties': ['error', { property: 'innerHTML', message: 'Render untrusted text as text.' }],
      'no-restricted-syntax': ['error', { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Render untrusted text as text.' }],
    },
  },
  {
    // The core stays pure: no React, Cytoscape, DOM globals or UI modules, type imports included.
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      ...importBan([...uiPatterns, ...nodePatterns]),
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'HTMLElement', 'fetch'],
    },
  },
  {
    // The CLI runs the same core as the app, never the app itself.
    files: ['src/cli/**/*.ts'],
    rules: importBan([{ group: ['**/ui/**', '**/ui', 'react', 'react-dom', 'cytoscape'], message: 'src/cli uses src/core, not the UI.' }]),
  },
  {
    // Unit tests of the core may read fixtures from disk, but still never touch the UI.
    files: ['src/core/**/*.test.ts'],
    rules: importBan(uiPatterns),
  },
);
