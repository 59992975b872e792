import type { AgentSettingValues } from '../core/model/cluster.ts';
import type { Cluster } from '../core/model/cluster.ts';
import type { FindingsReport } from '../core/findings/targets.ts';
import type { Secret } from '../core/graph/leaks.ts';
import type { Diagnostic } from '../core/model/diagnostic.ts';
import type { MismatchClass as CrossCheckClass } from '../core/flows/crossCheck.ts';
import type { FlowAggregate, FlowEdge } from '../core/flows/types.ts';
import type { ConnectivityInput, GraphModel, MismatchClass, ViewState } from '../core/graph/types.ts';

/**
 * What crosses the worker boundary. Everything here is plain data (structured clone): `File`
 * and `Blob` clone natively, `Cluster` holds `ReadonlyMap`s and bigints, which clone too. No
 * functions, no class instances with behaviour (a unit test clones a whole `LoadedData`).
 * @public
 */
export type LoadSource =
  /** A file the user opened or dropped; streamed (and gunzipped) inside the worker. */
  | { readonly kind: 'file'; readonly name: string; readonly file: Blob }
  /** Pasted text, or a built-in demo file imported as a string. */
  | { readonly kind: 'text'; readonly name: string; readonly text: string };

export interface LoadRequestOptions {
  readonly defaultNamespace?: string;
  /** Agent settings the user set over the cluster's own (cilium-config). */
  readonly agentSettings?: AgentSettingValues;
  /** What choosing the files said (an opened folder's skipped files): shown with the load's diagnostics. */
  readonly notes?: readonly Diagnostic[];
  /** e2e builds only: make the worker fail (`crash`) or pause before parsing (`slow`). */
  readonly testHook?: 'crash' | 'slow';
}

export interface LoadRequest {
  readonly type: 'load';
  readonly sources: readonly LoadSource[];
  readonly options: LoadRequestOptions;
}

/** After a load, the same worker builds graph models for view states (see `graphSession.ts`). */
export interface GraphRequest {
  readonly type: 'graph';
  readonly id: number;
  readonly view: ViewState;
}

/** After a load, the same worker lints its policies (once, on request: src/core/lint). */
export interface LintRequest {
  readonly type: 'lint';
  readonly id: number;
}

/**
 * After a load, the same worker scans a customer view's output (an export, a link) for the other
 * tenants' identifiers (src/core/graph/leaks.ts), which it computes once per grouping label and
 * tenant (seconds on a big cluster: never on the page's main thread). Graph models of a customer
 * view come checked: `leaks` in the `graph` answer.
 */
export interface LeaksRequest {
  readonly type: 'leaks';
  readonly id: number;
  readonly text: string;
  readonly groupingLabel: string;
  readonly tenant: string;
}

/**
 * The page has drawn the load's first graph (or gave up waiting for a drawing): the worker's
 * work the picture does not need (the engine's deferred pairs, the input digest) starts now
 * rather than take the machine's other core from the drawing (load.worker.ts, `afterDrawn`).
 */
export interface DrawnRequest {
  readonly type: 'drawn';
}

/**
 * Which rule's text: the file and first line of its policy's document (Policy.source), and the
 * rule's path (RuleRef.path; '' for none). `whole`: the policy's whole document (the policy
 * text view), not the lines around the rule.
 */
export interface RuleTextQuery {
  readonly file: string;
  readonly line: number;
  readonly path: string;
  readonly whole?: boolean;
}

/** The explanation's "Show rule text": the lines around a deciding rule, read from the load's files (workers/ruleText.ts). */
export interface RuleTextRequest extends RuleTextQuery {
  readonly type: 'rule-text';
  readonly id: number;
}

/**
 * A rule's text: numbered lines of `file` (cut as excerpts are), the rule item's lines `from`
 * to `to` among them; `found` false when only the policy's first lines could be shown (or, for
 * `whole`, none is marked). `cut`: the document goes on past the lines given (`whole` only).
 */
export interface RuleTextLines {
  readonly file: string;
  readonly lines: readonly (readonly [number, string])[];
  readonly from: number;
  readonly to: number;
  readonly found: boolean;
  readonly cut?: boolean;
}

export type WorkerRequest = LoadRequest | GraphRequest | LintRequest | LeaksRequest | RuleTextRequest | DrawnRequest;

/**
 * - `reading`: files are streamed through the loader; flows are aggregated as they arrive;
 * - `parsing`: policies are parsed and the Cluster is assembled (after every byte was read);
 * - `analysing`: the engine runs (compile, connectivity, flows cross-check).
 */
export type LoadPhase = 'reading' | 'parsing' | 'analysing';

export interface LoadProgress {
  readonly phase: LoadPhase;
  /** Bytes of the input files read so far (compressed bytes for gzip files), of `bytesTotal`. */
  readonly bytesRead: number;
  readonly bytesTotal: number;
  /** File being read, when reading. */
  readonly file: string | null;
  /** Flow records met so far. */
  readonly flows: number;
  /** Flow records per second since reading started (0 until there are some). */
  readonly flowsPerSecond: number;
}

/** The progress a load starts with (nothing read yet). */
export const startingProgress: LoadProgress = { phase: 'reading', bytesRead: 0, bytesTotal: 0, file: null, flows: 0, flowsPerSecond: 0 };

