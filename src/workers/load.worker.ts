/**
 * The load worker: a thin shell around the load pipeline (streaming read, gunzip, the pure
 * loader, flow aggregation, the engine). After the load it stays alive as the load's graph
 * session and answers `graph` requests with `buildGraph` over the inputs it kept, `lint`
 * requests with the linter's findings, and `leaks` requests with the other tenants' identifiers
 * found in a customer view's output; the graph of a customer view comes checked the same way
 * (secretsTask.ts). One worker per
 * load; the client terminates it to cancel, and when a newer load replaces this one.
 *
 * Order, for the first graph frame: when the engine cannot add to the data (no flows to
 * cross-check: its results only feed the graph), the data goes to the page first and the engine
 * runs while the page renders it; then the graph for the view the page opens with is built before
 * the page asks (graphBuilder.ts). When that view collapses groups (big clusters), the engine
 * first leaves out the pairs inside them, which the picture does not draw, and evaluates them
 * once the page has drawn the picture, in slices between requests (`analyseInSteps`, `afterDrawn`);
 * a view that needs them waits for them. With a cross-check, the engine runs first (its diagnostics and counts are part of
 * the data).
 */
import { initialViewState } from '../core/graph/viewState.ts';
import { matrixClasses } from '../core/engine/matrixClassesLazy.ts';
import { redaction } from '../core/graph/redaction.ts';
import { tenantSharesCode } from '../core/graph/tenantSharesCode.ts';
import { TENANTS_GROUP } from '../core/graph/grouping.ts';
import { searchCode } from '../core/search/searchCode.ts';
import { analyseInSteps, crossChecks, graphInputsFrom } from './analyse.ts';
import { GraphBuilder } from './graphBuilder.ts';
import { sourcesDigest } from './digestTask.ts';
import { AfterDrawn } from './afterDrawn.ts';
import { analyseLoad, loadedData, readLoad, scansAhead, type ReadLoad } from './loadPipeline.ts';
import { SCAN_WORKER_NAME, workerScanner } from './textScanner.ts';
import { serveScans, type ScanScope } from './scanHost.ts';
import type { GraphRequest, LeaksRequest, LintRequest, LoadedData, LoadRequest, LoadSource, WorkerMessage, WorkerRequest } from './protocol.ts';
import { lintReport } from './lintTask.ts';
import type { FindingsReport } from '../core/findings/targets.ts';
import { partsOf } from './transfer.ts';
import type { SecretsTask } from './secretsTask.ts';

// The project's lib is DOM, not WebWorker: name only what this shell uses.
const scope = self as unknown as {
  readonly name: string;
  readonly location: { readonly href: string };
  postMessage(message: WorkerMessage): void;
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
};

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** What the graph requests work on, once the load is done. */
let builder: GraphBuilder | null = null;

/** Sends the load to the page; false when it could not be (the page was told). */
function send(data: LoadedData): boolean {
  try {
    for (const message of partsOf(data)) scope.postMessage(message);
    return true;
  } catch (err) {
    // A value that cannot be cloned must not leave the client waiting forever.
    scope.postMessage({ type: 'failed', message: `result could not be sent to the page: ${errorText(err)}` });
    return false;
  }
}

/**
 * How long the deferred work waits for the page's `drawn` before it starts anyway: the page
 * sends it once the first graph is drawn (ui/graph/useGraphInputs.ts), seconds after the graph
 * left here on a big cluster under load.
 */
const DRAWN_WAIT_MS = 20_000;
const afterDrawn = new AfterDrawn(DRAWN_WAIT_MS);

/**
 * Files of at least this many bytes in all may hold a cluster that opens collapsed (300
 * workloads): the code its first graph needs and the demo never does is fetched while they are
 * read, each a chunk of its own: the matrix's classes (the engine's first step) and the tenants'
 * aggregate (an opening with every tenant as one node). Fetched after the read, the aggregate's
 * chunk left this thread idle between the data sent and the engine's start (about 150 ms in a
 * traced 20k open under load).
 */
