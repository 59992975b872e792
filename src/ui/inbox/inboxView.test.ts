import { describe, expect, it } from 'vitest';
import { minuteOf } from '../../core/flows/timeline.ts';
import { brushValueText, clock, mismatchWords, rangeText, spansDays, timeSpan } from './inboxView.ts';

describe('inbox words', () => {
  it('writes times in UTC, with the date only when the capture spans days', () => {
    expect(clock('2026-11-20T09:00:07.511123456Z', false)).toBe('09:00:07');
    expect(clock('2026-11-20T09:00:07.511123456Z', true)).toBe('11-20 09:00:07');
    expect(timeSpan('2026-11-20T09:00:07.5Z', '2026-11-20T09:01:42.1Z', false)).toBe('09:00:07–09:01:42');
    expect(timeSpan('2026-11-20T09:00:07.5Z', '2026-11-20T09:00:07.9Z', false)).toBe('09:00:07');
    expect(spansDays('2026-11-20T23:59:00Z', '2026-11-21T00:01:00Z')).toBe(true);
    expect(spansDays('2026-11-20T09:00:00Z', '2026-11-20T10:00:00Z')).toBe(false);
  });

  it('writes a time range as minutes', () => {
    const from = minuteOf('2026-11-20T09:00:00.000000000Z') as number;
    expect(rangeText({ from, to: from + 3 }, false)).toBe('09:00–09:03 UTC');
  });

  it('gives the time brush a value that agrees in number (read "all times, 1 flows")', () => {
    const from = minuteOf('2026-11-20T09:00:00.000000000Z') as number;
    expect(brushValueText(null, false, 1)).toBe('all times, 1 flow');
    expect(brushValueText(null, false, 1500)).toBe('all times, 1,500 flows');
    expect(brushValueText({ from, to: from + 3 }, false, 1)).toBe('09:00–09:03 UTC');
  });

  it('says what a mismatch class means', () => {
    expect(mismatchWords('observed-denied-predicted-allowed')).toBe('dropped although the policy allows it');
    expect(mismatchWords('some-new-class')).toBe('some new class');
  });
});
