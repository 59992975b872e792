/**
 * The page's side of a what-if session: starts the what-if worker with the loaded cluster and
 * flows, sends drafts and asks for the proposed set's graph per view. Runs on the main thread
 * (same code, `WhatIfHost`, see whatifInThread.ts) only where there is no Worker. `dispose` terminates the worker, which
 * cancels whatever it was computing.
 * @public
 */
import type { FlowAggregate } from '../core/flows/types.ts';
import type { GraphModel, ViewState } from '../core/graph/types.ts';
import type { Cluster } from '../core/model/cluster.ts';
import type { QueryOutcome, QueryText } from '../core/query/runQuery.ts';
import type { ChangedPath } from '../core/whatif/pathEnds.ts';
import type { Draft, WhatIfOutcome } from '../core/whatif/types.ts';
import type { WhatIfProgress } from '../core/whatif/whatIf.ts';
import type { Fix } from '../core/fix/types.ts';
import type { WhatIfMessage, WhatIfPort, WhatIfRequest } from './whatifProtocol.ts';

function workerPort(): WhatIfPort {
  // This exact `new Worker(new URL(...))` form is what Vite recognises to bundle the worker.
  return new Worker(new URL('./whatif.worker.ts', import.meta.url), { type: 'module', name: 'netpol-viz-whatif' }) as unknown as WhatIfPort;
}

export interface WhatIfRunResult {
  readonly run: number;
  readonly outcome: WhatIfOutcome;
}

type Pending = { resolve: (m: WhatIfMessage | null) => void; reject: (e: Error) => void; progress?: (p: WhatIfProgress) => void };

export interface RunOptions {
  /** Called with a long run's progress. */
  readonly onProgress?: (progress: WhatIfProgress) => void;
  /** Aborting stops the run in the worker; `run` then gives null at once (a later answer is dropped). */
  readonly signal?: AbortSignal;
}

export class WhatIfClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private state: 'live' | 'disposed' | 'crashed' = 'live';
  private crash: Error | null = null;

  constructor(
    private readonly port: WhatIfPort,
    cluster: Cluster,
    flows: FlowAggregate | null,
  ) {
    port.onmessage = (event) => {
      const m = event.data;
      const p = this.pending.get(m.id);
      if (!p) return;
      if (m.type === 'progress') {
        p.progress?.({ step: m.step, fraction: m.fraction });
        return;
      }
      this.pending.delete(m.id);
      p.resolve(m);
    };
    port.onerror = (event) => {
      event.preventDefault();
      this.fail(new Error(`the what-if worker stopped: ${event.message || 'worker error'}`));
    };
    port.postMessage({ type: 'init', cluster, flows });
  }

  /** With a worker; where there is none, the same host on this thread (loaded only then). */
  static async start(cluster: Cluster, flows: FlowAggregate | null): Promise<WhatIfClient> {
    const port = typeof Worker === 'undefined' ? (await import('./whatifInThread.ts')).inThreadPort() : workerPort();
    return new WhatIfClient(port, cluster, flows);
  }

  /**
   * Sends a request and waits for its answer of type `type`: null when superseded or disposed; a
   * failure (or an unexpected answer) rejects.
   */
  private async ask<T extends WhatIfMessage['type']>(type: T, make: (id: number) => WhatIfRequest, options: RunOptions = {}): Promise<Extract<WhatIfMessage, { type: T }> | null> {
    if (this.state === 'disposed' || options.signal?.aborted) return null;
    if (this.state === 'crashed') throw this.crash ?? new Error('the what-if worker has stopped');
    const id = this.nextId++;
    const m = await new Promise<WhatIfMessage | null>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, ...(options.onProgress ? { progress: options.onProgress } : {}) });
      this.port.postMessage(make(id));
      options.signal?.addEventListener(
        'abort',
        () => {
          if (!this.pending.delete(id)) return;
          if (this.state === 'live') this.port.postMessage({ type: 'cancel', run: id });
          resolve(null);
        },
        { once: true },
      );
    });
    if (m === null || m.type === 'superseded') return null;
    if (m.type === 'failed') throw new Error(m.message);
    if (m.type !== type) throw new Error(`unexpected answer ${m.type}`);
    return m as Extract<WhatIfMessage, { type: T }>;
  }

  /**
   * What a draft changes; null when a newer draft replaced it (queued or in flight), when it was
   * cancelled (`signal`), or after dispose.
   */
  async run(draft: Draft, options: RunOptions = {}): Promise<WhatIfRunResult | null> {
    const m = await this.ask('outcome', (id) => ({ type: 'run', id, draft }), options);
    return m && { run: m.id, outcome: m.outcome };
  }

  /** The proposed set's graph (changes marked) of run `run` for a view; null once a newer run exists. */
  async graph(run: number, view: ViewState): Promise<GraphModel | null> {
    return (await this.ask('graph', (id) => ({ type: 'graph', id, run, view })))?.model ?? null;
  }

  /** A path query answered by run `run`'s proposed policies; null once a newer run exists. */
  async query(run: number, query: QueryText): Promise<QueryOutcome | null> {
    return (await this.ask('answer', (id) => ({ type: 'query', id, run, query })))?.outcome ?? null;
  }

  /** Where changes `changes` of run `run` are on the graph (their ends as leaf nodes); null once a newer run exists. */
  async ends(run: number, changes: readonly number[], groupingLabel: string): Promise<readonly ChangedPath[] | null> {
    return (await this.ask('ends', (id) => ({ type: 'ends', id, run, changes, groupingLabel })))?.ends ?? null;
  }

  /** The suggested fix for a path (to the loaded policies); rejects when the query is invalid. */
  async fix(query: QueryText): Promise<Fix | null> {
    return (await this.ask('fix', (id) => ({ type: 'fix', id, query })))?.fix ?? null;
  }

  dispose(): void {
    if (this.state !== 'live') return;
    this.state = 'disposed';
    this.port.terminate();
    for (const p of this.pending.values()) p.resolve(null);
    this.pending.clear();
  }

  private fail(err: Error): void {
    if (this.state !== 'live') return;
    this.state = 'crashed';
    this.crash = err;
    this.port.terminate();
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}
