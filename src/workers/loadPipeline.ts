import { FlowAggregator } from '../core/flows/aggregate.ts';
import { flowSinkFor } from '../core/flows/sink.ts';
import { aggregateFiles, isAggregateHead } from '../core/flows/savedAggregates.ts';
import { needsPeerNames, peerNamesCode } from '../core/flows/peerNamesCode.ts';
import { Loader } from '../core/load/loadInputs.ts';
import { ipcacheCode } from '../core/engine/ipcacheCode.ts';
import { needsTierWords, tierWords } from '../core/engine/tierWordsCode.ts';
import { conflictCode, needsConflictCode } from '../core/engine/conflictCode.ts';
import { rareReaders } from '../core/load/rareInputs.ts';
import { fflate, isZip } from '../core/load/sourceEntries.ts';
import { isTarHeader } from '../core/load/tarHeader.ts';
import { isGzip } from '../core/load/decode.ts';
import { lazyModuleMisses, loadMissedModules } from '../core/util/lazyModule.ts';
import { loadRe2 } from '../core/util/re2.ts';
import type { FlowAggregate } from '../core/flows/types.ts';
import type { FlowSink } from '../core/load/types.ts';
import type { Cluster } from '../core/model/cluster.ts';
import type { Diagnostic } from '../core/model/diagnostic.ts';
import { analyse, type Analysis } from './analyse.ts';
import { extractLines, extractLinesFromChunks, wantedLines } from './excerpts.ts';
import type { LoadedData, LoadedFile, LoadPhase, LoadProgress, LoadRequestOptions, LoadSource } from './protocol.ts';
import { contentHead, feedSource, readWhole, sourceBytes, textChunks, WHOLE_FILE_MAX_BYTES } from './readSource.ts';
import { HEAD_BYTES, type ScanReply, type TextScanner } from './textScanner.ts';

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
  /** Diagnostics inside an archive's members (`<archive>/<member>`): one more pass over each such archive. */
  const inArchives = new Map<Extract<LoadSource, { kind: 'file' }>, Map<string, Set<number>>>();
  for (const [file, lines] of wantedLines(diagnostics)) {
    const source = sources.find((s) => s.name === file);
    if (!source) {
      const archive = sources.find((s) => s.kind === 'file' && file.startsWith(`${s.name}/`));
      if (archive?.kind === 'file') inArchives.set(archive, (inArchives.get(archive) ?? new Map()).set(file, lines));
      continue;
    }
    excerpts.set(file, source.kind === 'text' ? extractLines(source.text, lines) : await extractLinesFromChunks(textChunks(source, signal), lines));
  }
  if (inArchives.size > 0) {
    const { memberExcerpts } = await import('./memberExcerpts.ts');
    for (const [archive, wanted] of inArchives) for (const [file, lines] of await memberExcerpts(archive, wanted, signal)) excerpts.set(file, lines);
  }
  return excerpts;
}

/**
 * The text of a saved flow aggregate (`flows --save-aggregate`, gzip too), or null when the source
 * is something else: aggregates are accepted wherever flow exports are, and are small. `head`: a
 * file's first bytes (`HEAD_BYTES`), read already (null for text).
 */
async function savedAggregateText(source: LoadSource, head: Uint8Array | null, signal?: AbortSignal): Promise<string | null> {
  if (source.kind === 'text') return isAggregateHead(source.text) ? source.text : null;
  if (head === null || (!isGzip(head) && !isAggregateHead(new TextDecoder().decode(head.subarray(0, 256))))) return null;
  let text = '';
  for await (const chunk of textChunks(source, signal)) {
    text += chunk;
    // A gzip file: decided on its first decoded bytes.
    if (text.length >= 256 && !isAggregateHead(text)) return null;
  }
  return isAggregateHead(text) ? text : null;
}

/**
 * `sink` with every flow it takes counted (the progress bar's flow count): those given parsed
 * (`accept`) and those the line fast path takes as text (`acceptText`, forwarded whenever `sink`
 * has it). A wrapper offering only `accept` made the loader parse every line whole.
 */
