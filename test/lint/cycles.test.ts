import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { codeFiles } from '../codeFiles.ts';
import { repoRoot } from '../paths.ts';

/**
 * No import cycles (type-only imports count: a cycle of types is the start of one of values).
 * Every TypeScript file of the repository, with its relative imports, re-exports and dynamic
 * imports as TypeScript itself lists them (`preProcessFile`).
 */

/** Relative imports of each file (repo-relative paths), resolved to files of the graph. */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const specs = ts.preProcessFile(readFileSync(path.join(repoRoot, f), 'utf8'), true, true).importedFiles.map((i) => i.fileName);
    const targets = specs
      .filter((s) => s.startsWith('.'))
      .map((s) => path.posix.join(path.posix.dirname(f), s))
      .map((p) => [p, `${p}.ts`, `${p}.tsx`, `${p}/index.ts`, p.replace(/\.js$/, '.ts')].find((c) => known.has(c)))
      .filter((t): t is string => t !== undefined);
    graph.set(f, [...new Set(targets)]);
  }
  return graph;
}

/** The strongly connected components with more than one file, or a file importing itself (Tarjan). */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v) as number);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop() as string;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

const TS = /\.tsx?$/;

describe('import cycles', () => {
  it('finds a cycle, type-only or not, and nothing in a tree', () => {
    expect(importCycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c']]);
    expect(importCycles(new Map([['a', ['b', 'c']], ['b', ['c']], ['c', []]]))).toEqual([]);
    const graph = importGraph(codeFiles().filter((f) => f.startsWith('src/workers/') && TS.test(f)));
    // `import type` is an edge too (whatifInThread.ts imports only types from whatifProtocol.ts).
    expect(graph.get('src/workers/whatifInThread.ts')).toContain('src/workers/whatifProtocol.ts');
  });

  it('none in the repository', () => {
    const files = codeFiles().filter((f) => TS.test(f));
    expect(files.length).toBeGreaterThan(400);
    expect(importCycles(importGraph(files)).map((c) => c.join(' → '))).toEqual([]);
  });
});
