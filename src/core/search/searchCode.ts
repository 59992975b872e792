/**
 * The search (searchChunk.ts: the index of a cluster and the query over it, the marks of a chosen
 * result) runs only once a search text is typed or in the link: in the browser a chunk of its
 * own, not on the default screen (bench bundle); in Node (CLI, tests, benches) loaded with this
 * module (util/lazyModule.ts). `buildGraph` of a view with a search text before it is loaded throws
 * `LazyModuleNotLoaded`: the load worker loads it before it builds such a view's graph
 * (load.worker.ts `graph`), the page before it builds one itself (ui/graph/useGraphInputs.ts) or
 * lists results (App), the what-if shells before they start.
 * @internal
 */
import type * as Search from './searchChunk.ts';
import { inNode, LazyModule } from '../util/lazyModule.ts';

export const searchCode = new LazyModule<typeof Search>('the search', () => import('./searchChunk.ts'));
if (inNode) await searchCode.load();
