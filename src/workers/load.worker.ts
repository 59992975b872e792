/**
 * The load worker: a thin shell around `runLoad` (streaming read, gunzip, the pure loader, flow
 * aggregation, the engine). After the load it stays alive as the load's graph session and
 * answers `graph` requests with `buildGraph` over the inputs it kept. One worker per load; the
 * client terminates it to cancel, and when a newer load replaces this one.
 */
import { buildGraph } from '../core/graph/buildGraph.ts';
import type { GraphInputs } from '../core/graph/types.ts';
import { graphInputsOf } from './analyse.ts';
import { runLoad } from './loadPipeline.ts';
import type { GraphRequest, LoadRequest, WorkerMessage, WorkerRequest } from './protocol.ts';
import { partsOf } from './transfer.ts';

// The project's lib is DOM, not WebWorker: name only what this shell uses.
const scope = self as unknown as {
  postMessage(message: WorkerMessage): void;
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
};

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** What the graph requests work on, once the load is done. */
let inputs: GraphInputs | null = null;

function load(request: LoadRequest): void {
  if (import.meta.env.MODE === 'e2e' && request.options.testHook === 'crash') {
    // Uncaught on purpose: exercises the client's crash path (worker `error` event).
    throw new Error('test hook: simulated worker crash');
  }
  runLoad(request.sources, request.options, (progress) => scope.postMessage({ type: 'progress', progress })).then(
    (data) => {
      inputs = graphInputsOf(data).inputs;
      try {
        for (const message of partsOf(data)) scope.postMessage(message);
      } catch (err) {
        // A value that cannot be cloned must not leave the client waiting forever.
        scope.postMessage({ type: 'failed', message: `result could not be sent to the page: ${errorText(err)}` });
      }
    },
    (err: unknown) => scope.postMessage({ type: 'failed', message: errorText(err) }),
  );
}

function graph(request: GraphRequest): void {
  if (inputs === null) {
    scope.postMessage({ type: 'graph-failed', id: request.id, message: 'nothing is loaded in this worker' });
    return;
  }
  try {
    scope.postMessage({ type: 'graph', id: request.id, model: buildGraph(inputs, request.view) });
  } catch (err) {
    scope.postMessage({ type: 'graph-failed', id: request.id, message: errorText(err) });
  }
}

scope.onmessage = (event) => {
  const request = event.data;
  switch (request.type) {
    case 'load':
      return load(request);
    case 'graph':
      return graph(request);
  }
};
