/**
 * The tenants' aggregate's node and what its lines stand for (tenantShares.ts) are worked out only
 * for a view drawing every tenant as one node: in the browser a chunk of its own, not on the default
 * screen (bench bundle); in Node (CLI, tests, benches) loaded with this module
 * (util/lazyModule.ts). `buildGraph` of such a view before it is loaded throws
 * `LazyModuleNotLoaded`: the load worker loads it before it builds such a view's graph
 * (load.worker.ts), the page before it builds one itself (ui/graph/useGraphInputs.ts), the
 * what-if shells before they start. The view reads the words it put on the model.
 * @internal
 */
import type * as Shares from './tenantShares.ts';
import { inNode, LazyModule } from '../util/lazyModule.ts';

export const tenantSharesCode = new LazyModule<typeof Shares>('tenant shares', () => import('./tenantShares.ts'));
if (inNode) await tenantSharesCode.load();

