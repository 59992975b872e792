import { isGzip, type InputStream } from '../core/load/loadInputs.ts';
import type { Diagnostic } from '../core/model/diagnostic.ts';
import { plural } from '../core/util/plural.ts';
import type { LoadedFile, LoadSource } from './protocol.ts';

/**
 * Decompressed size at which a gzip file is cut. Reading streams, so this guards time, not
 * memory: a gzip bomb must not keep the tab busy for ever (a 1 GB export is well below it).
 */
export const MAX_GUNZIPPED_BYTES = 4 * 1024 * 1024 * 1024;

export interface FeedResult {
  readonly file: LoadedFile;
  readonly diagnostics: readonly Diagnostic[];
}

/** Size of a source before reading, for the progress bar. */
export function sourceBytes(source: LoadSource): number {
  return source.kind === 'file' ? source.file.size : source.text.length;
}

function fileDiagnostic(file: string, code: string, message: string): Diagnostic {
  return { file, document: -1, line: 0, column: 0, path: '', severity: 'error', code, message };
}

const tooLarge = (file: string): Diagnostic =>
  fileDiagnostic(file, 'gzip-too-large', `Decompressed data exceeds ${MAX_GUNZIPPED_BYTES / 1024 / 1024 / 1024} GiB; only the first part is loaded. Split the export or load it uncompressed.`);

/** Whether a blob starts with the gzip magic number (detected by content, not by file name). */
export async function isGzipBlob(blob: Blob): Promise<boolean> {
  const head = new Uint8Array(await blob.slice(0, 2).arrayBuffer());
  return head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * The bytes of a file as a stream, gunzipped with `DecompressionStream` when `gzip`;
 * `onBytes` counts the bytes read from the file (compressed ones for gzip: the file position).
 */
export function openBlob(blob: Blob, gzip: boolean, onBytes: (n: number) => void = () => {}): ReadableStream<Uint8Array> {
  const counted = blob.stream().pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        onBytes(chunk.byteLength);
        controller.enqueue(chunk);
      },
    }),
  );
  // The DOM typings give DecompressionStream a BufferSource writable side; chunks are Uint8Array.
  return gzip ? counted.pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>) : counted;
}

/**
 * The first `n` bytes of a file's content, gunzipped when the file is gzip: fewer when the content
 * is shorter, or when the gzip data are damaged before (the read reports the damage). Decompresses
 * only what it needs of the file.
 */
export async function contentHead(blob: Blob, n: number): Promise<Uint8Array> {
  if (!(await isGzipBlob(blob))) return new Uint8Array(await blob.slice(0, n).arrayBuffer());
  const reader = openBlob(blob, true).getReader();
  const head = new Uint8Array(n);
  let got = 0;
  try {
    while (got < n) {
      const { done, value } = await reader.read();
      if (done) break;
      const take = Math.min(value.byteLength, n - got);
      head.set(value.subarray(0, take), got);
      got += take;
    }
  } catch {
    // Damaged gzip: what decompressed before the damage.
  } finally {
    await reader.cancel().catch(() => {});
  }
  return head.subarray(0, got);
}

/**
 * Plain files up to this size are read in one piece rather than streamed: one native decode
 * instead of hundreds of chunks, and the next file can be read while this one is parsed
 * (`readWhole`). Bigger files stream, so a 1 GB export is never held at once.
 */
export const WHOLE_FILE_MAX_BYTES = 32 * 1024 * 1024;

/**
 * Starts reading a small file source in one piece (null for text and big files). Start it for
 * the next file while feeding this one: the browser reads it meanwhile, off this thread. A gzip
 * file read this way still goes through the decompressing stream (`feedSource`).
 */
export function readWhole(source: LoadSource | undefined): Promise<Uint8Array> | null {
  if (source?.kind !== 'file' || source.file.size > WHOLE_FILE_MAX_BYTES) return null;
  const bytes = source.file.arrayBuffer().then((b) => new Uint8Array(b));
  // Awaited later, or never when the load is cancelled first: that is not an unhandled rejection.
  bytes.catch(() => {});
  return bytes;
}

/**
 * Streams one source into the loader chunk by chunk (never as one string or buffer: a 1 GB
 * export goes through in the reader's chunk size; only a small plain file read ahead with
 * `readWhole` comes in one piece), reporting bytes as they are read, then ends
 * the stream. Gzip is decompressed on the fly; damaged or truncated gzip keeps what decompressed
 * before the damage and says so in a diagnostic. Never throws on bad input; only cancellation
 * (`signal`) aborts, and then the stream is left unended (the caller drops the loader).
 */
