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
  let i = arr.length;
  if (i === max && v > (arr[i - 1] as T)) return false;
  while (i > 0 && (arr[i - 1] as T) > v) i--;
  if (i > 0 && arr[i - 1] === v) return false;
  arr.splice(i, 0, v);
  if (arr.length > max) arr.pop();
  return true;
}
