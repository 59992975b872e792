/**
 * The words of the policy tiers (tierWords.ts): in the browser a chunk of its own, not on the
 * default screen (bench bundle); in Node (CLI, tests, benches) loaded with this module
 * (util/lazyModule.ts). The engine is synchronous: whoever compiles a model of a cluster with tier
 * policies (`needsTierWords`) loads it first: the load pipeline at the end of its read
 * (workers/loadPipeline.ts `readLoad`), the page before it compiles (ui/state/engineTasks.ts) or
 * analyses itself (ui/graph/useGraphInputs.ts), the what-if shells as they start. Used before, it
 * throws `LazyModuleNotLoaded`.
 * @internal
 */
import type * as TierWords from './tierWords.ts';
import type { Cluster } from '../model/cluster.ts';
import { inNode, LazyModule } from '../util/lazyModule.ts';

export const tierWords = new LazyModule<typeof TierWords>('the words of the policy tiers', () => import('./tierWords.ts'));
if (inNode) await tierWords.load();

/**
 * Whether the engine needs tierWords.ts for `cluster`: it has tier policies, policies read under
 * an assumed agent flag (`Policy.assumed`), or version gaps (`cluster.versionGaps`, versionGaps.ts).
 */
export function needsTierWords(cluster: Cluster): boolean {
  return (cluster.tierPolicies?.length ?? 0) > 0 || cluster.policies.some((p) => p.assumed !== undefined) || (cluster.versionGaps?.length ?? 0) > 0;
}
