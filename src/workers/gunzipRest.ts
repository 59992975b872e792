import { rareReaders } from '../core/load/rareInputs.ts';
import { fflate } from '../core/load/sourceEntries.ts';
import type { InputStream } from '../core/load/loadInputs.ts';
import type { Diagnostic } from '../core/model/diagnostic.ts';

/**
 * The decompressed bytes of a gzip file from `skip` on, read again from its start with fflate
 * (every member, each checked against its trailer: gzipMembers.ts), pushed into `sink` (a load of
 * at most `max` bytes in all; `cut` when that was reached). `failed` when fflate fails too (the data is damaged or cut
 * short: the caller says so); `total` counts what reached `sink`, before and now. Imported by
 * feedSource (readSource.ts) only when the native decompressor fails: a chunk of its own.
 * @internal
 */
export async function gunzipRest(name: string, blob: Blob, skip: number, sink: InputStream, max: number, signal?: AbortSignal): Promise<{ total: number; diagnostics: Diagnostic[]; failed: boolean; cut: boolean }> {
  await Promise.all([fflate.load(), rareReaders.load()]);
  const diagnostics: Diagnostic[] = [];
  const check = new (rareReaders.get().GzipMembers)(name, (d) => diagnostics.push(d), () => null);
  let out = 0;
  let cut = false;
  let failed = false;
  const gunzip = new (fflate.get().Gunzip)((data) => {
    check.output(data);
    const from = Math.max(0, skip - out);
    out += data.length;
    if (from >= data.length || cut) return;
    if (out > max) {
      cut = true;
      return;
    }
    sink.push(from === 0 ? data : data.subarray(from));
  });
  gunzip.onmember = (offset) => check.memberEnded(offset);
  const reader = blob.stream().getReader();
  try {
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      const { done, value } = await reader.read();
      if (done) break;
      check.input(value);
      gunzip.push(value);
      check.inputDone(value);
      if (cut) break;
    }
    if (!cut) {
      gunzip.push(new Uint8Array(0), true);
      failed = check.end() !== null;
    }
  } catch (err) {
    if (signal?.aborted) throw err;
    failed = true;
  } finally {
    await reader.cancel().catch(() => {});
  }
  return { total: Math.max(skip, Math.min(out, max)), diagnostics, failed, cut };
}


/**
 * The decompressed bytes of a gzip file from `skip` on, every member (fflate), chunk by chunk as
 * the file is read: the excerpts' second pass (readSource.ts textChunks, memberExcerpts.ts) after
 * the native decompressor stopped, as Chromium's does at the end of the first member. Ends quietly
 * at damage (the first pass reported it); stops reading when the consumer stops.
 * @internal
 */
export async function* gunzipRestChunks(blob: Blob, skip: number, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  await fflate.load();
  const out: Uint8Array[] = [];
  let seen = 0;
  const gunzip = new (fflate.get().Gunzip)((data) => {
    const from = Math.max(0, skip - seen);
    seen += data.length;
    if (from < data.length) out.push(from === 0 ? data : data.subarray(from));
  });
  const reader = blob.stream().getReader();
  try {
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      const { done, value } = await reader.read();
      try {
        gunzip.push(done ? new Uint8Array(0) : value, done);
      } catch {
        yield* out.splice(0);
        return;
      }
      yield* out.splice(0);
      if (done) return;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}
