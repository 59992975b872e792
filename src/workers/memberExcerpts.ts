import { SourceEntries, type EntryStream } from '../core/load/sourceEntries.ts';
import { LineCollector, MAX_LINE_CHARS } from './excerpts.ts';
import type { LoadSource } from './protocol.ts';
import { isGzipBlob, openBlob } from './readSource.ts';

/**
 * The lines around diagnostics inside an archive's members (`<archive>/<member path>`, nested
 * archives too): a second pass over the archive, as for a plain file (excerpts.ts), through the
 * same entry walker as the first (core/load/sourceEntries.ts), keeping only the wanted lines of
 * the wanted members and stopping once each has them. Never throws: damage the first pass
 * reported leaves what decoded before it; a member not reached has no excerpt. Imported only
 * when some diagnostic is inside an archive (loadPipeline.ts): a chunk of its own.
 * @internal
 */
export async function memberExcerpts(source: Extract<LoadSource, { kind: 'file' }>, wanted: ReadonlyMap<string, ReadonlySet<number>>, signal?: AbortSignal, maxChars = MAX_LINE_CHARS): Promise<Map<string, ReadonlyMap<number, string>>> {
  const out = new Map<string, ReadonlyMap<number, string>>();
  const pending = new Set(wanted.keys());
  const passOver: EntryStream = { push() {}, end() {} };
  const entries = new SourceEntries(source.name, {
    open(name) {
      const lines = wanted.get(name);
      if (!lines || !pending.has(name)) return passOver;
      const collector = new LineCollector(lines, maxChars);
      const decoder = new TextDecoder('utf-8', { fatal: false });
      const close = (): void => {
        out.set(name, collector.end());
        pending.delete(name);
      };
      return {
        push(chunk) {
          if (!pending.has(name)) return;
          collector.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
          if (collector.done) close();
        },
        end() {
          if (!pending.has(name)) return;
          collector.push(decoder.decode());
          close();
        },
      };
    },
    diagnostic() {},
  });
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  const gzip = await isGzipBlob(source.file);
  let decoded = 0;
  let stopped = false;
  try {
    reader = openBlob(source.file, gzip).getReader();
    while (pending.size > 0) {
      if (signal?.aborted) throw signal.reason;
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch (err) {
        if (signal?.aborted) throw err;
        stopped = true;
        break;
      }
      if (next.done) {
        entries.end();
        break;
      }
      decoded += next.value.byteLength;
      entries.push(next.value);
    }
    // Chromium's DecompressionStream stops at the end of the first gzip member (a .tar.gz written
    // in members, bgzip): the rest is read with fflate, as the first pass does (feedSource).
    if (stopped && gzip && pending.size > 0) {
      const { gunzipRestChunks } = await import('./gunzipRest.ts');
      let ended = true;
      for await (const chunk of gunzipRestChunks(source.file, decoded, signal)) {
        entries.push(chunk);
        if (pending.size === 0) {
          ended = false;
          break;
        }
      }
      if (ended) entries.end();
    }
  } catch (err) {
    if (signal?.aborted) throw err;
    // Damage (reported by the first pass) or a reader not loaded: what was collected stays.
  } finally {
    await reader?.cancel().catch(() => {});
  }
  return out;
}
