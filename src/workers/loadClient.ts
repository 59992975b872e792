import { adoptSession, GraphSession } from './graphSession.ts';
import type { LoadedData, LoadProgress, LoadRequest, LoadRequestOptions, LoadSource, WorkerMessage } from './protocol.ts';
import { PartsAssembler } from './transfer.ts';
import loadWorkerUrl from './load.worker.ts?worker-chunk-url';

/** Why a load did not produce data. The previous data stays in every case. @public */
export type LoadFailureKind = 'cancelled' | 'crashed' | 'failed';

export class LoadFailure extends Error {
  readonly kind: LoadFailureKind;
  constructor(kind: LoadFailureKind, message: string) {
    super(message);
    this.name = 'LoadFailure';
    this.kind = kind;
  }
}

export interface LoadCallbacks {
  readonly onProgress?: (progress: LoadProgress) => void;
  /** Aborting terminates the worker (or stops the main-thread fallback between steps). */
  readonly signal?: AbortSignal;
  /** Where the load runs: in a worker, or on the main thread when no worker can be started. */
  readonly onRoute?: (route: LoadRoute) => void;
}

/** Where a load's reading, parsing and engine work ran. */
export type LoadRoute = 'worker' | 'main-thread';

export type WorkerFactory = () => Worker;

function defaultWorkerFactory(): Worker {
  if (typeof Worker === 'undefined') throw new Error('no Worker support');
  // A chunk of the app's build (vite.config.ts `workerChunks`): it shares the engine's chunks with the page.
  return new Worker(loadWorkerUrl, { type: 'module', name: 'netpol-viz-load' });
}

function cancelled(): LoadFailure {
  return new LoadFailure('cancelled', 'Loading was cancelled.');
}

function createWorker(factory: WorkerFactory): Worker | null {
  try {
    return factory();
  } catch {
    return null;
  }
}

/** Runs the pipeline on the main thread: slower UI, same result (no worker support, or CSP). */
async function loadOnMainThread(sources: readonly LoadSource[], options: LoadRequestOptions, cb: LoadCallbacks): Promise<LoadedData> {
  const { runLoad } = await import('./loadPipeline.ts');
  try {
    return await runLoad(sources, options, cb.onProgress ?? (() => {}), cb.signal);
  } catch (err) {
    if (cb.signal?.aborted) throw cancelled();
    throw new LoadFailure('failed', err instanceof Error ? err.message : String(err));
  }
}

/**
 * Loads sources in a fresh worker (one per load; terminated when cancelled or failed), and falls
 * back to the main thread when workers are unavailable. Rejects with `LoadFailure`. On success
 * the worker lives on as the load's graph session (`graphSessionOf(data)`), ending the previous
 * load's.
 */
export function loadSources(
  sources: readonly LoadSource[],
  options: LoadRequestOptions,
  cb: LoadCallbacks = {},
  factory: WorkerFactory = defaultWorkerFactory,
): Promise<LoadedData> {
  if (cb.signal?.aborted) return Promise.reject(cancelled());
  const worker = createWorker(factory);
  if (!worker) {
    cb.onRoute?.('main-thread');
    return loadOnMainThread(sources, options, cb);
  }
  cb.onRoute?.('worker');

  return new Promise<LoadedData>((resolve, reject) => {
    const detach = (): void => cb.signal?.removeEventListener('abort', onAbort);
    const finish = (): void => {
      worker.terminate();
      detach();
    };
    const onAbort = (): void => {
      finish();
      reject(cancelled());
    };
    cb.signal?.addEventListener('abort', onAbort, { once: true });
    const parts = new PartsAssembler();
    worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
      const msg = event.data;
      switch (msg.type) {
        case 'progress':
          cb.onProgress?.(msg.progress);
          return;
        case 'flow-edges':
        case 'cluster-list':
          parts.add(msg);
          return;
        case 'done': {
          detach();
          worker.onmessageerror = null;
          const data = parts.assemble(msg.data);
          adoptSession(data, new GraphSession(worker));
          resolve(data);
          return;
        }
        case 'failed':
          finish();
          reject(new LoadFailure('failed', msg.message));
          return;
        case 'graph':
        case 'graph-failed':
        case 'digest':
          // Answers to graph requests go to the session, which only exists after 'done'.
          return;
      }
    };
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      finish();
      reject(new LoadFailure('crashed', `The loader stopped unexpectedly: ${event.message || 'worker error'}`));
    };
    worker.onmessageerror = () => {
      finish();
      reject(new LoadFailure('crashed', 'The loader sent a result the page could not read.'));
    };
    const request: LoadRequest = { type: 'load', sources, options };
    try {
      worker.postMessage(request);
    } catch (err) {
      finish();
      reject(new LoadFailure('failed', `The input could not be handed to the loader: ${String(err)}`));
    }
  });
}
