import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Flow } from '../hubble/Flow.ts';
import { VERDICTS } from '../hubble/enums.ts';
import { minuteText, NO_DROP_REASON, TimelineAcc } from './timeline.ts';
import type { EdgeTimeline, TimeBucket } from './types.ts';

/** What the timeline must hold, computed the plain way from the whole list. */
function reference(flows: readonly { minute: number; verdict: number; time: string; reason: string | null }[]): EdgeTimeline {
  const byMinute = new Map<number, { flows: number; verdicts: Map<string, number>; drops: Map<string, number> }>();
  const dropTimes: Record<string, { first: string; last: string }> = {};
  let untimed = 0;
  for (const f of flows) {
    if (f.minute < 0) {
      untimed++;
      continue;
    }
    let b = byMinute.get(f.minute);
    if (b === undefined) byMinute.set(f.minute, (b = { flows: 0, verdicts: new Map(), drops: new Map() }));
    b.flows++;
    const v = VERDICTS[f.verdict] as string;
    b.verdicts.set(v, (b.verdicts.get(v) ?? 0) + 1);
    if (v === 'DROPPED') {
      const r = f.reason ?? NO_DROP_REASON;
      b.drops.set(r, (b.drops.get(r) ?? 0) + 1);
      const span = dropTimes[r];
      if (span === undefined) dropTimes[r] = { first: f.time, last: f.time };
      else {
        if (f.time < span.first) span.first = f.time;
        if (f.time > span.last) span.last = f.time;
      }
    }
  }
  const buckets: TimeBucket[] = [...byMinute.keys()]
    .sort((a, b) => a - b)
    .map((minute) => {
      const b = byMinute.get(minute) as { flows: number; verdicts: Map<string, number>; drops: Map<string, number> };
      return {
        minute,
        flows: b.flows,
        verdicts: Object.fromEntries(VERDICTS.filter((v) => b.verdicts.has(v)).map((v) => [v, b.verdicts.get(v) as number])),
        drops: Object.fromEntries([...b.drops.keys()].sort().map((r) => [r, b.drops.get(r) as number])),
      };
    });
  const sortedTimes = Object.fromEntries(Object.keys(dropTimes).sort().map((r) => [r, dropTimes[r] as { first: string; last: string }]));
  return { buckets, untimed, dropTimes: sortedTimes };
}

describe('TimelineAcc', () => {
  it('gives the buckets, untimed count and drop spans of the flows, in any order and however many minutes (property)', () => {
    const flow = fc.record({
      // Few minutes (the last bucket reused, scanned) or many (the index by minute), -1: no time.
      minute: fc.oneof(fc.integer({ min: -1, max: 5 }), fc.integer({ min: 29_000_000, max: 29_000_040 })),
      verdict: fc.integer({ min: 0, max: VERDICTS.length - 1 }),
      reason: fc.constantFrom(null, 'POLICY_DENIED', 'STALE_OR_UNROUTABLE_IP', 'CT_MAP_INSERTION_FAILED'),
      second: fc.integer({ min: 0, max: 59 }),
    });
    fc.assert(
      fc.property(fc.array(flow, { maxLength: 120 }), (raw) => {
        const flows = raw.map((f) => ({ ...f, time: `${minuteText(Math.max(0, f.minute)).slice(0, 17)}${String(f.second).padStart(2, '0')}.000000000Z` }));
        const acc = new TimelineAcc();
        for (const f of flows) acc.add({ time: f.time, dropReason: f.reason } as Flow, f.minute, f.verdict, 1);
        expect(acc.toPlain()).toEqual(reference(flows));
      }),
      { numRuns: 300 },
    );
  });
});