const AHEAD_FROM_BYTES = 1_000_000;

/** The load's sources, read again for a rule's text (the explanation's "Show rule text"). */
let loadedSources: readonly LoadSource[] = [];

async function load(request: LoadRequest): Promise<void> {
  loadedSources = request.sources;
  if (request.sources.reduce((n, s) => n + (s.kind === 'file' ? s.file.size : 0), 0) >= AHEAD_FROM_BYTES) for (const code of [matrixClasses, tenantSharesCode]) void code.load().catch(() => undefined);
  // A helper worker decodes and scans the files ahead on the other core (textScanner.ts); ended once they are read.
  const scanner = scansAhead(request.sources) ? workerScanner(scope.location.href) : null;
  let read: ReadLoad;
  try {
    read = await readLoad(request.sources, request.options, (progress) => scope.postMessage({ type: 'progress', progress }), undefined, scanner);
  } finally {
    scanner?.close();
  }
  // Moments of the load in a trace (bench/lib/traceOpen.ts cuts the worker's CPU at them).
  performance.mark('load:read');
  const before = crossChecks(read.cluster, read.flows) ? analyseLoad(read) : null;
  if (!send(await loadedData(read, before?.analysis ?? null, before?.engineMs ?? 0, request.sources))) return;
  performance.mark('load:sent');
  // From here to the prebuilt graph this is one task: graph requests wait for it.
  const view = initialViewState(read.cluster);
  if (view.collapsed.includes(TENANTS_GROUP)) await tenantSharesCode.load();
  const steps = before === null ? analyseInSteps(read.cluster, read.flows, view) : null;
  if (steps !== null) {
    // The engine's first step is done (compile, connectivity without the deferred pairs, its graph terms).
    performance.mark('load:engine');
    // The first picture without the pairs inside collapsed groups; the rest right after it.
    const rest = steps.rest();
    const { cluster, flows } = read;
    const whole = {
      next: () => {
        const r = rest.next();
        return r.done ? { done: true as const, value: { inputs: graphInputsFrom(cluster, flows, r.value), engineError: r.value.engineError } } : { done: false as const, value: undefined };
      },
    };
    const b = new GraphBuilder(graphInputsFrom(cluster, flows, steps.first), null, { covers: steps.covers, rest: whole });
    builder = b;
    b.prebuild(view);
    performance.mark('load:built');
    afterDrawn.schedule(() => {
      completeLater(b);
      sendDigest(request);
    });
    return;
  }
  const analysis = before?.analysis ?? analyseLoad(read, undefined, false).analysis;
  performance.mark('load:engine');
  builder = new GraphBuilder(graphInputsFrom(read.cluster, read.flows, analysis), analysis.engineError);
  builder.prebuild(view);
  performance.mark('load:built');
  afterDrawn.schedule(() => sendDigest(request));
}

/**
 * Hashes the load's files (crypto.subtle, on this thread: about 2 ms per MB) and sends the digest.
 * Started once the page has drawn the graph it opens with (`afterDrawn`): only exports and print
 * need it; hashed while the files were parsed it made the load that much longer, and while the
 * page drew, the drawing.
 */
function sendDigest(request: LoadRequest): void {
  void sourcesDigest(request.sources).then((d) => scope.postMessage({ type: 'digest', digest: d }));
}

/** Longest slice of the deferred work between two chances for requests to be answered. */
const SLICE_MS = 50;

/** Completes the builder's inputs in slices, so that graph requests are answered in between. */
function completeLater(b: GraphBuilder): void {
  const slice = (): void => {
    if (builder !== b) return;
    const until = performance.now() + SLICE_MS;
    while (performance.now() < until) if (b.step()) return;
    setTimeout(slice, 0);
  };
  setTimeout(slice, 0);
}

/** The load's lint report, computed on the first request. */
let findings: Promise<FindingsReport> | null = null;