export async function feedSource(
  source: LoadSource,
  sink: InputStream,
  onBytes: (n: number) => void,
  signal?: AbortSignal,
  /** The file's bytes read in one piece (`readWhole`), when they were. */
  whole: Promise<Uint8Array> | null = null,
): Promise<FeedResult> {
  if (source.kind === 'text') {
    if (signal?.aborted) throw signal.reason;
    onBytes(source.text.length);
    sink.push(source.text);
    sink.end();
    return { file: { name: source.name, bytes: source.text.length, decodedBytes: source.text.length, gzip: false }, diagnostics: [] };
  }
  const blob = source.file;
  if (whole !== null) {
    const bytes = await whole.catch(() => null);
    if (signal?.aborted) throw signal.reason;
    // Gzip needs the decompressing stream; a failed read is retried (and reported) as a stream.
    if (bytes !== null && !isGzip(bytes)) {
      onBytes(bytes.byteLength);
      sink.push(bytes);
      sink.end();
      return { file: { name: source.name, bytes: blob.size, decodedBytes: bytes.byteLength, gzip: false }, diagnostics: [] };
    }
  }
  const gzip = await isGzipBlob(blob);
  const reader = openBlob(blob, gzip, onBytes).getReader();
  let total = 0;
  const diagnostics: Diagnostic[] = [];
  try {
    for (;;) {
      if (signal?.aborted) {
        await reader.cancel();
        throw signal.reason;
      }
      const { done, value } = await reader.read();
      if (done) break;
      if (total + value.byteLength > MAX_GUNZIPPED_BYTES) {
        await reader.cancel();
        diagnostics.push(tooLarge(source.name));
        break;
      }
      total += value.byteLength;
      sink.push(value);
    }
  } catch (err) {
    if (signal?.aborted) throw err;
    // Reading a File only fails for gzip damage (or the file vanishing from disk). Chromium's
    // DecompressionStream also fails at the second member of a gzip stream (`cat a.gz b.gz`, bgzip),
    // and drops output it held: the rest is read again with fflate, which reads every member and
    // has each checked against its trailer (gzipMembers.ts).
    const rest = gzip ? await (await import('./gunzipRest.ts')).gunzipRest(source.name, blob, total, sink, MAX_GUNZIPPED_BYTES, signal) : null;
    if (rest !== null) {
      total = rest.total;
      diagnostics.push(...rest.diagnostics);
      if (rest.cut) diagnostics.push(tooLarge(source.name));
    }
    if (rest !== null && !rest.failed) {
      sink.end();
      return { file: { name: source.name, bytes: blob.size, decodedBytes: total, gzip }, diagnostics };
    }
    const what = err instanceof Error ? err.message : String(err);
    diagnostics.push(
      fileDiagnostic(
        source.name,
        gzip ? 'gzip-corrupt' : 'read-failed',
        gzip
          ? `The gzip data is damaged or truncated (${what}); only the ${plural(total, 'byte')} decompressed before the damage ${total === 1 ? 'is' : 'are'} loaded.`
          : `The file could not be read (${what}); only the first ${plural(total, 'byte')} ${total === 1 ? 'is' : 'are'} loaded.`,
      ),
    );
  }
  sink.end();
  return { file: { name: source.name, bytes: blob.size, decodedBytes: total, gzip }, diagnostics };
}

/** A source's text as decoded chunks (for a second, partial pass: excerpts around diagnostics). */
export async function* textChunks(source: LoadSource, signal?: AbortSignal): AsyncGenerator<string> {
  if (source.kind === 'text') {
    yield source.text;
    return;
  }
  const gzip = await isGzipBlob(source.file);
  const reader = openBlob(source.file, gzip).getReader();
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let decoded = 0;
  let stopped = false;
  try {
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      const { done, value } = await reader.read();
      if (done) break;
      decoded += value.byteLength;
      yield decoder.decode(value, { stream: true });
    }
  } catch (err) {
    // The first pass already reported damage; excerpts keep whatever decoded before it.
    if (signal?.aborted) throw err;
    stopped = true;
  } finally {
    // Stops reading (and decompressing) as soon as the consumer has what it wants.
    await reader.cancel().catch(() => {});
  }
  // Chromium's DecompressionStream stops at the end of a gzip file's first member (`cat a.gz b.gz`,
  // bgzip), as in the first pass (feedSource): the rest is read with fflate, so later members get excerpts too.
  if (stopped && gzip) for await (const chunk of (await import('./gunzipRest.ts')).gunzipRestChunks(source.file, decoded, signal)) yield decoder.decode(chunk, { stream: true });
  const tail = decoder.decode();
  if (tail) yield tail;
}
