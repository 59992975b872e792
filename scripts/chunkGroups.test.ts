import { describe, expect, it } from 'vitest';
import { chunkGroups, type ModuleImports } from './chunkGroups.ts';

/** A module graph: id → [static imports, dynamic imports]. */
function graph(g: Record<string, readonly [readonly string[], (readonly string[])?]>) {
  return (id: string): ModuleImports | null => {
    const m = g[id];
    return m ? { importedIds: m[0], dynamicallyImportedIds: m[1] ?? [] } : null;
  };
}

// The app's shape in small: the page (React, the canvas, an engine it shares with the worker, a
// style table the worker's leak check imports later, a lazy what-if panel and diagnostics panel,
// an in-thread fallback that imports the worker's pipeline), the load worker (the pipeline, input
// readers, the linter, a lazily loaded rare reader).
const info = graph({
  main: [['App', 'react'], ['WhatIf', 'Diagnostics', 'pipeline']],
  App: [['engine', 'canvas', 'style', 'workerUrl']],
  react: [[]],
  canvas: [['cytoscape']],
  cytoscape: [[]],
  engine: [['cidr']],
  cidr: [[]],
  style: [[]],
  workerUrl: [[]],
  WhatIf: [['readInputs', 'engine', 'react']],
  Diagnostics: [['excerpts', 'react']],
  worker: [['pipeline', 'engine', 'lint'], ['leakCheck']],
  pipeline: [['readInputs', 'aggregate', 'wrappers'], ['rare']],
  wrappers: [[]],
  readInputs: [['yamlFast', 'cidr'], ['carefulYaml']],
  yamlFast: [[]],
  aggregate: [['excerpts']],
  excerpts: [[]],
  lint: [['engine']],
  rare: [['readInputs'], ['rareMore']],
  rareMore: [['wrappers']],
  leakCheck: [['style']],
  carefulYaml: [[]],
});

describe('chunkGroups', () => {
  const groups = chunkGroups('main', 'worker', info);
  const chunkOf = (ids: readonly string[]) => ids.map((id) => groups.get(id)?.name);

  it('puts what only the page imports in the page chunk, and what the page shares with the worker (now or later) in the shared chunk', () => {
    expect(chunkOf(['App', 'react', 'canvas', 'cytoscape', 'workerUrl'])).toEqual(['page', 'page', 'page', 'page', 'page']);
    expect(chunkOf(['engine', 'cidr'])).toEqual(['shared', 'shared']);
    // Imported by the worker only in a chunk it loads later: still never in the page's chunk.
    expect(chunkOf(['style'])).toEqual(['shared']);
  });

  it('splits off the worker’s own code the page’s lazy chunks import too, by which of them import it', () => {
    // The what-if panel reads inputs, the diagnostics panel shows excerpts: opening it does not
    // fetch the input readers.
    expect(chunkOf(['readInputs', 'yamlFast', 'excerpts'])).toEqual(['readInputs', 'readInputs', 'excerpts']);
    // The pipeline is imported by the page too, but only to run the worker's code in the page
    // when there is no worker: it stays with the worker's own code, and so does what the chunks
    // it loads later import (the rare readers).
    expect(chunkOf(['pipeline', 'aggregate', 'lint', 'wrappers'])).toEqual(['worker', 'worker', 'worker', 'worker']);
  });

  it('leaves lazy chunks and the two entries to rolldown', () => {
    for (const m of ['main', 'worker', 'WhatIf', 'Diagnostics', 'rare', 'rareMore', 'leakCheck', 'carefulYaml']) expect(groups.has(m), m).toBe(false);
  });

  it('never puts in the page chunk a module the worker can reach', () => {
    const workerReach = new Set<string>();
    const queue = ['worker'];
    while (queue.length > 0) {
      const id = queue.pop() as string;
      if (workerReach.has(id)) continue;
      workerReach.add(id);
      const m = info(id);
      queue.push(...(m?.importedIds ?? []), ...(m?.dynamicallyImportedIds ?? []));
    }
    for (const [id, g] of groups) if (g.kind === 'page') expect(workerReach.has(id), id).toBe(false);
  });
});
