/**
 * The engine's code for authentication modes and for policies Cilium cannot merge
 * (conflictChunk.ts): in the browser a chunk of its own, not on the default screen (bench bundle);
 * in Node (CLI, tests, benches) loaded with this module (util/lazyModule.ts). Only a cluster with an
 * `authentication.mode` or two L7 parsers on one port (`needsConflictCode`, mayConflict.ts
 * `mayNotCompute`) needs it; the engine asks for it only then (side.ts, connectivity.ts). The
 * engine is synchronous: whoever compiles a model of such a cluster loads it first, where the
 * tiers' words are loaded (tierWordsCode.ts). Used before, it throws `LazyModuleNotLoaded`.
 * @internal
 */
import type * as ConflictChunk from './conflictChunk.ts';
import type { Cluster } from '../model/cluster.ts';
import { inNode, LazyModule } from '../util/lazyModule.ts';
import { mayNotCompute } from './mayConflict.ts';

export const conflictCode = new LazyModule<typeof ConflictChunk>("the engine's code for authentication modes and policy conflicts", () => import('./conflictChunk.ts'));
if (inNode) await conflictCode.load();

/** Whether the engine needs conflictChunk.ts for `cluster`: an allow item sets `authentication.mode`, or two put different L7 parsers on one port. */
export function needsConflictCode(cluster: Cluster): boolean {
  return mayNotCompute(cluster.policies.flatMap((p) => p.rules));
}
