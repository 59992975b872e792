import type { AgentSettingValues, Cluster } from '../model/cluster.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import type { LoadLimits } from './limits.ts';

/**
 * The loader's contract. Inputs are whole files (policies and inventory are small); big Hubble
 * exports are streamed line by line through `FlowSink` instead of being held.
 * @public
 */
export interface InputFile {
  /** Name shown in diagnostics (path relative to what the user gave, or "<paste>", "<stdin>"). */
  readonly name: string;
  /** Raw bytes (gzip is detected by magic number) or already-decoded text. */
  readonly data: Uint8Array | string;
}

export interface LoadOptions {
  /** Namespace for namespaced objects without metadata.namespace (like `kubectl -n`); default `default`. */
  readonly defaultNamespace?: string;
  /** Cluster name for `io.cilium.k8s.policy.cluster`; default taken from CiliumEndpoints/flows, else `default`. */
  readonly clusterName?: string;
  /** Receives every Hubble record met in the inputs; when absent, flow records are only counted. */
  readonly flowSink?: FlowSink;
  /** Called as input is consumed: after each whole file, and after each chunk of a streamed one. */
  readonly onProgress?: (doneBytes: number, totalBytes: number) => void;
  /** Overrides of the size/shape limits (see limits.ts for the documented defaults). */
  readonly limits?: Partial<LoadLimits>;
  /** Passed to the policy parsers (`ParseContext.ciliumVersion`). */
  readonly ciliumVersion?: string;
  /** Agent settings set by the user: they win over the cluster's (cilium-config) in `Cluster.agentConfig`. */
  readonly agentSettings?: AgentSettingValues;
}

/** One line of a Hubble export as found by the loader (already JSON-parsed). */
export interface FlowRecordInput {
  readonly file: string;
  /** 1-based line number in the file. */
  readonly line: number;
  /** The parsed line as written: wrapped `{"flow":{…},"node_name":…}` or a bare (legacy) flow object. */
  readonly value: unknown;
}

export interface FlowSink {
  accept(record: FlowRecordInput): void;
  /**
   * Optional fast path for a JSON line, before the loader parses it: a sink that takes the line
   * must do exactly what `accept` would do with `JSON.parse(text)`, and only for a line the loader
   * would classify as a Hubble flow; it returns the cluster name the flow names (source's, else
   * destination's `cluster_name`, else null) and, for a Hubble exporter's aggregate record
   * (`flow.aggregate`), the flows it stands for. Null: not taken, the loader parses the line as usual.
   */
  acceptText?(file: string, line: number, text: string): { readonly clusterName: string | null; readonly aggregateFlows?: number } | null;
  /** Called once at the end of the load with the Cluster (its CiliumIdentities name flows' numeric identities). */
  clusterLoaded?(cluster: Cluster): void;
}

/**
 * One parsed YAML/JSON document with a way back to its source position. Passed to the
 * per-kind parsers (policies, inventory), which never see YAML.
 */
export interface RawDocument {
  readonly file: string;
  /** 0-based index of the document in the file (for a `List`, the List's index). */
  readonly index: number;
  /** Path prefix when the object is an item of a List: `items[3]`; '' otherwise. */
  readonly pathPrefix: string;
  /** Plain JSON value (objects, arrays, strings, numbers, booleans, null). */
  readonly value: unknown;
  /** 1-based line/column of the node at `path` inside this object (nearest existing ancestor). */
  position(path: readonly (string | number)[]): { line: number; column: number };
}

export interface LoadResult {
  readonly cluster: Cluster;
  /** Flow records met (also delivered to `flowSink` when given). */
  readonly flowRecords: number;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * A file's text with what the loader would otherwise work out of it on its own thread before
 * it can give each object its source line: the line starts, and the offsets of a JSON List's
 * items (a scan of every string of the text). Another thread computes them from the file's bytes
 * while the loader parses the file before (the app's scan worker), and the loader uses them only
 * for exactly this text (`Loader.addScanned`; textFacts.ts computes them): lines stay what the loader would have found.
 * @public
 */
export interface TextFacts {
  readonly text: string;
  /** Bytes it was decoded from (a file's size in the loader's per-file summary). */
  readonly bytes: number;
  /** Offset of each line's start (`lineStarts`); null when the text does not start like JSON (YAML has positions of its own). */
  readonly lineStarts: Uint32Array | null;
  /** The `items` array of a JSON object (a List): where it starts (the `[`) and where its elements start. */
  readonly listItems: { readonly at: number; readonly offsets: Uint32Array } | null;
}
