import { describe, expect, it } from 'vitest';
import { foldLegend, freeAreas, viewportAroundOverlay, viewportFor } from './keepInView.ts';

const box = (x1: number, y1: number, x2: number, y2: number) => ({ x1, y1, x2, y2, w: x2 - x1, h: y2 - y1 });

describe('viewportAroundOverlay', () => {
  // A 1,300×960 canvas with the legend in its bottom-right corner (250×210).
  const W = 1300;
  const H = 960;
  const legend = { x1: 1040, y1: 740, x2: 1290, y2: 950 };
  // A wide graph (2,000×1,400) whose bottom-right corner is empty: parts along the top and the left.
  const graph = box(0, 0, 2000, 1400);
  const parts = [box(0, 0, 2000, 300), box(0, 0, 400, 1400)];

  it('uses the whole canvas when no part of the picture falls under the overlay', () => {
    const rect = viewportFor(graph, freeAreas(W, H, legend), 0.1, 2);
    expect(rect).not.toBeNull();
    const vp = viewportAroundOverlay(graph, W, H, legend, parts, rect?.zoom ?? 0, 2);
    expect(vp).not.toBeNull();
    expect(vp?.zoom ?? 0).toBeGreaterThan((rect?.zoom ?? 0) * 1.1);
    // Every part is clear of the legend at that viewport.
    for (const p of parts) {
      const x2 = p.x2 * (vp?.zoom ?? 0) + (vp?.pan.x ?? 0);
      const y2 = p.y2 * (vp?.zoom ?? 0) + (vp?.pan.y ?? 0);
      const x1 = p.x1 * (vp?.zoom ?? 0) + (vp?.pan.x ?? 0);
      const y1 = p.y1 * (vp?.zoom ?? 0) + (vp?.pan.y ?? 0);
      expect(x2 <= legend.x1 || x1 >= legend.x2 || y2 <= legend.y1 || y1 >= legend.y2).toBe(true);
    }
  });

  it('gives up (the clear rectangles win) when the picture fills the corner under the overlay', () => {
    const full = [box(0, 0, 2000, 1400)];
    const rect = viewportFor(graph, freeAreas(W, H, legend), 0.1, 2);
    expect(viewportAroundOverlay(graph, W, H, legend, full, rect?.zoom ?? 0, 2)).toBeNull();
  });

  it('changes nothing without an overlay or when the whole canvas is no bigger', () => {
    expect(viewportAroundOverlay(graph, W, H, null, parts, 0.1, 2)).toBeNull();
    expect(viewportAroundOverlay(graph, W, H, legend, parts, 5, 2)).toBeNull();
  });
});

describe('foldLegend', () => {
  it('folds where the legend makes the smallest text less than clear and folding makes it readable', () => {
    // The 1,000-workload cluster at 1280x720: 0.613 beside the legend (edge labels 9.8 px), 0.743 without (11.9 px).
    expect(foldLegend(0.613, 0.743)).toBe(true);
  });
  it('keeps the legend where the text is clear anyway, where folding gains little, and where nothing is readable either way', () => {
    expect(foldLegend(0.7, 0.9)).toBe(false); // 11.2 px beside it
    expect(foldLegend(0.6, 0.61)).toBe(false); // 2% bigger
    expect(foldLegend(0.2, 0.3)).toBe(false); // 4.8 px without it
  });
});
