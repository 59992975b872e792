/**
 * The load worker's helper (textScanner.ts): decodes a file the load worker will read next and
 * finds its line starts and List items (core/load/textFacts.ts) on the machine's other core, while
 * the load worker parses the file before. The page's main thread has nothing to do during a
 * load, so this is work taken off the load's critical path. Started and ended by the load worker:
 * it is the load worker's own script, started under another name (`SCAN_WORKER_NAME`), so the
 * build has no other worker entry (one more entry made the bundler split the load's chunks).
 */
import { textFactsOfBytes } from '../core/load/textFacts.ts';
import type { TextFacts } from '../core/load/types.ts';
import type { ScanAnswer, ScanRequest } from './textScanner.ts';

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

async function scan(scope: ScanScope, request: ScanRequest): Promise<void> {
  let facts: TextFacts | null = null;
  try {
    facts = textFactsOfBytes(new Uint8Array(await request.file.arrayBuffer()));
  } catch {
    // The load worker reads the file itself (and reports what is wrong with it).
    facts = null;
  }
  scope.postMessage({ id: request.id, facts }, transferables(facts));
}

/** Answers the load worker's scan requests in this worker. */
export function serveScans(scope: ScanScope): void {
  scope.onmessage = (event) => void scan(scope, event.data);
}