export function countedFlowSink(sink: FlowSink, count: () => void): FlowSink {
  const takeText = sink.acceptText?.bind(sink);
  return {
    accept(record) {
      count();
      sink.accept(record);
    },
    clusterLoaded: (cluster) => sink.clusterLoaded?.(cluster),
    ...(takeText
      ? {
          acceptText(file: string, line: number, text: string) {
            const taken = takeText(file, line, text);
            if (taken !== null) count();
            return taken;
          },
        }
      : {}),
  };
}

/** A load read and parsed, before the engine ran: everything but the engine's results. */
export interface ReadLoad {
  readonly cluster: Cluster;
  readonly flowRecords: number;
  readonly flows: FlowAggregate | null;
  /** Reading problems first, then the loader's and the flows' in input order. */
  readonly diagnostics: readonly Diagnostic[];
  readonly files: readonly LoadedFile[];
  /** `performance.now()` when reading started. */
  readonly started: number;
  /** Reports the `analysing` phase (before the engine runs). */
  readonly reportAnalysing: () => void;
}

/** Why a pass stopped: it needed code that was not loaded (util/lazyModule.ts). */
const NEEDS_LAZY_MODULE = Symbol('needs a module not loaded yet');
/** Passes that may stop for a module (there are fewer lazy modules than this); the last one never stops. */
const MAX_PASSES = 8;

/**
 * Streams every source through the pure loader (flows are aggregated as they go by, never held)
 * and assembles the Cluster: everything of a load but the engine.
 *
 * The careful YAML parser (core/load/carefulYaml.ts), the archive decompressor
 * (core/load/sourceEntries.ts) and the rare readers (core/load/rareInputs.ts: archive members,
 * agent outputs, text for people, kubectl's stderr lines) are chunks of their own, not loaded
 * until an input needs them (core/util/lazyModule.ts): plain YAML and JSON never do. A zip or tar
 * (or a .tar.gz) is seen coming (its first bytes, gunzipped) and what it needs fetched before it
 * is read; otherwise, when the loader needs one (a document the fast path declines, a position the
 * text cannot give, gzip inside a tar, an agent output, a kubectl message), the
 * pass stops at the next chunk, what missed is fetched, and the inputs are read again from the
 * start: the loader is synchronous, so only a fresh pass gives exactly what a load with the
 * module from the start gives. A pass stops at its first miss, so the next pass may miss another
 * module further on: passes repeat until one misses nothing. At most once per module and worker
 * (modules stay loaded).
 */
export async function readLoad(
  sources: readonly LoadSource[],
  options: LoadRequestOptions,
  onProgress: (p: LoadProgress) => void,
  signal?: AbortSignal,
  /** The load worker's helper (textScanner.ts): decodes and scans files ahead on another thread. */
  scanner: TextScanner | null = null,
): Promise<ReadLoad> {
  // A pass stops at its first miss, so a later input may need another module: pass again until
  // one needs nothing new (each pass loads at least one module, so this ends).
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const misses = lazyModuleMisses();
    const missed = (): boolean => lazyModuleMisses() !== misses;
    // Aborted by the caller's signal, or (with NEEDS_LAZY_MODULE) as soon as a miss is seen.
    const stop = new AbortController();
    const forward = (): void => stop.abort(signal?.reason);
    if (signal?.aborted) forward();
    signal?.addEventListener('abort', forward);
    try {
      const read = await readPass(
        sources,
        options,
        onProgress,
        stop.signal,
        () => {
          if (missed() && !stop.signal.aborted) stop.abort(NEEDS_LAZY_MODULE);
        },
        scanner,
      );
      if (!missed()) return read;
    } catch (e) {
      if (signal?.aborted || !missed()) throw e;
    } finally {
      signal?.removeEventListener('abort', forward);
    }
    await loadMissedModules();
    if (signal?.aborted) throw signal.reason;
  }
  return readPass(sources, options, onProgress, signal, () => {}, scanner);
}

