/**
 * The per-load work the main thread still does itself: compiling the engine model that answers
 * path queries (`decide`) and fills the details panels. Connectivity, the flows cross-check and
 * the graph model are computed in the load worker and arrive with the load (`LoadedData`); this
 * module only reads them.
 * @internal
 */
import { compile, type EngineModel } from '../../core/engine/compile.ts';
import type { FlowAggregate } from '../../core/flows/types.ts';
import type { Cluster } from '../../core/model/cluster.ts';
import type { LoadedData } from '../../workers/protocol.ts';
import { loadRe2, mayNeedRe2 } from '../../core/util/re2.ts';
import { loadQueryCode } from '../query/queryCode.ts';
import { ipcacheCode } from '../../core/engine/ipcacheCode.ts';
import { needsTierWords, tierWords } from '../../core/engine/tierWordsCode.ts';
import { conflictCode, needsConflictCode } from '../../core/engine/conflictCode.ts';

/** The load's aggregated flows (computed while the files streamed by), or null. */
export function flowsOf(data: LoadedData): FlowAggregate | null {
  return data.flows ?? null;
}

/** Lets the browser paint before a long synchronous step. */
const yieldToPaint = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * About 0.1 s for 1,000 workloads: run only when a query or a details panel needs it. The code
 * that asks the model questions (ui/query/queryCode.ts, a chunk of its own) is fetched meanwhile:
 * once the model is there, so is it.
 */
export async function compileTask(cluster: Cluster): Promise<EngineModel> {
  // HTTP rules' patterns need re2js (a chunk of its own): loaded before anything can match one.
  // An agent's ipcache: its addresses are answered by code of its own (engine/ipcacheCode.ts); tier
  // policies: the engine's words for them (engine/tierWordsCode.ts); authentication modes or two L7
  // parsers on a port: the engine's code for them (engine/conflictCode.ts).
  await Promise.all([mayNeedRe2(cluster.policies) ? loadRe2() : null, loadQueryCode(), cluster.agentIpcache ? ipcacheCode.load() : null, needsTierWords(cluster) ? tierWords.load() : null, needsConflictCode(cluster) ? conflictCode.load() : null]);
  await yieldToPaint();
  return compile(cluster);
}
