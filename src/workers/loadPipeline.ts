import { FlowAggregator } from '../core/flows/aggregate.ts';
import { flowSinkFor } from '../core/flows/sink.ts';
import { Loader } from '../core/load/loadInputs.ts';
import type { Diagnostic } from '../core/model/diagnostic.ts';
import { analyse } from './analyse.ts';
import { extractLines, extractLinesFromChunks, wantedLines } from './excerpts.ts';
import type { LoadedData, LoadedFile, LoadPhase, LoadProgress, LoadRequestOptions, LoadSource } from './protocol.ts';
import { feedSource, sourceBytes, textChunks } from './readSource.ts';

/** Minimum time between two progress reports (the bar does not need more). */
const PROGRESS_INTERVAL_MS = 100;

/** Diagnostics in input order (file, then line), file-level ones first; others (`(flows)`) last. */
function inInputOrder(diagnostics: readonly Diagnostic[], sources: readonly LoadSource[]): Diagnostic[] {
  const order = new Map(sources.map((s, i) => [s.name, i]));
  const lineOf = (d: Diagnostic): number => (d.document < 0 ? -1 : d.line);
  return [...diagnostics].sort((a, b) => (order.get(a.file) ?? 1e9) - (order.get(b.file) ?? 1e9) || lineOf(a) - lineOf(b));
}

/** Lines around each diagnostic: a second pass over the files that have any, stopping early. */
async function excerptsOf(diagnostics: readonly Diagnostic[], sources: readonly LoadSource[], signal?: AbortSignal): Promise<Map<string, ReadonlyMap<number, string>>> {
  const excerpts = new Map<string, ReadonlyMap<number, string>>();
  for (const [file, lines] of wantedLines(diagnostics)) {
    const source = sources.find((s) => s.name === file);
    if (!source) continue;
    excerpts.set(file, source.kind === 'text' ? extractLines(source.text, lines) : await extractLinesFromChunks(textChunks(source, signal), lines));
  }
  return excerpts;
}

/**
 * Streams every source through the pure loader (flows are aggregated as they go by, never held),
 * runs the engine on the result and cuts the excerpts the diagnostics panel shows. The same
 * function runs in the worker and, as a fallback, on the main thread.
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
  let flows = 0;
  let lastReport = -Infinity;
  const report = (phase: LoadPhase, file: string | null, force: boolean): void => {
    const now = performance.now();
    if (!force && now - lastReport < PROGRESS_INTERVAL_MS) return;
    lastReport = now;
    const seconds = (now - started) / 1000;
    onProgress({ phase, bytesRead, bytesTotal, file, flows, flowsPerSecond: seconds > 0 ? Math.round(flows / seconds) : 0 });
  };

  const aggregator = new FlowAggregator();
  const toAggregate = flowSinkFor(aggregator);
  const loader = new Loader({
    ...(options.defaultNamespace ? { defaultNamespace: options.defaultNamespace } : {}),
    flowSink: {
      accept(record) {
        flows++;
        toAggregate.accept(record);
      },
    },
  });
  const files: LoadedFile[] = [];
  const readDiagnostics: Diagnostic[] = [];
  for (const source of sources) {
    report('reading', source.name, true);
    const fed = await feedSource(
      source,
      loader.openStream(source.name),
      (n) => {
        bytesRead += n;
        report('reading', source.name, false);
      },
      signal,
    );
    files.push(fed.file);
    readDiagnostics.push(...fed.diagnostics);
  }
  report('parsing', null, true);
  if (options.testHook === 'slow') await new Promise((r) => setTimeout(r, 10_000));
  if (signal?.aborted) throw signal.reason;

  const result = loader.finish();
  const aggregate = flows > 0 ? aggregator.result() : null;
  report('analysing', null, true);
  const engineStarted = performance.now();
  const analysis = analyse(result.cluster, aggregate);
  const engineMs = Math.round(performance.now() - engineStarted);
  if (signal?.aborted) throw signal.reason;

  const diagnostics = [
    ...readDiagnostics,
    ...inInputOrder([...result.diagnostics, ...(aggregate?.diagnostics ?? [])], sources),
    ...analysis.diagnostics,
  ];
  return {
    cluster: result.cluster,
    flowRecords: result.flowRecords,
    flows: aggregate,
    connectivity: analysis.connectivity,
    mismatches: analysis.mismatches,
    crossCheck: analysis.crossCheck,
    engineError: analysis.engineError,
    diagnostics,
    excerpts: await excerptsOf(diagnostics, sources, signal),
    files,
    durationMs: Math.round(performance.now() - started),
    engineMs,
  };
}