/** Whether the helper scans source `i` (`startAhead`). */
const scannable = (source: LoadSource | undefined, i: number): source is Extract<LoadSource, { kind: 'file' }> => i > 0 && source?.kind === 'file' && source.file.size <= WHOLE_FILE_MAX_BYTES;

/** Whether a load has files for the helper: without, none is started (the demo's texts, one file). */
export function scansAhead(sources: readonly LoadSource[]): boolean {
  return sources.some(scannable);
}

/** How many files the helper decodes and scans ahead of the one being parsed. */
const SCAN_AHEAD = 2;

/**
 * A file started ahead of its turn: scanned (or read) by the helper, or read in one piece here
 * (`readWhole`); and its first bytes (`head`), which say in its turn whether it is gzip, a saved
 * aggregate or an archive.
 */
interface Ahead {
  readonly scanned: Promise<ScanReply | null> | null;
  readonly whole: Promise<Uint8Array> | null;
  readonly head: Promise<Uint8Array> | null;
}

/**
 * The first bytes of a file, read ahead: in its turn this thread had waited on three or four reads
 * of them one after the other (gzip? an aggregate? an archive?), each a round trip to the browser.
 * A file the helper reads comes with them (`ScanReply.head`).
 */
function headOf(file: Blob): Promise<Uint8Array> {
  const head = file
    .slice(0, HEAD_BYTES)
    .arrayBuffer()
    .then((b) => new Uint8Array(b));
  // Awaited in the file's turn (a failed read fails there, as before); not reported meanwhile.
  head.catch(() => {});
  return head;
}

/**
 * The part of the bytes the helper parses. Less than half: the helper also decodes and scans every
 * other file, and taking over a recording (deserialising it, placing its objects, collecting them)
 * costs this thread nearly what parsing the file itself would. Traced 20k opens (thread CPU, open
 * to the files read, load average 17-20): at 60% the helper was the busier thread (2,020 against
 * 1,540 ms, `finish` included in this thread's), at 25% they were about even (1,580 / 1,620 against
 * 1,790 / 1,460 ms) and both threads together used about 10% less.
 */
export const HELPER_SHARE = 0.25;

/**
 * Which files the helper parses itself (`Loader.record`) instead of only decoding and scanning
 * them: from the second file on, a file goes to the helper only when, with it, the helper's bytes
 * stay within its share of the bytes so far (HELPER_SHARE); so the load worker parses about
 * (1 - share) / share times a helper's file before it, and does not wait for the helper's
 * recording (the helper gets it SCAN_AHEAD files ahead, while it is still starting for the first
 * ones). Any split gives the same load: the files are taken over in their order.
 */
export function helperReads(sources: readonly LoadSource[]): boolean[] {
  let helper = 0;
  let own = 0;
  return sources.map((source, i) => {
    if (!scannable(source, i)) {
      own += sourceBytes(source);
      return false;
    }
    const size = source.file.size;
    if ((helper + size) * (1 - HELPER_SHARE) >= own * HELPER_SHARE) {
      own += size;
      return false;
    }
    helper += size;
    return true;
  });
}

/**
 * Starts file `i` ahead. The first file is read here (the helper is still starting); later plain
 * files small enough to be read whole go to the helper, which decodes them and finds their line
 * starts and List items (core/load/textFacts.ts) while this thread parses the files before, and
 * parses those `helperReads` gives it.
 */
function startAhead(sources: readonly LoadSource[], i: number, scanner: TextScanner | null, options: LoadRequestOptions, read: boolean): Ahead {
  const source = sources[i] as LoadSource;
  if (scanner !== null && scannable(source, i)) {
    const record = read ? { name: source.name, options: options.defaultNamespace ? { defaultNamespace: options.defaultNamespace } : {} } : null;
    // Its first bytes come with the helper's reply (it reads the whole file).
    return { scanned: scanner.scan(source.file, record), whole: null, head: null };
  }
  return { scanned: null, whole: readWhole(source), head: source.kind === 'file' ? headOf(source.file) : null };
}

