/**
 * The matrix's classes of equal peers (matrixClasses.ts): in the browser a chunk of its own,
 * fetched by the load worker before the first step of a load that opens collapsed (load.worker.ts);
 * in Node (CLI, tests, benches) loaded with this module (util/lazyModule.ts). Not loaded, the
 * first step evaluates every pair (the same graphs).
 * @internal
 */
import type * as MatrixClasses from './matrixClasses.ts';
import { inNode, LazyModule } from '../util/lazyModule.ts';

export const matrixClasses = new LazyModule<typeof MatrixClasses>("the matrix's classes of equal peers", () => import('./matrixClasses.ts'));
if (inNode) await matrixClasses.load();