/** One input file as read: size on disk and whether it was gzip. */
export interface LoadedFile {
  readonly name: string;
  /** Bytes as given (compressed size for gzip). */
  readonly bytes: number;
  /** Bytes handed to the loader (after decompression). */
  readonly decodedBytes: number;
  readonly gzip: boolean;
}

/** Counts of the flows cross-check, per class (`match`, `observed-allowed-predicted-denied`…). */
export type CrossCheckCounts = Readonly<Record<CrossCheckClass, number>>;

/**
 * The result of one load: what the app shows. Replaces the previous one as a whole.
 * The flow fields are optional so that hand-built values in UI tests stay valid (read them with
 * `?? null`). The engine fields (`connectivity`, `mismatches`, `crossCheck`, `engineError`,
 * `engineMs`) are set by `runLoad`; a worker load sends the page the data before running the
 * engine when the engine cannot add to it (no flows cross-check: see load.worker.ts), and then
 * leaves them out: the engine's results reach the page with the graphs its session builds.
 */
export interface LoadedData {
  readonly cluster: Cluster;
  readonly flowRecords: number;
  /**
   * What the Hubble flows in the input boil down to, aggregated while the files streamed by (the
   * flows themselves are never held). Null when the input held no flow records.
   */
  readonly flows?: FlowAggregate | null;
  /**
   * The engine's connectivity in the graph's terms (computed off the main thread with the load).
   * Null when the engine failed (`engineError` says why): the graph then shows flows only.
   * Undefined on the page after a worker load: it stays in the worker, which builds the graphs
   * (`graphInputsOf` recomputes it if the page has to build one itself).
   */
  readonly connectivity?: ConnectivityInput | null;
  /**
   * Flow edges whose observed verdict disagrees with the policies (FlowAggregate edge key →
   * class). Empty without flows or without policies (nothing to disagree with).
   */
  readonly mismatches?: ReadonlyMap<string, MismatchClass>;
  /** Cross-check counts per class; null when it did not run (no flows, no policies, engine failure). */
  readonly crossCheck?: CrossCheckCounts | null;
  readonly engineError?: string | null;
  /**
   * Every diagnostic: reading problems (gzip) first, then the loader's in input order, then
   * invalid flow records and flows naming endpoints missing from the inventory.
   */
  readonly diagnostics: readonly Diagnostic[];
  /**
   * Input lines around each diagnostic (file → 1-based line → text, truncated), so panels can
   * show the offending lines without holding whole files on the main thread.
   */
  readonly excerpts: ReadonlyMap<string, ReadonlyMap<number, string>>;
  readonly files: readonly LoadedFile[];
  /** Until the data was ready: reading and parsing, and the engine when it ran before (`engineMs` set). */
  readonly durationMs: number;
  /** Of `durationMs`, the engine (compile, connectivity, cross-check); unset when it ran after. */
  readonly engineMs?: number;
}

/** The cluster's lists sent in parts ahead of `done`: most of a big cluster's bytes. */
export type ClusterListKey = 'pods' | 'workloads' | 'policies';

/** Items of one of the cluster's lists, in order. */
export type ClusterListPart = { readonly [K in ClusterListKey]: { readonly type: 'cluster-list'; readonly key: K; readonly items: Cluster[K] } }[ClusterListKey];

export type WorkerMessage =
  | { readonly type: 'progress'; readonly progress: LoadProgress }
  /** Parts of the flow edges, sent before `done` (see `transfer.ts`). */
  | { readonly type: 'flow-edges'; readonly edges: readonly FlowEdge[] }
  /** Parts of the cluster's long lists (pods, workloads, policies), sent before `done` (see `transfer.ts`). */
  | ClusterListPart
  /** The result, its flow edges left empty (the parts sent before fill them), without `connectivity` (see `transfer.ts`). */
  | { readonly type: 'done'; readonly data: LoadedData }
  | { readonly type: 'failed'; readonly message: string }
  /** After `done`: the input digest (core/export/digest.ts), null when it could not be computed (workers/digestTask.ts). */
  | { readonly type: 'digest'; readonly digest: string | null }
  /** `engineError`: the engine failed on this load (the graph shows flows only); it may run after `done`. */
  /** `leaks`: for a customer view, the other tenants' identifiers found in the model (none, normally). */
  | { readonly type: 'graph'; readonly id: number; readonly model: GraphModel; readonly engineError: string | null; readonly leaks?: readonly Secret[] }
  | { readonly type: 'graph-failed'; readonly id: number; readonly message: string }
  | { readonly type: 'lint'; readonly id: number; readonly report: FindingsReport }
  | { readonly type: 'lint-failed'; readonly id: number; readonly message: string }
  | { readonly type: 'leaks'; readonly id: number; readonly leaks: readonly Secret[] }
  | { readonly type: 'leaks-failed'; readonly id: number; readonly message: string }
  /** `text`: null when the file is not among the load's sources or has no such line. */
  | { readonly type: 'rule-text'; readonly id: number; readonly text: RuleTextLines | null }
  | { readonly type: 'rule-text-failed'; readonly id: number; readonly message: string };
