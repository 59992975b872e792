/**
 * The customer view's redaction (redact.ts), which only a customer view (`view.customerTenant`)
 * runs: in the browser a chunk of its own, not on the default screen (bench bundle); in Node (CLI,
 * tests, benches) loaded with this module (util/lazyModule.ts). `buildGraph` of a customer view
 * before it is loaded throws `LazyModuleNotLoaded`: the load worker loads it before it builds a
 * customer view's graph (load.worker.ts `graph`), the page before it builds one itself
 * (ui/graph/useGraphInputs.ts).
 * @internal
 */
import type * as Redact from './redact.ts';
import { inNode, LazyModule } from '../util/lazyModule.ts';

export const redaction = new LazyModule<typeof Redact>("the customer view's redaction", () => import('./redact.ts'));
if (inNode) await redaction.load();
