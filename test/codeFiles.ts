import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths.ts';

/** Folders that hold code run by the tests and tools (also fixture generators; the corpora hold no code). */
const CODE_ROOTS = ['src', 'e2e', 'scripts', 'bench', 'test', 'bin'];
const SKIP = new Set(['node_modules', 'dist', 'bench/out', 'test/corpora', 'test-results', 'playwright-report']);
const CODE = /\.(ts|tsx|mts|cts|js|mjs|cjs|jsx)$/;

/**
 * Every code file of the repository (repo-relative, `/`-separated, sorted): the code folders and
 * the root configs (vite/vitest, Playwright, ESLint, anything else `*.config.*`). For the guard
 * tests that read all the code (selfContained, cycles).
 */
export function codeFiles(): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(path.join(repoRoot, rel)).sort()) {
      const r = `${rel}/${name}`;
      if (SKIP.has(r) || SKIP.has(name)) continue;
      if (statSync(path.join(repoRoot, r)).isDirectory()) walk(r);
      else if (CODE.test(name)) out.push(r);
    }
  };
  for (const d of CODE_ROOTS) if (existsSync(path.join(repoRoot, d))) walk(d);
  for (const name of readdirSync(repoRoot).sort()) if (CODE.test(name)) out.push(name);
  return out;
}
