/**
 * The bounds of what an aggregate keeps (the per-edge sample's size, sample.ts; the smallest-set
 * lists of evidence.ts), in a module of their own: the saved-aggregate reader and merger
 * (aggregateFile.ts, a chunk of its own in the browser: savedAggregates.ts) needs them without the
 * aggregator's code.
 * @internal
 */

export const DEFAULT_SAMPLE_SIZE = 20;

/** Adds `v` to ascending `arr` unless present; keeps at most `max` smallest. Returns whether `arr` changed. */
export function addBounded<T extends string | number>(arr: T[], v: T, max: number): boolean {
  const n = arr.length;
  if (n === max && v > (arr[n - 1] as T)) return false;
  let i = n;
  while (i > 0 && (arr[i - 1] as T) > v) i--;
  if (i > 0 && arr[i - 1] === v) return false;
  // Moved up by hand, the largest falling out when full, as `splice` then `pop` did, without the
  // array `splice` returns (the peers' evidence inserts an address on most of its calls). A list
  // already longer than `max` (a saved aggregate's) keeps its length, as before.
  if (n < max) {
    for (let j = n; j > i; j--) arr[j] = arr[j - 1] as T;
  } else {
    if (i === n) return true;
    for (let j = n - 1; j > i; j--) arr[j] = arr[j - 1] as T;
  }
  arr[i] = v;
  return true;
}
