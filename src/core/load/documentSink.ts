import type { Diagnostic } from '../model/diagnostic.ts';
import type { SourceDocument } from './sourceDocument.ts';

/**
 * Where the documents stage (pipeline.ts) hands its output to the objects stage (loader.ts): one
 * entry's documents, whatever the format: YAML documents, one JSON value (object, List or
 * array), or JSON lines, handed over one by one so that flows never become documents.
 * @internal
 */
export interface TextSink {
  document(doc: SourceDocument): void;
  /**
   * A parsed JSON line; `makeDocument` builds its SourceDocument only if needed, after the checks
   * every document passes (null: refused, already reported).
   */
  jsonLine(value: unknown, line: number, makeDocument: () => SourceDocument | null): void;
  /** Offered a JSON line's text before it is parsed; true: taken (a flow), nothing more to do. */
  jsonLineText?(text: string, line: number): boolean;
  diagnostic(d: Diagnostic): void;
  /** Number of top-level documents (YAML documents, JSON values, JSON lines). */
  documents(n: number): void;
  /** The `Revision: N` line that ended the text (`cilium-dbg policy get`), taken out before the JSON was read. */
  policyRevision?(revision: number, line: number): void;
}
