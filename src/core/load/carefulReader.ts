/**
 * The careful YAML parser's document reader (carefulParser.ts), which runs only on documents the
 * fast path declines: in the browser a chunk fetched with the `yaml` package (carefulYaml.ts), so
 * a miss on either loads both; in Node loaded with this module. Kept apart from carefulYaml.ts,
 * which the reader's own imports reach.
 * @internal
 */
import type * as CarefulParser from './carefulParser.ts';
import { inNode, LazyModule } from '../util/lazyModule.ts';
import { carefulYamlLoaded, loadCarefulYaml, unloadCarefulYamlForTests } from './carefulYaml.ts';

const reader = new LazyModule<typeof CarefulParser>('the careful YAML parser', async () => {
  await loadCarefulYaml();
  return import('./carefulParser.ts');
});

/** Loads the `yaml` package and the reader (once). */
export function loadCarefulParser(): Promise<void> {
  return reader.load();
}

/** Whether both are loaded. */
export function carefulParserLoaded(): boolean {
  return carefulYamlLoaded() && reader.loaded();
}

/** The reader; throws `LazyModuleNotLoaded` (and counts a miss) before it is loaded. */
export function carefulParser(): typeof CarefulParser.carefulParser {
  return reader.get().carefulParser;
}

/** Tests only: forgets the `yaml` package and the reader, as a browser page starts; returns a function that puts both back. */
export function unloadCarefulParserForTests(): () => void {
  const a = unloadCarefulYamlForTests();
  const b = reader.unloadForTests();
  return () => {
    a();
    b();
  };
}

if (inNode) await loadCarefulParser();
