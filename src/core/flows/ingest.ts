/**
 * Streaming ingest of Hubble exports: chunks → lines → JSON → FlowRecord → FlowAggregator.
 * One `FlowIngest` can read several files in turn (`beginFile`); memory stays bounded by the
 * number of edges, whatever the size of the input. Decompression is the caller's (zlib in the
 * CLI, DecompressionStream in the worker): the core does no I/O.
 * @public
 */
import { parseFlowRecord } from '../hubble/parseFlow.ts';
import { parseFlowRecordPlain } from '../hubble/parseFlowPlain.ts';
import { FlowLineParser, type EndpointCacheStats } from '../hubble/lineParser.ts';
import { FlowAggregator, type AggregateOptions } from './aggregate.ts';
import { LineSplitter } from './lineSplitter.ts';
import type { FlowAggregate } from './types.ts';

export interface IngestProgress {
  readonly bytes: number;
  readonly lines: number;
  readonly flows: number;
}

export class FlowIngest {
  readonly aggregator: FlowAggregator;
  private splitter: LineSplitter | null = null;
  private file = '';
  private bytes = 0;
  private lines = 0;
  private records = 0;
  private readonly maxLineLength: number | undefined;
  /** Caches parsed endpoints across lines; declines (null) whatever it cannot prove equal. */
  private readonly fast: FlowLineParser | null;

  /** `fastPath: false` parses every line whole (the reference the fast path is tested against). */
  constructor(options: AggregateOptions & { maxLineLength?: number; fastPath?: boolean } = {}) {
    this.aggregator = new FlowAggregator(options);
    this.maxLineLength = options.maxLineLength;
    this.fast = options.fastPath === false ? null : new FlowLineParser(undefined, true);
  }

  /** Starts a new input; line numbers restart at 1. Ends the previous file if still open. */
  beginFile(name: string): void {
    this.endFile();
    this.file = name;
    const file = name;
    this.splitter = new LineSplitter(
      {
        line: (text, line) => this.line(file, text, line),
        oversized: (line, length) =>
          this.aggregator.addInvalidLine(
            file,
            line,
            'flow-line-too-long',
            `line of ${length} characters is longer than the ${this.maxLineLength ?? 16 * 1024 * 1024} accepted for one Hubble record; it is skipped`,
          ),
      },
      this.maxLineLength === undefined ? {} : { maxLineLength: this.maxLineLength },
    );
  }

  pushBytes(chunk: Uint8Array): void {
    this.bytes += chunk.byteLength;
    this.aggregator.addBytes(chunk.byteLength);
    this.open().pushBytes(chunk);
  }

  /** Text chunks; `bytes` counts UTF-16 units unless the caller passes the byte count it read. */
  pushText(chunk: string, byteLength = chunk.length): void {
    this.bytes += byteLength;
    this.aggregator.addBytes(byteLength);
    this.open().pushText(chunk);
  }

  endFile(): void {
    if (this.splitter !== null) {
      this.splitter.end();
      this.splitter = null;
    }
  }

  /** The fast path's endpoint cache so far (null when the fast path is off). */
  endpointCache(): EndpointCacheStats | null {
    return this.fast === null ? null : this.fast.stats();
  }

  progress(): IngestProgress {
    return { bytes: this.bytes, lines: this.lines, flows: this.records };
  }

  /** Ends the current file and returns the aggregate. */
  finish(): FlowAggregate {
    this.endFile();
    return this.aggregator.result();
  }

  private open(): LineSplitter {
    if (this.splitter === null) this.beginFile(this.file || '<stdin>');
    return this.splitter as LineSplitter;
  }

  private line(file: string, text: string, line: number): void {
    this.lines++;
    const quick = this.fast === null ? null : this.fast.parse(text);
    if (quick !== null) {
      this.records++;
      this.aggregator.addRecord(quick, file, line);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      this.aggregator.addInvalidLine(file, line, 'flow-json-syntax', `not valid JSON (${why}); this line is skipped, the rest of the export still loads`);
      return;
    }
    this.records++;
    this.aggregator.addRecord((this.fast === null ? null : parseFlowRecordPlain(value)) ?? parseFlowRecord(value), file, line);
  }
}

/** Aggregates whole texts (tests, pasted exports). */
export function ingestTexts(files: readonly { name: string; text: string }[], options?: AggregateOptions): FlowAggregate {
  const ingest = new FlowIngest(options);
  for (const f of files) {
    ingest.beginFile(f.name);
    ingest.pushText(f.text);
  }
  return ingest.finish();
}
