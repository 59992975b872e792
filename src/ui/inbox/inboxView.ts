/**
 * Words and times of the drops inbox (pure: unit tested without a browser).
 * @public
 */
import { edgePortText, peerLabel, type DropGroup, type MismatchGroup, type TimeRange } from '../../core/flows/inbox.ts';
import { minuteText } from '../../core/flows/timeline.ts';
import { plural } from '../../core/util/plural.ts';

/** Short words for a mismatch class (the edge details say it at length). */
export function mismatchWords(cls: string): string {
  switch (cls) {
    case 'observed-denied-predicted-allowed':
      return 'dropped although the policy allows it';
    case 'observed-allowed-predicted-denied':
      return 'passed although the policy denies it';
    default:
      return cls.replace(/-/g, ' ');
  }
}

/** `10:02:10` (UTC); with the date (`11-20 10:02:10`) when the capture spans several days. */
export function clock(time: string | null, withDate: boolean): string {
  if (time === null) return '—';
  return withDate ? `${time.slice(5, 10)} ${time.slice(11, 19)}` : time.slice(11, 19);
}

/** `10:00:01–10:05:59`, or one time when first and last are the same second. */
export function timeSpan(first: string | null, last: string | null, withDate: boolean): string {
  const a = clock(first, withDate);
  const b = clock(last, withDate);
  return a === b ? a : `${a}–${b}`;
}

/** Whether first and last time of a capture fall on different (UTC) days. */
export function spansDays(first: string | null, last: string | null): boolean {
  return first !== null && last !== null && first.slice(0, 10) !== last.slice(0, 10);
}

/** A range as the brush's caption reads it: `10:00–10:03 UTC`. */
export function rangeText(range: TimeRange, withDate: boolean): string {
  const from = minuteText(range.from);
  const to = minuteText(range.to);
  const f = (t: string): string => (withDate ? `${t.slice(5, 10)} ${t.slice(11, 16)}` : t.slice(11, 16));
  return `${f(from)}–${f(to)} UTC`;
}

/** The time brush's value as a screen reader reads it: the chosen range, else `all times, 1 flow`. */
export function brushValueText(range: TimeRange | null, withDate: boolean, flows: number): string {
  return range ? rangeText(range, withDate) : `all times, ${plural(flows, 'flow')}`;
}

/** One line naming the path of a group: `shop/shop → web/api 9000/TCP`. */
export function groupPath(g: DropGroup | MismatchGroup): string {
  return `${peerLabel(g.source)} → ${peerLabel(g.destination)} ${edgePortText(g.protocol, g.port)}`;
}


/** A first and last time as a screen reader says them: `from 10:00:01 to 10:05:59 UTC`, `at 10:00:01 UTC`. */
function spokenSpan(first: string | null, last: string | null, withDate: boolean): string | null {
  if (first === null && last === null) return null;
  const a = clock(first, withDate);
  const b = clock(last, withDate);
  return a === b ? `at ${a} UTC` : `from ${a} to ${b} UTC`;
}

/**
 * The name of one group of the inbox as a screen reader announces it (its row draws the same
 * words in columns, with a `×` count and a dash between the times):
 * `jobs/mailer → internet (198.51.100.25) 25/TCP: 2 dropped flows, POLICY_DENY, recorded by tenant-egress, from 10:02:10 to 10:02:20 UTC`.
 */
export function groupLabel(g: DropGroup | MismatchGroup, withDate: boolean): string {
  const words: string[] = [];
  if ('reason' in g) {
    words.push(plural(g.flows, 'dropped flow'), g.reason);
    if (g.mismatch !== null) words.push(`disagrees with the policy: ${mismatchWords(g.mismatch)}`);
    const recorded = [...new Set(g.recorded.map((p) => p.name))];
    if (recorded.length > 0) words.push(`recorded by ${recorded.join(', ')}`);
  } else {
    words.push(plural(g.flows, 'flow'), mismatchWords(g.mismatch));
    if (g.dropped > 0) words.push(plural(g.dropped, 'drop'));
  }
  const when = spokenSpan(g.firstTime, g.lastTime, withDate);
  if (when !== null) words.push(when);
  return `${groupPath(g)}: ${words.join(', ')}`;
}
