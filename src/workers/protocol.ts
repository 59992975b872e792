import type { Cluster } from '../core/model/cluster.ts';
import type { Diagnostic } from '../core/model/diagnostic.ts';

/**
 * What crosses the worker boundary. Everything here is plain data (structured clone): `File`
 * and `Blob` clone natively, `Cluster` holds `ReadonlyMap`s and bigints, which clone too.
 * @public
 */
export type LoadSource =
  /** A file the user opened or dropped; read (and gunzipped) inside the worker. */
  | { readonly kind: 'file'; readonly name: string; readonly file: Blob }
  /** Pasted text, or a built-in demo file imported as a string. */
  | { readonly kind: 'text'; readonly name: string; readonly text: string };

export interface LoadRequestOptions {
  readonly defaultNamespace?: string;
  /** e2e builds only: make the worker fail (`crash`) or pause before parsing (`slow`). */
  readonly testHook?: 'crash' | 'slow';
}

export interface LoadRequest {
  readonly type: 'load';
  readonly sources: readonly LoadSource[];
  readonly options: LoadRequestOptions;
}

export type LoadPhase = 'reading' | 'parsing';

export interface LoadProgress {
  readonly phase: LoadPhase;
  readonly bytesRead: number;
  readonly bytesTotal: number;
  /** File being read, when reading. */
  readonly file: string | null;
}

/** One input file as read: size on disk and whether it was gzip. */
export interface LoadedFile {
  readonly name: string;
  /** Bytes as given (compressed size for gzip). */
  readonly bytes: number;
  /** Bytes handed to the loader (after decompression). */
  readonly decodedBytes: number;
  readonly gzip: boolean;
}

/** The result of one load: what the app shows. Replaces the previous one as a whole. */
export interface LoadedData {
  readonly cluster: Cluster;
  readonly flowRecords: number;
  /** Every diagnostic: reading problems (gzip) first, then the loader's, in input order. */
  readonly diagnostics: readonly Diagnostic[];
  /**
   * Input lines around each diagnostic (file → 1-based line → text, truncated), so panels can
   * show the offending lines without holding whole files on the main thread.
   */
  readonly excerpts: ReadonlyMap<string, ReadonlyMap<number, string>>;
  readonly files: readonly LoadedFile[];
  readonly durationMs: number;
}

export type WorkerMessage =
  | { readonly type: 'progress'; readonly progress: LoadProgress }
  | { readonly type: 'done'; readonly data: LoadedData }
  | { readonly type: 'failed'; readonly message: string };
