/**
 * The flows-per-minute histogram the drops inbox's time-range filter is drawn over, derived from
 * the aggregate's edges (their `timeline`). Apart from inbox.ts, whose groups the top bar counts
 * on the default screen: only the inbox (a chunk loaded when it is opened) draws this.
 * @public
 */
import { dropsOf } from './inbox.ts';
import type { FlowAggregate } from './types.ts';

export interface HistogramBin {
  /** First minute of the bin (minutes since the epoch). */
  readonly start: number;
  /** Minutes in the bin. */
  readonly width: number;
  readonly flows: number;
  readonly dropped: number;
}

export interface FlowHistogram {
  /** Dense, ascending, every bin `width` minutes wide; empty when no flow had a time. */
  readonly bins: readonly HistogramBin[];
  /** Request flows without a time (never inside a range). */
  readonly untimed: number;
}

/**
 * Request flows per minute over the whole capture, in at most `maxBins` bins (a bin spans
 * several minutes when the capture is longer than `maxBins` minutes).
 */
export function flowHistogram(aggregate: FlowAggregate, maxBins = 120): FlowHistogram {
  const perMinute = new Map<number, { flows: number; dropped: number }>();
  let untimed = 0;
  for (const edge of aggregate.edges) {
    const t = edge.timeline;
    if (t === undefined) {
      untimed += edge.flows;
      continue;
    }
    untimed += t.untimed;
    for (const b of t.buckets) {
      const m = perMinute.get(b.minute);
      const dropped = dropsOf(b);
      if (m) {
        m.flows += b.flows;
        m.dropped += dropped;
      } else perMinute.set(b.minute, { flows: b.flows, dropped });
    }
  }
  if (perMinute.size === 0) return { bins: [], untimed };
  const minutes = [...perMinute.keys()];
  const first = Math.min(...minutes);
  const last = Math.max(...minutes);
  const width = Math.max(1, Math.ceil((last - first + 1) / Math.max(1, maxBins)));
  const count = Math.floor((last - first) / width) + 1;
  const bins = Array.from({ length: count }, (_, i) => ({ start: first + i * width, width, flows: 0, dropped: 0 }));
  for (const [minute, c] of perMinute) {
    const bin = bins[Math.floor((minute - first) / width)];
    if (bin) {
      bin.flows += c.flows;
      bin.dropped += c.dropped;
    }
  }
  return { bins, untimed };
}
