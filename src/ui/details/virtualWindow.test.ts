import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rowWindow, scrollerLabel } from './virtualWindow.ts';

describe('rowWindow', () => {
  it('renders the visible rows plus overscan', () => {
    expect(rowWindow(0, 100, 20, 1000, 2)).toEqual({ start: 0, end: 8, offset: 0, total: 20000 });
    expect(rowWindow(400, 100, 20, 1000, 2)).toEqual({ start: 18, end: 28, offset: 360, total: 20000 });
  });
  it('clamps at the end and handles empty lists', () => {
    expect(rowWindow(1e9, 100, 20, 10, 2)).toMatchObject({ end: 10 });
    expect(rowWindow(0, 100, 20, 0)).toEqual({ start: 0, end: 0, offset: 0, total: 0 });
  });
  it('always covers the viewport', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 600 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 300 }), (scroll, viewport, h, count) => {
        const w = rowWindow(scroll, viewport, h, count);
        const top = Math.min(scroll, Math.max(0, count * h - viewport));
        const firstVisible = Math.floor(top / h);
        const lastVisible = Math.min(count, Math.ceil((top + viewport) / h));
        expect(w.start).toBeLessThanOrEqual(firstVisible);
        expect(w.end).toBeGreaterThanOrEqual(lastVisible);
        expect(w.end - w.start).toBeLessThanOrEqual(Math.ceil(viewport / h) + 1 + 8);
      }),
    );
  });
});

describe('scrollerLabel', () => {
  it('agrees in number and offers scrolling only when rows are hidden (one flow read "1 rows, scroll to see more")', () => {
    expect(scrollerLabel('Observed flows', 1, 22, 220)).toBe('Observed flows: 1 row');
    expect(scrollerLabel('Observed flows', 10, 220, 220)).toBe('Observed flows: 10 rows');
    expect(scrollerLabel('Observed flows', 1500, 33000, 220)).toBe('Observed flows: 1,500 rows, scroll to see more');
  });
});
