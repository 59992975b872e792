import type { FileRecording } from '../core/load/loader.ts';
import type { LoadOptions, TextFacts } from '../core/load/types.ts';

/** Asks the helper to read a file whole (core/load/loader.ts `Loader.record`) under this name, with these options. */
export interface RecordAsk {
  readonly name: string;
  readonly options: Pick<LoadOptions, 'defaultNamespace'>;
}

/**
 * What the helper found in a file: its text and facts (core/load/textFacts.ts), or, when it was
 * asked to read the file and could, what its Loader did (`recording`, for `Loader.addRecorded`;
 * then `facts` is null and the text stays on the helper).
 */
export interface Scanned {
  readonly facts: TextFacts | null;
  readonly recording: FileRecording | null;
}

/**
 * The helper's reply for a file: what it found (null when the load worker must read the file
 * itself: an archive, gzip, bytes that do not decode), and the file's first `HEAD_BYTES` bytes
 * (null when the helper could not read them), which the load worker looks at in the file's turn
 * (gzip? a saved aggregate? an archive?) without reading them from the file again.
 */
export interface ScanReply {
  readonly scanned: Scanned | null;
  readonly head: Uint8Array | null;
}

/** How many of a file's first bytes the load worker looks at in its turn (loadPipeline.ts). */
export const HEAD_BYTES = 512;

/**
 * The load worker's side of its helper (scanHost.ts): `scan(file, record)` answers the helper's
 * reply from another thread, or null when it has none (no helper, the helper failed or was ended).
 * @internal
 */
export interface TextScanner {
  scan(file: Blob, record?: RecordAsk | null): Promise<ScanReply | null>;
  /** Ends the helper; scans still pending answer null. */
  close(): void;
}

export interface ScanRequest {
  readonly id: number;
  readonly file: Blob;
  readonly record: RecordAsk | null;
}

export interface ScanAnswer extends ScanReply {
  readonly id: number;
}

/** What a scanner needs of a worker (a fake in tests). */
export interface ScanPort {
  postMessage(request: ScanRequest): void;
  onmessage: ((event: MessageEvent<ScanAnswer>) => void) | null;
  onerror: ((event: Event) => void) | null;
  terminate(): void;
}

/** A scanner over a helper worker (or another port). */
export function portScanner(port: ScanPort): TextScanner {
  const pending = new Map<number, (reply: ScanReply | null) => void>();
  let nextId = 0;
  let broken = false;
  const settleAll = (): void => {
    for (const resolve of pending.values()) resolve(null);
    pending.clear();
  };
  port.onmessage = (event) => {
    const resolve = pending.get(event.data.id);
    pending.delete(event.data.id);
    resolve?.(event.data);
  };
  port.onerror = () => {
    broken = true;
    settleAll();
  };
  return {
    scan(file, record = null) {
      if (broken) return Promise.resolve(null);
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        try {
          port.postMessage({ id, file, record });
        } catch {
          pending.delete(id);
          resolve(null);
        }
      });
    },
    close() {
      broken = true;
      settleAll();
      port.terminate();
    },
  };
}

/** The name the load worker's script is started under to be the helper (load.worker.ts). */
export const SCAN_WORKER_NAME = 'netpol-viz-scan';

/**
 * The load worker's helper, running `script` (the load worker's own URL), or null where a worker
 * cannot start one (the load reads every file itself).
 */
export function workerScanner(script: string): TextScanner | null {
  try {
    if (typeof Worker === 'undefined') return null;
    return portScanner(new Worker(script, { type: 'module', name: SCAN_WORKER_NAME }) as unknown as ScanPort);
  } catch {
    return null;
  }
}
