/**
 * Saved flow aggregates and their merge (aggregateFile.ts) are needed only for a saved aggregate
 * (`flows --save-aggregate`) and when flow peers known by a numeric identity are renamed
 * (identityNames.ts): in the browser a chunk of its own (util/lazyModule.ts), fetched by the load
 * worker when it meets a saved aggregate (told by its first bytes, `isAggregateHead`) or before it
 * names flow peers (peerNamesCode.ts); on a miss the load pass reads the inputs again. In Node loaded with
 * this module.
 * @internal
 */
import type * as AggregateFile from './aggregateFile.ts';
import { inNode, LazyModule } from '../util/lazyModule.ts';

export const aggregateFiles = new LazyModule<typeof AggregateFile>('the saved flow aggregate reader', () => import('./aggregateFile.ts'));
if (inNode) await aggregateFiles.load();

const HEAD = /^\s*\{\s*"format"\s*:\s*"netpol-viz\/flow-aggregate"/;

/** Whether a file's first bytes (as text) are a saved aggregate's header (aggregateFile.ts `aggregateFileText`). */
export function isAggregateHead(head: string): boolean {
  return HEAD.test(head.slice(0, 256));
}
