/**
 * When an edge's flows happened, by minute: what the time-range filter narrows and the drops
 * inbox dates its groups with. One accumulator per edge (never per flow); flows arrive mostly in
 * time order, so the last minute's bucket is remembered and its minute number parsed once.
 * @internal
 */
import type { Flow } from '../hubble/Flow.ts';
import { VERDICTS, type Verdict } from '../hubble/enums.ts';
import type { EdgeTimeline, TimeBucket } from './types.ts';

const MS_PER_MINUTE = 60_000;

/**
 * Minutes since the epoch of a flow time (`Flow.time` is canonical UTC, `YYYY-MM-DDTHH:MM:SS.nZ`),
 * or null when it cannot be read.
 */
export function minuteOf(time: string): number | null {
  const ms = Date.parse(time.length >= 16 && time.endsWith('Z') ? `${time.slice(0, 16)}Z` : time);
  return Number.isFinite(ms) ? Math.floor(ms / MS_PER_MINUTE) : null;
}

/** ISO text of the start of a minute (`2026-11-20T09:00:00.000Z`). */
export function minuteText(minute: number): string {
  return new Date(minute * MS_PER_MINUTE).toISOString();
}

interface BucketAcc {
  readonly minute: number;
  flows: number;
  readonly verdicts: number[];
  drops: Map<string, number> | null;
}

function verdictRecord(counts: readonly number[]): Partial<Record<Verdict, number>> {
  const out: Partial<Record<Verdict, number>> = {};
  VERDICTS.forEach((v, i) => {
    if ((counts[i] ?? 0) > 0) out[v] = counts[i];
  });
  return out;
}

const VERDICT_INDEX: ReadonlyMap<Verdict, number> = new Map(VERDICTS.map((v, i) => [v, i]));

/** Key of a DROPPED flow that names no drop reason. */
export const NO_DROP_REASON = 'DROP_REASON_UNKNOWN';

export class TimelineAcc {
  private readonly buckets = new Map<number, BucketAcc>();
  private lastPrefix = '';
  private lastBucket: BucketAcc | null = null;
  private untimed = 0;
  private dropTimes: Map<string, { first: string; last: string }> | null = null;

  add(flow: Flow): void {
    const t = flow.time;
    if (t === null) {
      this.untimed++;
      return;
    }
    let bucket = this.lastBucket;
    if (bucket === null || !t.startsWith(this.lastPrefix)) {
      const minute = minuteOf(t);
      if (minute === null) {
        this.untimed++;
        return;
      }
      bucket = this.buckets.get(minute) ?? null;
      if (bucket === null) this.buckets.set(minute, (bucket = { minute, flows: 0, verdicts: VERDICTS.map(() => 0), drops: null }));
      this.lastBucket = bucket;
      this.lastPrefix = t.slice(0, 16);
    }
    bucket.flows++;
    const v = VERDICT_INDEX.get(flow.verdict) ?? 0;
    bucket.verdicts[v] = (bucket.verdicts[v] ?? 0) + 1;
    if (flow.verdict === 'DROPPED') {
      const reason = flow.dropReason ?? NO_DROP_REASON;
      if (bucket.drops === null) bucket.drops = new Map();
      bucket.drops.set(reason, (bucket.drops.get(reason) ?? 0) + 1);
      if (this.dropTimes === null) this.dropTimes = new Map();
      const span = this.dropTimes.get(reason);
      if (span === undefined) this.dropTimes.set(reason, { first: t, last: t });
      else {
        if (t < span.first) span.first = t;
        if (t > span.last) span.last = t;
      }
    }
  }

  toPlain(): EdgeTimeline {
    const buckets: TimeBucket[] = [];
    for (const minute of [...this.buckets.keys()].sort((a, b) => a - b)) {
      const b = this.buckets.get(minute) as BucketAcc;
      const drops: Record<string, number> = {};
      if (b.drops !== null) for (const r of [...b.drops.keys()].sort()) drops[r] = b.drops.get(r) ?? 0;
      buckets.push({ minute, flows: b.flows, verdicts: verdictRecord(b.verdicts), drops });
    }
    const dropTimes: Record<string, { readonly first: string; readonly last: string }> = {};
    if (this.dropTimes !== null) for (const r of [...this.dropTimes.keys()].sort()) dropTimes[r] = { ...(this.dropTimes.get(r) as { first: string; last: string }) };
    return { buckets, untimed: this.untimed, dropTimes };
  }
}
