/**
 * Windowing for a fixed-row-height list: which rows to render for a scroll position, with a few
 * rows of overscan so fast scrolling does not show gaps.
 * @public
 */
import { plural } from '../../core/util/plural.ts';

export interface RowWindow {
  /** First rendered row (inclusive). */
  readonly start: number;
  /** Last rendered row (exclusive). */
  readonly end: number;
  /** Space above the first rendered row, in px. */
  readonly offset: number;
  /** Height of all rows, in px. */
  readonly total: number;
}

export function rowWindow(scrollTop: number, viewport: number, rowHeight: number, count: number, overscan = 4): RowWindow {
  const total = count * rowHeight;
  if (count === 0 || rowHeight <= 0) return { start: 0, end: 0, offset: 0, total: 0 };
  const top = Math.min(Math.max(0, scrollTop), Math.max(0, total - viewport));
  const first = Math.floor(top / rowHeight);
  const visible = Math.ceil(viewport / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + visible + overscan);
  return { start, end, offset: start * rowHeight, total };
}

/** The scroller's name for screen readers: how many rows, and whether there are more than it shows. */
export function scrollerLabel(label: string, count: number, total: number, viewport: number): string {
  return `${label}: ${plural(count, 'row')}${total > viewport ? ', scroll to see more' : ''}`;
}
