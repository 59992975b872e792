import type { SourceSummary } from '../model/cluster.ts';

/** A FileState as plain data (it crosses threads in a recording: loader.ts `FileRecording`). @internal */
export interface FileStateData {
  readonly documents: number;
  readonly bytes: number;
  readonly counts: Readonly<Record<string, number>>;
  readonly skipped: Readonly<Record<string, number>>;
  readonly skippedFirst: readonly (readonly [string, { document: number; line: number; reason: string }])[];
  readonly lostEvents: number;
  readonly lostEventsLine: number;
  readonly aggregatedRecords: number;
  readonly aggregatedFlows: number;
  readonly aggregatedLine: number;
  readonly unreadable: boolean;
}

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

  /** What this file's state is, as plain data. */
  data(): FileStateData {
    const { documents, bytes, lostEvents, lostEventsLine, aggregatedRecords, aggregatedFlows, aggregatedLine, unreadable } = this;
    return { documents, bytes, counts: { ...this.counts }, skipped: { ...this.skipped }, skippedFirst: [...this.skippedFirst], lostEvents, lostEventsLine, aggregatedRecords, aggregatedFlows, aggregatedLine, unreadable };
  }

  /** Adds what another reader of this file found (`data()` of its state) to this state. */
  absorb(d: FileStateData): void {
    this.documents += d.documents;
    this.bytes += d.bytes;
    for (const [k, n] of Object.entries(d.counts)) this.count(k, n);
    for (const [k, n] of Object.entries(d.skipped)) this.skipped[k] = (this.skipped[k] ?? 0) + n;
    for (const [k, where] of d.skippedFirst) if (!this.skippedFirst.has(k)) this.skippedFirst.set(k, where);
    this.lostEvents += d.lostEvents;
    if (this.lostEventsLine === 0) this.lostEventsLine = d.lostEventsLine;
    this.aggregatedRecords += d.aggregatedRecords;
    this.aggregatedFlows += d.aggregatedFlows;
    if (this.aggregatedLine === 0) this.aggregatedLine = d.aggregatedLine;
    this.unreadable ||= d.unreadable;
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
