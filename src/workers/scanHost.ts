/**
 * The load worker's helper (textScanner.ts): decodes a file the load worker will read next and
 * finds its line starts and List items (core/load/textFacts.ts) on the machine's other core, while
 * the load worker parses the file before; a file it is asked to read (`record`) it also parses
 * with a Loader of its own (core/load/loader.ts `Loader.record`) and answers what that Loader did
 * (its objects, diagnostics and file state: a structured clone far smaller than the text), unless
 * the file holds what only the load worker can read (policies, flows, …: then text and facts). The page's main thread has nothing to do during a
 * load, so this is work taken off the load's critical path. Started and ended by the load worker:
 * it is the load worker's own script, started under another name (`SCAN_WORKER_NAME`), so the
 * build has no other worker entry (one more entry made the bundler split the load's chunks).
 */
import { Loader } from '../core/load/loader.ts';
import { textFactsOfBytes } from '../core/load/textFacts.ts';
import type { TextFacts } from '../core/load/types.ts';
import { HEAD_BYTES, type RecordAsk, type ScanAnswer, type ScanReply, type ScanRequest } from './textScanner.ts';

/** What the helper needs of its worker scope. */
export interface ScanScope {
  postMessage(message: ScanAnswer, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<ScanRequest>) => void) | null;
}

/** The typed arrays' memory moves to the load worker instead of being copied. */
function transferables(facts: TextFacts | null): Transferable[] {
  const out: Transferable[] = [];
  if (facts?.lineStarts) out.push(facts.lineStarts.buffer as ArrayBuffer);
  if (facts?.listItems) out.push(facts.listItems.offsets.buffer as ArrayBuffer);
  return out;
}

/**
 * The helper's reply for a file's bytes: what it found (null: the load worker reads them itself,
 * and reports what is wrong with them; with `record`, the file parsed here when it can be), and
 * the file's first bytes (a copy: the bytes are neither kept nor sent).
 */
export function replyOf(bytes: Uint8Array, record: RecordAsk | null): ScanReply {
  const facts = textFactsOfBytes(bytes);
  const recording = facts === null || record === null ? null : Loader.record(record.name, facts, record.options);
  return { scanned: facts && { facts: recording ? null : facts, recording }, head: bytes.slice(0, HEAD_BYTES) };
}

async function scan(scope: ScanScope, request: ScanRequest): Promise<void> {
  let reply: ScanReply = { scanned: null, head: null };
  try {
    reply = replyOf(new Uint8Array(await request.file.arrayBuffer()), request.record);
  } catch {
    // The load worker reads the file itself (and reports what is wrong with it).
  }
  scope.postMessage({ id: request.id, ...reply }, transferables(reply.scanned?.facts ?? null));
}

/** Answers the load worker's scan requests in this worker. */
export function serveScans(scope: ScanScope): void {
  scope.onmessage = (event) => void scan(scope, event.data);
}
