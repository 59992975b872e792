/**
 * The careful YAML parser (the `yaml` package): the reference path of the parse step (exact
 * positions, syntax, duplicate-key, alias and template diagnostics; yamlDocuments.ts) and the
 * exact positions of documents the fast path read when the text alone cannot give them
 * (fastSourceDocument.ts, blockPositions.ts). Plain documents as kubectl prints them never need
 * it: the fast path (js-yaml, fastYaml.ts) reads them.
 *
 * It is about 29 KB of gzipped JavaScript, so in the browser it is a chunk of its own, fetched
 * only when a load needs it (util/lazyModule.ts: the first use before it is there counts a miss
 * and throws; the load pipeline fetches it and reads the inputs again). The what-if shells load
 * it before they start. In Node (CLI, tests, benches) it is loaded with this module.
 * @internal
 */
import type * as YamlModule from 'yaml';
import { inNode, LazyModule } from '../util/lazyModule.ts';

export type CarefulYaml = typeof YamlModule;

const careful = new LazyModule<CarefulYaml>('the careful YAML parser', () => import('yaml'));

/** Loads the `yaml` package (once); resolves when `carefulYaml()` answers. */
export function loadCarefulYaml(): Promise<void> {
  return careful.load();
}

/** Whether the careful parser is loaded. */
export function carefulYamlLoaded(): boolean {
  return careful.loaded();
}

/** The `yaml` package; throws `LazyModuleNotLoaded` (and counts a miss) before it is loaded. */
export function carefulYaml(): CarefulYaml {
  return careful.get();
}

/** Tests only: forgets the loaded parser, as a browser page starts; returns a function that puts it back. */
export function unloadCarefulYamlForTests(): () => void {
  return careful.unloadForTests();
}

if (inNode) await loadCarefulYaml();
