/**
 * The search's chunk (searchCode.ts): the cluster's index and the query over it (searchIndex.ts),
 * and what a chosen result lights on the graph (searchMarks.ts). The page chooses only results
 * the query listed, so the marks' code is there whenever a result is.
 * @internal
 */
export { searchIndex, searchIndexOf } from './searchIndex.ts';
export { searchMarks, tenantsToOpen } from './searchMarks.ts';
