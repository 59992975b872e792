/**
 * Messages between the page and the what-if worker (`whatif.worker.ts`). The worker receives the
 * loaded cluster and flows once, then a draft each time the editor pauses; it answers with what
 * the draft changes, and builds the proposed set's graph (changed edges marked) for view states.
 * @public
 */
import type { FlowAggregate } from '../core/flows/types.ts';
import type { GraphModel, ViewState } from '../core/graph/types.ts';
import type { Cluster } from '../core/model/cluster.ts';
import type { QueryOutcome, QueryText } from '../core/query/runQuery.ts';
import type { Draft, WhatIfOutcome } from '../core/whatif/types.ts';
import type { WhatIfProgress } from '../core/whatif/whatIf.ts';
import type { Fix } from '../core/fix/types.ts';
import type { ChangedPath } from '../core/whatif/pathEnds.ts';

export type WhatIfRequest =
  | { readonly type: 'init'; readonly cluster: Cluster; readonly flows: FlowAggregate | null }
  /** A newer `run` supersedes the one queued or in flight (answered `superseded`, its outcome never sent). */
  | { readonly type: 'run'; readonly id: number; readonly draft: Draft }
  /** Stops run `run` (queued or in flight): it is answered `superseded`. */
  | { readonly type: 'cancel'; readonly run: number }
  /** The graph of run `run` (the latest) for a view. */
  | { readonly type: 'graph'; readonly id: number; readonly run: number; readonly view: ViewState }
  /** A path query answered by run `run`'s proposed set. */
  | { readonly type: 'query'; readonly id: number; readonly run: number; readonly query: QueryText }
  /** The smallest change to the loaded policies that flips a path's verdict (src/core/fix). */
  | { readonly type: 'fix'; readonly id: number; readonly query: QueryText }
  /** Where changes `changes` (indices into run `run`'s outcome) are on the graph: their ends as leaf nodes (core/whatif/pathEnds.ts). */
  | { readonly type: 'ends'; readonly id: number; readonly run: number; readonly changes: readonly number[]; readonly groupingLabel: string };

export type WhatIfMessage =
  | { readonly type: 'outcome'; readonly id: number; readonly outcome: WhatIfOutcome }
  | { readonly type: 'superseded'; readonly id: number }
  /** A long run's progress (sent between its slices; never after its outcome). */
  | { readonly type: 'progress'; readonly id: number; readonly step: WhatIfProgress['step']; readonly fraction: number }
  | { readonly type: 'graph'; readonly id: number; readonly model: GraphModel }
  | { readonly type: 'answer'; readonly id: number; readonly outcome: QueryOutcome }
  | { readonly type: 'fix'; readonly id: number; readonly fix: Fix }
  | { readonly type: 'ends'; readonly id: number; readonly ends: readonly ChangedPath[] }
  | { readonly type: 'failed'; readonly id: number; readonly message: string };

/** What the client needs of a worker (a real `Worker`, or the in-thread stand-in of whatifInThread.ts). */
export interface WhatIfPort {
  postMessage(message: WhatIfRequest): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<WhatIfMessage>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}
