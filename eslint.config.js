// @ts-check
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const uiImportBan = {
  patterns: [
    { group: ['react', 'react/*', 'react-dom', 'react-dom/*'], message: 'src/core is pure: no React.' },
    { group: ['cytoscape', 'cytoscape-*'], message: 'src/core is pure: no Cytoscape.' },
    { group: ['**/ui/**', '**/ui', '**/workers/**', '**/cli/**'], message: 'src/core may import only src/core.' },
    { group: ['@tanstack/*'], message: 'src/core is pure: no UI state libraries.' },
    { group: ['node:*', 'fs', 'path', 'zlib', 'child_process', 'os'], message: 'src/core runs in the browser too: pass I/O in.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/out/**', 'coverage/**'] },
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
    rules: {
      'no-restricted-imports': ['error', uiImportBan],
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: uiImportBan.patterns.map((p) => ({ ...p, allowTypeImports: false })) }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'HTMLElement', 'fetch'],
    },
  },
);