async function lintFindings(request: LintRequest): Promise<void> {
  if (builder === null) {
    scope.postMessage({ type: 'lint-failed', id: request.id, message: 'nothing is loaded in this worker' });
    return;
  }
  // A promise: the rare lint checks may be fetched first (core/lint/rareLint.ts).
  const report = (findings ??= lintReport(builder.inputs.cluster));
  try {
    scope.postMessage({ type: 'lint', id: request.id, report: await report });
  } catch (err) {
    if (findings === report) findings = null;
    scope.postMessage({ type: 'lint-failed', id: request.id, message: errorText(err) });
  }
}

/** The customer view's other-tenant identifiers, per grouping label and tenant (kept for the session). */
let secretsTask: SecretsTask | null = null;
/**
 * The leak check (secretsTask.ts, with the export writer whose words it knows) is a chunk of its
 * own: only a customer view needs it, and the default screen shows none.
 */
let secretsModule: Promise<typeof import('./secretsTask.ts')> | null = null;
const secretsCode = (): Promise<typeof import('./secretsTask.ts')> => (secretsModule ??= import('./secretsTask.ts'));

async function leaks(request: LeaksRequest): Promise<void> {
  if (builder === null) {
    scope.postMessage({ type: 'leaks-failed', id: request.id, message: 'nothing is loaded in this worker' });
    return;
  }
  try {
    const { SecretsTask } = await secretsCode();
    secretsTask ??= new SecretsTask(builder.inputs.cluster);
    scope.postMessage({ type: 'leaks', id: request.id, leaks: secretsTask.leaks(request.text, request.groupingLabel, request.tenant) });
  } catch (err) {
    scope.postMessage({ type: 'leaks-failed', id: request.id, message: errorText(err) });
  }
}

async function graph(request: GraphRequest): Promise<void> {
  if (builder === null) {
    scope.postMessage({ type: 'graph-failed', id: request.id, message: 'nothing is loaded in this worker' });
    return;
  }
  try {
    // A customer view's graph is redacted (its code is a chunk: redaction.ts) and leaves the
    // worker checked (the page draws it only when clean).
    const check = request.view.customerTenant === null ? null : (await Promise.all([secretsCode(), redaction.load()]))[0];
    // A search text lights its matches: the search is a chunk too (searchCode.ts).
    if (request.view.filters.search.trim() !== '') await searchCode.load();
    // The tenants as one node: what its lines stand for is a chunk too (tenantSharesCode.ts).
    if (request.view.collapsed.includes(TENANTS_GROUP)) await tenantSharesCode.load();
    const model = builder.graph(request.view);
    const checked = check === null ? {} : check.graphCheck((secretsTask ??= new check.SecretsTask(builder.inputs.cluster)), model, request.view);
    scope.postMessage({ type: 'graph', id: request.id, model, engineError: builder.engineError, ...checked });
  } catch (err) {
    scope.postMessage({ type: 'graph-failed', id: request.id, message: errorText(err) });
  }
}

// Started as the load worker's helper (textScanner.ts): it answers scans only.
if (scope.name === SCAN_WORKER_NAME) serveScans(scope as unknown as ScanScope);
else {
  scope.onmessage = (event) => {
    const request = event.data;
    switch (request.type) {
      case 'load':
        if (import.meta.env.MODE === 'e2e' && request.options.testHook === 'crash') {
          // Uncaught on purpose (outside the promise): exercises the client's crash path (worker `error` event).
          throw new Error('test hook: simulated worker crash');
        }
        return void load(request).catch((err: unknown) => scope.postMessage({ type: 'failed', message: errorText(err) }));
      case 'graph':
        return void graph(request);
      case 'lint':
        return void lintFindings(request);
      case 'leaks':
        return void leaks(request);
      case 'rule-text':
        // A deciding rule's lines from the load's files: its code is a chunk of its own (ruleText.ts).
        return void import('./ruleText.ts').then(
          (m) => m.ruleTextAnswer(loadedSources, request).then((a) => scope.postMessage(a)),
          (err: unknown) => scope.postMessage({ type: 'rule-text-failed', id: request.id, message: errorText(err) }),
        );
      case 'drawn':
        return afterDrawn.drawn();
    }
  };
}
