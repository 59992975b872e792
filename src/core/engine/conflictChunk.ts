/**
 * The engine's code for clusters whose policies may not be computed or ask for authentication
 * (mayConflict.ts `mayNotCompute`): the layering of authentication modes, the notes on modes and
 * L7 parsers that cannot merge, the per-endpoint test. One chunk (conflictCode.ts).
 * @internal
 */
export { authFailedPorts, authFor } from './authLayering.ts';
export { authConflictNotes } from './authConflict.ts';
export { notComputedNotes, policyNotComputed } from './l7Conflict.ts';
