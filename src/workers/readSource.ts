import type { Diagnostic } from '../core/model/diagnostic.ts';
import type { InputFile } from '../core/load/types.ts';
import type { LoadSource, LoadedFile } from './protocol.ts';

/** Decompressed size at which a gzip file is cut (a gzip bomb must not exhaust the tab). */
export const MAX_GUNZIPPED_BYTES = 1024 * 1024 * 1024;

export interface ReadResult {
  readonly input: InputFile;
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

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * Reads one source into the loader's `InputFile`, reporting bytes as they are read. Gzip
 * (detected by its magic number, not the file name) is decompressed on the fly with
 * `DecompressionStream`; damaged or truncated gzip keeps what decompressed before the damage
 * and says so in a diagnostic. Never throws on bad input; only cancellation aborts.
 */
export async function readSource(source: LoadSource, onBytes: (n: number) => void, signal?: AbortSignal): Promise<ReadResult> {
  if (source.kind === 'text') {
    onBytes(source.text.length);
    return {
      input: { name: source.name, data: source.text },
      file: { name: source.name, bytes: source.text.length, decodedBytes: source.text.length, gzip: false },
      diagnostics: [],
    };
  }
  const blob = source.file;
  const head = new Uint8Array(await blob.slice(0, 2).arrayBuffer());
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  const counted = blob.stream().pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        onBytes(chunk.byteLength);
        controller.enqueue(chunk);
      },
    }),
  );
  const stream: ReadableStream<Uint8Array> = gzip
    ? counted.pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>)
    : counted;
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
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
      chunks.push(value);
      total += value.byteLength;
      if (total > MAX_GUNZIPPED_BYTES) {
        await reader.cancel();
        diagnostics.push(
          fileDiagnostic(
            source.name,
            'gzip-too-large',
            `Decompressed data exceeds ${MAX_GUNZIPPED_BYTES / 1024 / 1024} MB; only the first part is loaded. Split the export or load it uncompressed.`,
          ),
        );
        break;
      }
    }
  } catch (err) {
    if (signal?.aborted) throw err;
    // Reading a File only fails for gzip damage (or the file vanishing from disk).
    const what = err instanceof Error ? err.message : String(err);
    diagnostics.push(
      fileDiagnostic(
        source.name,
        gzip ? 'gzip-corrupt' : 'read-failed',
        gzip
          ? `The gzip data is damaged or truncated (${what}); only the ${total} bytes decompressed before the damage are loaded.`
          : `The file could not be read (${what}); only the first ${total} bytes are loaded.`,
      ),
    );
  }
  const data = concat(chunks, total);
  return {
    input: { name: source.name, data },
    file: { name: source.name, bytes: blob.size, decodedBytes: total, gzip },
    diagnostics,
  };
}
