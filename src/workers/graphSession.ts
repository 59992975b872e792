/**
 * After a load, its worker stays alive holding the graph's inputs (cluster, connectivity, flows),
 * and builds the GraphModel for each view state the page asks for: `buildGraph` takes hundreds
 * of milliseconds for 1,000 workloads, too long for the main thread, and only the (much smaller)
 * model crosses back. One session is live at a time: the latest successful load's.
 * @public
 */
import type { GraphModel, ViewState } from '../core/graph/types.ts';
import type { FindingsReport } from '../core/findings/targets.ts';
import type { Secret } from '../core/graph/leaks.ts';
import { viewKey } from './viewKey.ts';
import type { LeaksRequest, LoadedData, RuleTextLines, RuleTextQuery, RuleTextRequest, WorkerMessage, WorkerRequest } from './protocol.ts';

/** What the page needs of a worker (a real `Worker`, or a stand-in in tests). */
export interface SessionPort {
  postMessage(message: WorkerRequest): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<WorkerMessage>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

/** A graph from the session, and whether the engine failed on the load (the graph then shows flows only). */
export interface GraphAnswer {
  readonly model: GraphModel;
  readonly engineError: string | null;
}

export class GraphSession {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (m: GraphAnswer | null) => void; reject: (e: Error) => void }>();
  private readonly lints = new Map<number, { resolve: (r: FindingsReport | null) => void; reject: (e: Error) => void }>();
  private lintAnswer: Promise<FindingsReport | null> | null = null;
  /** Requests answered once, by id: leak checks and rule texts. */
  private readonly asks = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void }>();
  /** One request per view object: several components showing the same view share the answer. */
  private readonly byView = new WeakMap<ViewState, Promise<GraphAnswer | null>>();
  /** The latest request by content: another object with the same view (the page makes several) shares it too. */
  private lastByContent: { readonly key: string; readonly answer: Promise<GraphAnswer | null> } | null = null;
  private state: 'live' | 'disposed' | 'crashed' = 'live';
  private drawnSent = false;
  private digestAnswer: Promise<string | null> | null = null;
  private resolveDigest: ((d: string | null) => void) | null = null;
  private receivedDigest: { readonly digest: string | null } | null = null;

  constructor(private readonly port: SessionPort) {
    port.onmessage = (event) => this.receive(event.data);
    port.onerror = (event) => {
      event.preventDefault();
      this.fail(new Error(`the graph worker stopped: ${event.message || 'worker error'}`));
    };
  }

  get live(): boolean {
    return this.state === 'live';
  }

  /**
   * The graph for a view. Resolves null once the session is disposed (its load was replaced: the
   * caller is about to go away); rejects when the worker crashed (the caller builds it itself).
   */
  graph(view: ViewState): Promise<GraphAnswer | null> {
    const known = this.byView.get(view);
    if (known) return known;
    const key = viewKey(view);
    if (this.lastByContent?.key === key && this.state === 'live') {
      this.byView.set(view, this.lastByContent.answer);
      return this.lastByContent.answer;
    }
    const promise =
      this.state === 'disposed'
        ? Promise.resolve(null)
        : this.state === 'crashed'
          ? Promise.reject(new Error('the graph worker has stopped'))
          : new Promise<GraphAnswer | null>((resolve, reject) => {
              const id = this.nextId++;
              this.pending.set(id, { resolve, reject });
              try {
                this.port.postMessage({ type: 'graph', id, view });
              } catch (err) {
                this.pending.delete(id);
                reject(err instanceof Error ? err : new Error(String(err)));
              }
            });
    this.byView.set(view, promise);
    this.lastByContent = { key, answer: promise };
    return promise;
  }

  /**
   * Tells the worker the page has drawn the load's first graph: its work the picture does not
   * need starts then (load.worker.ts `afterDrawn`). Once per session; nothing after it ended.
   */
  drawn(): void {
    if (this.drawnSent || this.state !== 'live') return;
    this.drawnSent = true;
    try {
      this.port.postMessage({ type: 'drawn' });
    } catch {
      // The worker starts the work after its own wait.
    }
  }

  /**
   * The lint report of the load (asked once per session). Null once disposed; rejects when the
   * worker crashed or the linter failed.
   */
  lint(): Promise<FindingsReport | null> {
    if (this.lintAnswer) return this.lintAnswer;
    this.lintAnswer =
      this.state === 'disposed'
        ? Promise.resolve(null)
        : this.state === 'crashed'
          ? Promise.reject(new Error('the graph worker has stopped'))
          : new Promise<FindingsReport | null>((resolve, reject) => {
              const id = this.nextId++;
              this.lints.set(id, { resolve, reject });
              try {
                this.port.postMessage({ type: 'lint', id });
              } catch (err) {
                this.lints.delete(id);
                reject(err instanceof Error ? err : new Error(String(err)));
              }
            });
    return this.lintAnswer;
  }

  /**
   * The other tenants' identifiers in `text`, an output of the customer view of `tenant`: the
   * worker computes them (once per grouping label and tenant) and scans. Null once disposed;
   * rejects when the worker crashed or the check failed.
   */
  leaks(text: string, groupingLabel: string, tenant: string): Promise<readonly Secret[] | null> {
    return this.ask({ type: 'leaks', id: 0, text, groupingLabel, tenant });
  }

  /**
   * A deciding rule's lines, read from the load's files by the worker (ruleText.ts): null when
   * the file or line is not in the load, or once disposed; rejects when the worker crashed.
   */
  ruleText(query: RuleTextQuery): Promise<RuleTextLines | null> {
    return this.ask({ ...query, type: 'rule-text', id: 0 });
  }

  private ask<T>(request: LeaksRequest | RuleTextRequest): Promise<T | null> {
    if (this.state === 'disposed') return Promise.resolve(null);
    if (this.state === 'crashed') return Promise.reject(new Error('the graph worker has stopped'));
    return new Promise<T | null>((resolve, reject) => {
      const id = this.nextId++;
      this.asks.set(id, { resolve, reject });
      try {
        this.port.postMessage({ ...request, id });
      } catch (err) {
        this.asks.delete(id);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }


  /**
   * The input digest of the load, which the worker sends after the data (hashed while it read):
   * null when it could not be computed, or once the session is disposed or the worker crashed.
   */
  digest(): Promise<string | null> {
    if (this.digestAnswer) return this.digestAnswer;
    this.digestAnswer =
      this.receivedDigest !== null
        ? Promise.resolve(this.receivedDigest.digest)
        : this.state !== 'live'
          ? Promise.resolve(null)
          : new Promise<string | null>((resolve) => {
              this.resolveDigest = resolve;
            });
    return this.digestAnswer;
  }

  private settleDigest(digest: string | null): void {
    this.receivedDigest ??= { digest };
    this.resolveDigest?.(this.receivedDigest.digest);
    this.resolveDigest = null;
  }

  dispose(): void {
    if (this.state !== 'live') return;
    this.settleDigest(null);
    this.state = 'disposed';
    this.port.terminate();
    for (const p of this.pending.values()) p.resolve(null);
    this.pending.clear();
    for (const p of this.lints.values()) p.resolve(null);
    this.lints.clear();
    for (const p of this.asks.values()) p.resolve(null as never);
    this.asks.clear();
  }

  private receive(msg: WorkerMessage): void {
    if (msg.type === 'digest') {
      this.settleDigest(msg.digest);
      return;
    }
    if (msg.type === 'lint' || msg.type === 'lint-failed') {
      const l = this.lints.get(msg.id);
      if (!l) return;
      this.lints.delete(msg.id);
      if (msg.type === 'lint') l.resolve(msg.report);
      else l.reject(new Error(msg.message));
      return;
    }
    if (msg.type === 'leaks' || msg.type === 'leaks-failed' || msg.type === 'rule-text' || msg.type === 'rule-text-failed') {
      const r = this.asks.get(msg.id);
      if (!r) return;
      this.asks.delete(msg.id);
      if (msg.type === 'leaks') r.resolve(msg.leaks as never);
      else if (msg.type === 'rule-text') r.resolve(msg.text as never);
      else r.reject(new Error(msg.message));
      return;
    }
    if (msg.type !== 'graph' && msg.type !== 'graph-failed') return;
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (msg.type === 'graph') {
      if (msg.leaks !== undefined) checkedModels.set(msg.model, msg.leaks);
      p.resolve({ model: msg.model, engineError: msg.engineError });
    }
    else p.reject(new Error(msg.message));
  }

  private fail(err: Error): void {
    if (this.state !== 'live') return;
    this.settleDigest(null);
    this.state = 'crashed';
    this.port.terminate();
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    for (const p of this.lints.values()) p.reject(err);
    this.lints.clear();
    for (const p of this.asks.values()) p.reject(err);
    this.asks.clear();
  }
}

/** Customer-view models as the worker checked them: the other tenants' identifiers found in each. */
const checkedModels = new WeakMap<GraphModel, readonly Secret[]>();

/**
 * The other tenants' identifiers the worker found in `model`, a customer view's graph it built;
 * undefined when it did not check it (not a customer view, or built on the main thread).
 */
export function workerCheckOf(model: GraphModel): readonly Secret[] | undefined {
  return checkedModels.get(model);
}

const sessions = new WeakMap<LoadedData, GraphSession>();
let current: GraphSession | null = null;

/** Makes `session` the live one for `data`, ending the previous load's worker. */
export function adoptSession(data: LoadedData, session: GraphSession): void {
  if (current !== session) current?.dispose();
  current = session;
  sessions.set(data, session);
}

/** The worker session of a load, or null (main-thread fallback, or a value built by hand). */
export function graphSessionOf(data: LoadedData): GraphSession | null {
  return sessions.get(data) ?? null;
}
