/**
 * When an edge's flows happened, by minute: what the time-range filter narrows and the drops
 * inbox dates its groups with. One accumulator per edge (never per flow). The minute of a flow is
 * read once per flow by the aggregator (`MinuteReader`: flows arrive mostly in time order, so the
 * last minute's text prefix is compared and its number reused) and handed to every edge's
 * accumulator with the verdict's index; an edge remembers its last bucket by minute number.
 * (Reading the minute in each edge, by `startsWith` on the time text, made the whole ingest about
 * a tenth slower.)
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

/**
 * `minuteOf` for a stream of flow times, remembering the last minute: a time with the same first
 * 16 characters (`YYYY-MM-DDTHH:MM`) and a `Z` is in the same minute (`minuteOf` reads only those).
 * -1 when the time cannot be read.
 */
export class MinuteReader {
  private prefix = '';
  private minute = -1;

  read(time: string): number {
    // Few bytecodes: this is inlined into the aggregator's per-flow code, whose budget is tight.
    if (time.startsWith(this.prefix) && this.prefix !== '' && time.endsWith('Z')) return this.minute;
    return this.miss(time);
  }

  private miss(time: string): number {
    const m = minuteOf(time);
    if (m === null) return -1;
    if (time.length >= 16 && time.endsWith('Z')) {
      this.prefix = time.slice(0, 16);
      this.minute = m;
    }
    return m;
  }
}

function verdictRecord(counts: readonly number[], at: number): Partial<Record<Verdict, number>> {
  const out: Partial<Record<Verdict, number>> = {};
  for (let i = 0; i < VERDICTS.length; i++) {
    const n = counts[at + i] as number;
    if (n > 0) out[VERDICTS[i] as Verdict] = n;
  }
  return out;
}

const DROPPED = VERDICTS.indexOf('DROPPED');

/** Key of a DROPPED flow that names no drop reason. */
export const NO_DROP_REASON = 'DROP_REASON_UNKNOWN';

/** One bucket in `TimelineAcc.cells`: minute, flows, then the count of each verdict. */
const STRIDE = 2 + VERDICTS.length;
/** Buckets searched from the last one before an edge gets an index by minute. */
const SCAN = 8;

export class TimelineAcc {
  /**
   * The buckets, flat (STRIDE numbers each, in order of creation): an object, a verdict array and
   * a map entry per bucket were most of the per-minute memory, which grows per edge and minute.
   */
  private readonly cells: number[] = [];
  /** Offset of the bucket of the last flow in `cells`. */
  private last = -1;
  /** Offsets by minute, once the edge has more than SCAN buckets. */
  private index: Map<number, number> | null = null;
  /** Drop reasons of DROPPED flows, by bucket offset. */
  private drops: Map<number, Map<string, number>> | null = null;
  private untimed = 0;
  private dropTimes: Map<string, { first: string; last: string }> | null = null;

  /**
   * A request flow, its minute (`MinuteReader.read` of its time; -1: no readable time), the
   * index of its verdict in VERDICTS and the flows it stands for (1, or an exporter aggregate's
   * count, all put in the minute of its time).
   */
  add(flow: Flow, minute: number, verdict: number, n: number): void {
    // Small on purpose: it is inlined into the per-flow code, whose inlining budget is tight (the
    // rare cases are methods of their own).
    if (minute < 0) {
      this.untimed += n;
      return;
    }
    const cells = this.cells;
    let at = this.last;
    if (at < 0 || cells[at] !== minute) at = this.bucketOf(minute);
    cells[at + 1] = (cells[at + 1] as number) + n;
    cells[at + 2 + verdict] = (cells[at + 2 + verdict] as number) + n;
    if (verdict === DROPPED) this.addDrop(at, flow, n);
  }

  /** The offset of the minute's bucket, made if new. */
  private bucketOf(minute: number): number {
    const cells = this.cells;
    let at = -1;
    if (this.index !== null) at = this.index.get(minute) ?? -1;
    else {
      for (let i = cells.length - STRIDE; i >= 0; i -= STRIDE)
        if (cells[i] === minute) {
          at = i;
          break;
        }
    }
    if (at < 0) {
      at = cells.length;
      cells.push(minute, 0);
      for (let v = 0; v < VERDICTS.length; v++) cells.push(0);
      if (this.index !== null) this.index.set(minute, at);
      else if (at >= SCAN * STRIDE) {
        this.index = new Map();
        for (let i = 0; i < cells.length; i += STRIDE) this.index.set(cells[i] as number, i);
      }
    }
    this.last = at;
    return at;
  }

  private addDrop(at: number, flow: Flow, n: number): void {
    const t = flow.time as string;
    const reason = flow.dropReason ?? NO_DROP_REASON;
    if (this.drops === null) this.drops = new Map();
    let drops = this.drops.get(at);
    if (drops === undefined) this.drops.set(at, (drops = new Map()));
    drops.set(reason, (drops.get(reason) ?? 0) + n);
    if (this.dropTimes === null) this.dropTimes = new Map();
    const span = this.dropTimes.get(reason);
    if (span === undefined) this.dropTimes.set(reason, { first: t, last: t });
    else {
      if (t < span.first) span.first = t;
      if (t > span.last) span.last = t;
    }
  }

  private bucket(at: number): TimeBucket {
    const cells = this.cells;
    const drops: Record<string, number> = {};
    const d = this.drops === null ? undefined : this.drops.get(at);
    if (d !== undefined) for (const r of [...d.keys()].sort()) drops[r] = d.get(r) ?? 0;
    return { minute: cells[at] as number, flows: cells[at + 1] as number, verdicts: verdictRecord(cells, at + 2), drops };
  }

  toPlain(): EdgeTimeline {
    const buckets: TimeBucket[] = [];
    const cells = this.cells;
    // Buckets are made in time order as a rule: an order of offsets is made only when they were not.
    let inOrder = true;
    for (let i = STRIDE; i < cells.length; i += STRIDE)
      if ((cells[i - STRIDE] as number) > (cells[i] as number)) {
        inOrder = false;
        break;
      }
    if (inOrder) for (let at = 0; at < cells.length; at += STRIDE) buckets.push(this.bucket(at));
    else {
      const order: number[] = [];
      for (let i = 0; i < cells.length; i += STRIDE) order.push(i);
      order.sort((a, b) => (cells[a] as number) - (cells[b] as number));
      for (const at of order) buckets.push(this.bucket(at));
    }
    const dropTimes: Record<string, { readonly first: string; readonly last: string }> = {};
    if (this.dropTimes !== null)
      for (const r of [...this.dropTimes.keys()].sort()) {
        const span = this.dropTimes.get(r) as { first: string; last: string };
        dropTimes[r] = { first: span.first, last: span.last };
      }
    return { buckets, untimed: this.untimed, dropTimes };
  }
}
