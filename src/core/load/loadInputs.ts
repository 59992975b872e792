import type { InputFile, LoadOptions, LoadResult } from './types.ts';
import { Loader } from './loader.ts';

/**
 * Loads every input (policies, inventory, Hubble exports; YAML, JSON or JSON lines) into one
 * Cluster. Pure and synchronous; never throws: every problem is a Diagnostic and everything
 * valid still loads. Flow records go to `options.flowSink` as they are met.
 * @public
 */
export function loadInputs(files: readonly InputFile[], options: LoadOptions = {}): LoadResult {
  const total = files.reduce((n, f) => n + (typeof f.data === 'string' ? f.data.length : f.data.byteLength), 0);
  const loader = new Loader(options, total);
  for (const f of files) loader.addFile(f);
  return loader.finish();
}

export { Loader } from './loader.ts';
export type { InputStream } from './loader.ts';
export { isGzip } from './decode.ts';
export { DEFAULT_LIMITS, type LoadLimits } from './limits.ts';
