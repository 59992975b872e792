/**
 * The careful YAML parser (the `yaml` package): the reference path of the parse step (exact
 * positions, syntax, duplicate-key, alias and template diagnostics; yamlDocuments.ts) and the
 * exact positions of documents the fast path read (fastSourceDocument.ts). Plain documents as
 * kubectl prints them never need it: the fast path (js-yaml, fastYaml.ts) reads them, and the
 * line of each object comes from its own offsets.
 *
 * It is about 29 KB of gzipped JavaScript, so in the browser it is a chunk of its own, fetched by
 * `loadCarefulYaml()` only when a load needs it: the load pipeline
 * (src/workers/loadPipeline.ts) runs every input through the synchronous loader; the first call
 * of `carefulYaml()` before the chunk is there (the fast path declined a document, or a
 * diagnostic asks for a field's position) counts a miss and throws; the pipeline sees the miss,
 * stops reading, loads the chunk and reads the inputs again from the start, with exactly the
 * result a load with it from the start gives. The what-if shells load it before they start. In
 * Node (CLI, tests, benches) it is loaded with this module.
 * @internal
 */
import type * as YamlModule from 'yaml';

export type CarefulYaml = typeof YamlModule;

let lib: CarefulYaml | null = null;
let loading: Promise<void> | null = null;
let misses = 0;

/** Thrown by `carefulYaml()` before the parser is loaded (a browser load retries after `loadCarefulYaml`). */
export class CarefulYamlNotLoaded extends Error {
  constructor() {
    super('netpol-viz: the careful YAML parser is needed but not loaded yet (loadCarefulYaml)');
  }
}

/** Loads the `yaml` package (once); resolves when `carefulYaml()` answers. */
export function loadCarefulYaml(): Promise<void> {
  loading ??= import('yaml').then((m) => {
    lib = m;
  });
  return loading;
}

/** Whether the careful parser is loaded. */
export function carefulYamlLoaded(): boolean {
  return lib !== null;
}

/** How many times `carefulYaml()` was called before the parser was loaded (only grows). */
export function carefulYamlMisses(): number {
  return misses;
}

/** The `yaml` package; throws `CarefulYamlNotLoaded` (and counts a miss) before `loadCarefulYaml` resolved. */
export function carefulYaml(): CarefulYaml {
  if (lib !== null) return lib;
  misses++;
  throw new CarefulYamlNotLoaded();
}

// Node has no bundle to keep small: load it now (top-level await), so every caller there finds it.
if (typeof globalThis.process?.versions?.node === 'string') await loadCarefulYaml();

/**
 * Tests only: forgets the loaded parser, as a browser page starts (`loadCarefulYaml` loads it
 * again); returns a function that puts it back.
 * @internal
 */
export function unloadCarefulYamlForTests(): () => void {
  const was = lib;
  lib = null;
  loading = null;
  return () => {
    lib = was;
    loading = was === null ? null : Promise.resolve();
  };
}
