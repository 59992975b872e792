/**
 * The load worker: a thin shell around `runLoad` (reading, gunzip, the pure loader). One
 * worker per load; the client terminates it to cancel.
 */
import { runLoad } from './loadPipeline.ts';
import type { LoadRequest, WorkerMessage } from './protocol.ts';

// The project's lib is DOM, not WebWorker: name only what this shell uses.
const scope = self as unknown as {
  postMessage(message: WorkerMessage): void;
  onmessage: ((event: MessageEvent<LoadRequest>) => void) | null;
};

scope.onmessage = (event) => {
  const request = event.data;
  if (import.meta.env.MODE === 'e2e' && request.options.testHook === 'crash') {
    // Uncaught on purpose: exercises the client's crash path (worker `error` event).
    throw new Error('test hook: simulated worker crash');
  }
  runLoad(request.sources, request.options, (progress) => scope.postMessage({ type: 'progress', progress })).then(
    (data) => {
      try {
        scope.postMessage({ type: 'done', data });
      } catch (err) {
        // A value that cannot be cloned must not leave the client waiting forever.
        scope.postMessage({ type: 'failed', message: `result could not be sent to the page: ${String(err)}` });
      }
    },
    (err: unknown) => scope.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) }),
  );
};
