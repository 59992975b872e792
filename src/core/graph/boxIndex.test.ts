import { describe, expect, it } from 'vitest';
import { EDGE_LABEL_PLACES, edgeLabelOffsets } from './boxIndex.ts';

describe('edgeLabelOffsets', () => {
  const s = { x: 0, y: 0 };
  const t = { x: 200, y: 0 };
  const m = { x: 100, y: 0 };

  it('starts at the middle, then along the line, then beside it, both sides', () => {
    const out = edgeLabelOffsets(s, m, t, 40, 16);
    expect(out[0]).toEqual({ x: 0, y: 0 });
    // Along a straight line: no vertical offset, at the places' distances from the middle.
    const along = out.slice(0, EDGE_LABEL_PLACES.length);
    expect(along.map((d) => Math.round(d.x))).toEqual(EDGE_LABEL_PLACES.map((u) => Math.round(u * 200 - 100)));
    expect(along.every((d) => Math.abs(d.y) < 1e-9)).toBe(true);
    // Beside: the label's box clears the line (half its height and the gap away), above and below.
    const beside = out.slice(EDGE_LABEL_PLACES.length);
    expect(beside.length).toBe(6);
    for (const d of beside) expect(Math.abs(d.y)).toBeGreaterThanOrEqual(8 + 2);
    expect(beside.some((d) => d.y > 0) && beside.some((d) => d.y < 0)).toBe(true);
  });

  it('on a split line no place on the line covers the middle', () => {
    const out = edgeLabelOffsets(s, m, t, 40, 16, true);
    for (const d of out) {
      const onLine = Math.abs(d.y) < 1e-9;
      // A box 40 wide centred at x covers the middle when |x| < 20.
      if (onLine) expect(Math.abs(d.x)).toBeGreaterThanOrEqual(20);
    }
    // A short split line: only the places beside it remain.
    const short = edgeLabelOffsets({ x: 0, y: 0 }, { x: 0, y: 20 }, { x: 0, y: 40 }, 120, 16, true);
    expect(short.length).toBe(6);
    for (const d of short) expect(Math.abs(d.x)).toBeGreaterThanOrEqual(60);
  });

  it('follows a curved line: the places lie on the quadratic curve through the middle', () => {
    const bent = { x: 100, y: 50 };
    const out = edgeLabelOffsets(s, bent, t, 10, 10);
    // u = 0.5 is the middle itself; the others are below the chord and above the middle's height.
    for (const d of out.slice(1, EDGE_LABEL_PLACES.length)) {
      expect(d.y).toBeLessThan(0);
      expect(50 + d.y).toBeGreaterThan(0);
    }
  });
});
