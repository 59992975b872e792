import { loadInputs } from '../core/load/loadInputs.ts';
import type { Diagnostic } from '../core/model/diagnostic.ts';
import type { InputFile } from '../core/load/types.ts';
import { extractLines, wantedLines } from './excerpts.ts';
import type { LoadedData, LoadedFile, LoadProgress, LoadRequestOptions, LoadSource } from './protocol.ts';
import { readSource, sourceBytes } from './readSource.ts';

/** Minimum time between two progress reports (the bar does not need more). */
const PROGRESS_INTERVAL_MS = 50;

/**
 * Reads every source, hands them to the pure loader and cuts the excerpts the diagnostics
 * panel shows. The same function runs in the worker and, as a fallback, on the main thread.
 */
export async function runLoad(
  sources: readonly LoadSource[],
  options: LoadRequestOptions,
  onProgress: (p: LoadProgress) => void,
  signal?: AbortSignal,
): Promise<LoadedData> {
  const started = performance.now();
  const bytesTotal = sources.reduce((n, s) => n + sourceBytes(s), 0);
  let bytesRead = 0;
  let lastReport = 0;
  const inputs: InputFile[] = [];
  const files: LoadedFile[] = [];
  const readDiagnostics: Diagnostic[] = [];

  for (const source of sources) {
    onProgress({ phase: 'reading', bytesRead, bytesTotal, file: source.name });
    const read = await readSource(
      source,
      (n) => {
        bytesRead += n;
        const now = performance.now();
        if (now - lastReport >= PROGRESS_INTERVAL_MS) {
          lastReport = now;
          onProgress({ phase: 'reading', bytesRead, bytesTotal, file: source.name });
        }
      },
      signal,
    );
    inputs.push(read.input);
    files.push(read.file);
    readDiagnostics.push(...read.diagnostics);
  }
  onProgress({ phase: 'parsing', bytesRead: bytesTotal, bytesTotal, file: null });
  if (options.testHook === 'slow') await new Promise((r) => setTimeout(r, 10_000));
  if (signal?.aborted) throw signal.reason;

  const result = loadInputs(inputs, { defaultNamespace: options.defaultNamespace });
  const diagnostics = [...readDiagnostics, ...result.diagnostics];

  const excerpts = new Map<string, ReadonlyMap<number, string>>();
  for (const [file, lines] of wantedLines(diagnostics)) {
    const input = inputs.find((i) => i.name === file);
    if (input) excerpts.set(file, extractLines(input.data, lines));
  }
  return {
    cluster: result.cluster,
    flowRecords: result.flowRecords,
    diagnostics,
    excerpts,
    files,
    durationMs: Math.round(performance.now() - started),
  };
}
