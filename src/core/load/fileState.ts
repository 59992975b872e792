import type { SourceSummary } from '../model/cluster.ts';

/**
 * What the loader learns about one input file while reading it: document count, objects loaded
 * and skipped by kind, and the first place each skipped kind was seen (for one info diagnostic
 * per kind instead of one per object).
 * @internal
 */
export class FileState {
  documents = 0;
  bytes = 0;
  readonly counts: Record<string, number> = {};
  readonly skipped: Record<string, number> = {};
  readonly skippedFirst = new Map<string, { document: number; line: number; reason: string }>();
  lostEvents = 0;
  lostEventsLine = 0;
  /** Hubble exporter aggregate records (`flow.aggregate`), the flows they stand for, the first one's line. */
  aggregatedRecords = 0;
  aggregatedFlows = 0;
  aggregatedLine = 0;
  /** Set when the file could not be read at all (binary, gzip). */
  unreadable = false;

  constructor(readonly name: string, readonly order: number) {}

  count(kind: string, n = 1): void {
    this.counts[kind] = (this.counts[kind] ?? 0) + n;
  }

  skip(kind: string, where?: { document: number; line: number; reason: string }, n = 1): void {
    this.skipped[kind] = (this.skipped[kind] ?? 0) + n;
    if (where && !this.skippedFirst.has(kind)) this.skippedFirst.set(kind, where);
  }

  summary(): SourceSummary {
    return { file: this.name, documents: this.documents, counts: sortKeys(this.counts), skipped: sortKeys(this.skipped), bytes: this.bytes };
  }
}

function sortKeys(r: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(r).sort()) out[k] = r[k] as number;
  return out;
}