async function readPass(
  sources: readonly LoadSource[],
  options: LoadRequestOptions,
  onProgress: (p: LoadProgress) => void,
  signal: AbortSignal | undefined,
  /** Called after every chunk read (checks for a miss of a lazy module). */
  check: () => void,
  scanner: TextScanner | null,
): Promise<ReadLoad> {
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
    ...(options.agentSettings ? { agentSettings: options.agentSettings } : {}),
    flowSink: countedFlowSink(toAggregate, () => flows++),
  });
  for (const d of options.notes ?? []) loader.addDiagnostic(d);
  const files: LoadedFile[] = [];
  const readDiagnostics: Diagnostic[] = [];
  const saved: FlowAggregate[] = [];
  const ahead = new Map<number, Ahead>();
  const helperParses = helperReads(sources);
  for (const [i, source] of sources.entries()) {
    report('reading', source.name, true);
    // Read (or scan) the next files while this one is parsed.
    for (let j = i; j <= i + SCAN_AHEAD && j < sources.length; j++) if (!ahead.has(j)) ahead.set(j, startAhead(sources, j, scanner, options, helperParses[j] === true));
    const started = ahead.get(i) as Ahead;
    ahead.delete(i);
    const reply = started.scanned === null ? null : await started.scanned;
    // A file the helper read comes with its first bytes: each read of them here (Blob.slice, a
    // round trip to the browser) was 2-3 ms of this thread. Read here when the helper has none.
    const head = reply?.head ?? (source.kind === 'file' ? await (started.head ?? headOf(source.file)) : null);
    const savedText = await savedAggregateText(source, head, signal);
    if (savedText !== null) {
      // The reader of saved aggregates is a chunk of its own (core/flows/savedAggregates.ts).
      await aggregateFiles.load();
      const parsed = aggregateFiles.get().parseAggregateFile(savedText, source.name);
      if ('diagnostic' in parsed) readDiagnostics.push(parsed.diagnostic);
      else {
        saved.push(parsed.file.aggregate);
        flows += parsed.file.aggregate.totals.flows;
      }
      bytesRead += sourceBytes(source);
      files.push({ name: source.name, bytes: sourceBytes(source), decodedBytes: savedText.length, gzip: head !== null && isGzip(head) });
      continue;
    }
    // An archive needs the archive readers (a zip the decompressor too): fetched before it is read,
    // not after a first pass. A gzip file is looked at gunzipped, as it is read (a .tar.gz).
    if (source.kind === 'file' && !(fflate.loaded() && rareReaders.loaded())) {
      const first = head !== null && !isGzip(head) ? head : await contentHead(source.file, HEAD_BYTES);
      if (isZip(first)) await Promise.all([fflate.load(), rareReaders.load()]);
      else if (isTarHeader(first)) await rareReaders.load();
    }
    const onBytes = (n: number): void => {
      bytesRead += n;
      check();
      report('reading', source.name, false);
    };
    const scanned = reply?.scanned ?? null;
    if (signal?.aborted) throw signal.reason;
    if (scanned?.recording && source.kind === 'file') {
      // Parsed by the helper: its Loader's objects and diagnostics, taken over in this file's turn.
      const bytes = scanned.recording.state.bytes;
      onBytes(bytes);
      loader.addRecorded(source.name, scanned.recording);
      files.push({ name: source.name, bytes: source.file.size, decodedBytes: bytes, gzip: false });
    } else if (scanned?.facts && source.kind === 'file') {
      const facts = scanned.facts;
      onBytes(facts.bytes);
      loader.addScanned(source.name, facts);
      files.push({ name: source.name, bytes: source.file.size, decodedBytes: facts.bytes, gzip: false });
    } else {
      // Not scanned, or the helper left it to this thread (gzip, an archive, bytes that do not decode).
      const fed = await feedSource(source, loader.openSource(source.name), onBytes, signal, started.scanned === null ? started.whole : readWhole(source));
      files.push(fed.file);
      readDiagnostics.push(...fed.diagnostics);
    }
    check();
    if (signal?.aborted) throw signal.reason;
  }
  report('parsing', null, true);
  if (options.testHook === 'slow') await new Promise((r) => setTimeout(r, 10_000));
  if (signal?.aborted) throw signal.reason;

  // re2js is a chunk of its own, fetched only for input with HTTP rules (their RE2 patterns).
  if (loader.mayNeedRe2()) await loadRe2();
  const result = loader.finish();
  // An agent's ipcache: the engine answers its addresses with code of its own (engine/ipcacheCode.ts).
  if (result.cluster.agentIpcache) await ipcacheCode.load();
  // Tier policies: the engine's words for them are a chunk of their own too (engine/tierWordsCode.ts).
  if (needsTierWords(result.cluster)) await tierWords.load();
  // So is its code for authentication modes and policies Cilium cannot merge (engine/conflictCode.ts).
  if (needsConflictCode(result.cluster)) await conflictCode.load();
  // Naming the flow peers the flows do not name (CiliumEndpoints, CiliumIdentities, an ipcache): code of its own too (flows/peerNamesCode.ts).
  if (flows > 0 && needsPeerNames(result.cluster)) await Promise.all([peerNamesCode.load(), aggregateFiles.load()]);
  const read = flows > 0 ? aggregator.result() : null;
  const aggregate = saved.length === 0 ? read : aggregateFiles.get().mergeAggregates(read === null ? saved : [read, ...saved]);
  return {
    cluster: result.cluster,
    flowRecords: result.flowRecords + saved.reduce((n, a) => n + a.totals.flows + a.totals.skipped.total, 0),
    flows: aggregate,
    diagnostics: [...readDiagnostics, ...inInputOrder([...result.diagnostics, ...(aggregate?.diagnostics ?? [])], sources)],
    files,
    started,
    reportAnalysing: () => report('analysing', null, true),
  };
}

