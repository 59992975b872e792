/**
 * The chunks of the app's build (vite.config.ts), by who runs a module: the page, the load worker
 * (a chunk of the same build, see `workerChunks` there) or both.
 *
 * Left to itself, rolldown makes a chunk of every set of entries (the page, the worker, each
 * `import()`) that share modules: with a dozen lazy panels and a worker that shares the engine
 * with the page, the default screen fetched about 50 files, most under 2 KB, each compressed on
 * its own and each spelling out what it imports and exports (rolldown/rolldown#10731). Modules
 * the default screen loads anyway are put in a few chunks instead:
 *
 * - `page`: the page's static imports that no worker code ever imports (React, Cytoscape, the UI);
 * - `shared`: the page's static imports that the load worker imports too, at its start or later
 *   (the engine, graph and flows code). The worker never loads `page`;
 * - split chunks: the load worker's own static imports that the page's lazy chunks import too,
 *   one chunk per set of lazy chunks importing them, as rolldown would make (`loadInputs`: the
 *   input readers, which the what-if panel uses; `excerpts`, a constant of which the diagnostics
 *   panel uses): opening such a panel fetches what it needs, not the worker's code;
 * - `worker`: the rest of the load worker's static imports (the load pipeline, flows aggregation,
 *   the linter).
 *
 * Everything else (lazy panels, the rare readers, `yaml`, `re2js`, `fflate`, the export writer) is
 * left to rolldown and still loads only when first needed.
 */

/** A module's imports, as rolldown's `getModuleInfo` gives them. */
export interface ModuleImports {
  readonly importedIds: readonly string[];
  readonly dynamicallyImportedIds: readonly string[];
}

export type ModuleInfoOf = (id: string) => ModuleImports | null;

/**
 * Every module reachable from `from` by static imports (and `import()` when `dynamic`), `from`
 * included; the imports of modules in `stop` are not followed.
 */
function reach(from: Iterable<string>, info: ModuleInfoOf, dynamic: boolean, stop: ReadonlySet<string> = new Set()): Set<string> {
  const seen = new Set<string>();
  const queue = [...from];
  while (queue.length > 0) {
    const id = queue.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    const m = stop.has(id) ? null : info(id);
    if (m === null) continue;
    queue.push(...m.importedIds);
    if (dynamic) queue.push(...m.dynamicallyImportedIds);
  }
  return seen;
}

/** A chunk of modules the default screen loads, by name; `split` for the worker's own modules the page's lazy code imports too. */
export interface ChunkGroup {
  readonly name: string;
  readonly kind: 'page' | 'shared' | 'worker' | 'split';
}

/**
 * The group of every module the default screen loads, from the page's entry module and the load
 * worker's (both stay in their entry chunks). Modules not in the map are left to rolldown.
 */
export function chunkGroups(page: string, worker: string, info: ModuleInfoOf): Map<string, ChunkGroup> {
  const pageStatic = reach([page], info, false);
  const workerStatic = reach([worker], info, false);
  const workerAll = reach([worker], info, true);
  // The page's own lazy chunks. Not through the worker's modules, which the page runs in its own
  // thread only when there is no worker (and then loads `worker` whole anyway).
  const lazyEntries = new Set<string>();
  for (const id of reach([page], info, true, workerStatic)) {
    if (workerStatic.has(id)) continue;
    for (const d of info(id)?.dynamicallyImportedIds ?? []) if (!pageStatic.has(d) && !workerStatic.has(d)) lazyEntries.add(d);
  }
  // The worker's own modules the page's lazy chunks import, by which of them import each: one
  // chunk per set, as rolldown would make, so that a panel needing a constant of the worker's
  // does not fetch the input readers.
  const importers = new Map<string, string[]>();
  for (const e of [...lazyEntries].sort()) {
    for (const id of reach([e], info, false)) {
      if (workerStatic.has(id) && !pageStatic.has(id) && id !== worker) importers.set(id, [...(importers.get(id) ?? []), e]);
    }
  }
  const split = new Map<string, string[]>();
  for (const [id, by] of importers) split.set(by.join('\n'), [...(split.get(by.join('\n')) ?? []), id]);
  const groups = new Map<string, ChunkGroup>();
  const names = new Set(['page', 'shared', 'worker']);
  for (const members of split.values()) {
    let name = splitName(members, info);
    for (let i = 2; names.has(name); i++) name = `${splitName(members, info)}${i}`;
    names.add(name);
    const group: ChunkGroup = { name, kind: 'split' };
    for (const id of members) groups.set(id, group);
  }
  const named = { page: { name: 'page', kind: 'page' }, shared: { name: 'shared', kind: 'shared' }, worker: { name: 'worker', kind: 'worker' } } as const;
  for (const id of pageStatic) {
    if (id !== page) groups.set(id, workerAll.has(id) ? named.shared : named.page);
  }
  for (const id of workerStatic) {
    if (id !== worker && !groups.has(id)) groups.set(id, named.worker);
  }
  return groups;
}

/** A split chunk is named after its module that imports most of the others (loadInputs, excerpts). */
function splitName(members: readonly string[], info: ModuleInfoOf): string {
  const inGroup = new Set(members);
  let best = '';
  let most = -1;
  for (const id of [...members].sort()) {
    const n = [...reach([id], (m) => (inGroup.has(m) ? info(m) : null), false)].filter((m) => inGroup.has(m)).length;
    if (n > most) [best, most] = [id, n];
  }
  return best.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
}