/**
 * The LoadedData of a read load: with the engine's `analysis`, or without it (null: the engine
 * runs later, in the worker's graph session, and its fields are left out).
 */
export async function loadedData(read: ReadLoad, analysis: Analysis | null, engineMs: number, sources: readonly LoadSource[], signal?: AbortSignal): Promise<LoadedData> {
  const diagnostics = [...read.diagnostics, ...(analysis?.diagnostics ?? [])];
  const excerpts = await excerptsOf(diagnostics, sources, signal);
  const base = { cluster: read.cluster, flowRecords: read.flowRecords, flows: read.flows, diagnostics, excerpts, files: read.files };
  const durationMs = Math.round(performance.now() - read.started);
  if (analysis === null) return { ...base, durationMs };
  return {
    ...base,
    connectivity: analysis.connectivity,
    mismatches: analysis.mismatches,
    crossCheck: analysis.crossCheck,
    engineError: analysis.engineError,
    durationMs,
    engineMs,
  };
}

/**
 * Runs the engine on a read load (the `analysing` phase, reported unless the page already has the
 * data); returns its analysis and how long it took.
 */
export function analyseLoad(read: ReadLoad, signal?: AbortSignal, report = true): { readonly analysis: Analysis; readonly engineMs: number } {
  if (report) read.reportAnalysing();
  const engineStarted = performance.now();
  const analysis = analyse(read.cluster, read.flows);
  const engineMs = Math.round(performance.now() - engineStarted);
  if (signal?.aborted) throw signal.reason;
  return { analysis, engineMs };
}

/**
 * Reads every source, runs the engine on the result and cuts the excerpts the diagnostics panel
 * shows. The same function runs in the worker (see load.worker.ts for when the engine runs
 * after the page has the data) and, as a fallback, on the main thread.
 */
export async function runLoad(
  sources: readonly LoadSource[],
  options: LoadRequestOptions,
  onProgress: (p: LoadProgress) => void,
  signal?: AbortSignal,
): Promise<LoadedData> {
  const read = await readLoad(sources, options, onProgress, signal);
  const { analysis, engineMs } = analyseLoad(read, signal);
  return loadedData(read, analysis, engineMs, sources, signal);
}
