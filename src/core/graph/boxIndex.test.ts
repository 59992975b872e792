import { describe, expect, it } from 'vitest';
import { BoxIndex, boxesOverlap, EDGE_LABEL_PLACES, edgeLabelOffsets, LineIndex, placeEdgeLabel, splitBesideLabel, type Box } from './boxIndex.ts';

describe('edgeLabelOffsets', () => {
  const s = { x: 0, y: 0 };
  const t = { x: 200, y: 0 };
  const m = { x: 100, y: 0 };

  it('starts at the middle, then along the line, then beside it, both sides', () => {
    const out = edgeLabelOffsets(s, m, t, 40, 16);
    expect(out[0]).toEqual({ x: 0, y: 0, beside: false });
    // Along a straight line: no vertical offset, at the places' distances from the middle.
    const along = out.slice(0, EDGE_LABEL_PLACES.length);
    expect(along.map((d) => Math.round(d.x))).toEqual(EDGE_LABEL_PLACES.map((u) => Math.round(u * 200 - 100)));
    expect(along.every((d) => Math.abs(d.y) < 1e-9)).toBe(true);
    // Beside: the label's box clears the line (half its height and the gap away), above and below.
    const beside = out.slice(EDGE_LABEL_PLACES.length, 3 * EDGE_LABEL_PLACES.length);
    expect(out.slice(3 * EDGE_LABEL_PLACES.length).every((d) => !d.beside)).toBe(true);
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
    expect(short.length).toBe(2 * EDGE_LABEL_PLACES.length);
    for (const d of short) expect(Math.abs(d.x)).toBeGreaterThanOrEqual(60);
  });

  it('on a line of three colours no place on the line covers a turn (a third, two thirds)', () => {
    const out = edgeLabelOffsets(s, m, t, 40, 16, [1 / 3, 2 / 3]);
    const onLine = out.filter((d) => Math.abs(d.y) < 1e-9).map((d) => 100 + d.x);
    expect(onLine.length).toBeGreaterThan(0);
    // A box 40 wide centred at x covers a turn (at 66.7 or 133.3) when it is nearer than 20.
    for (const x of onLine) for (const turn of [200 / 3, 400 / 3]) expect(Math.abs(x - turn)).toBeGreaterThanOrEqual(20);
    // Nor is one placed over its middle colour on a line too short for a label between its turns.
    const bounds = { x1: -500, y1: -500, x2: 500, y2: 500 };
    const short = placeEdgeLabel({ x: 0, y: 0 }, { x: 20, y: 0 }, { x: 40, y: 0 }, { x1: 0, y1: -8, x2: 40, y2: 8 }, { split: [1 / 3, 2 / 3], bounds, clear: (_b, beside) => !beside });
    expect(short).toBeNull();
  });

  it('a short line between two stacked workloads: its count where the room is, between the upper name and the lower box, off the usual places', () => {
    // Up from the lower box (top at 60) to the upper node (its name down to 26): a 24-high label with
    // 4 of room each side fits only centred at 42 to 44, a third of the way up (none of EDGE_LABEL_PLACES).
    const [name, body] = [
      { x1: -20, y1: 0, x2: 20, y2: 26 },
      { x1: -18, y1: 60, x2: 18, y2: 100 },
    ];
    const grow4 = (b: Box): Box => ({ x1: b.x1 - 4, y1: b.y1 - 4, x2: b.x2 + 4, y2: b.y2 + 4 });
    const clear = (b: Box, beside: boolean) => !beside && ![name, body].some((o) => boxesOverlap(grow4(b), o));
    const p = placeEdgeLabel({ x: 0, y: 64 }, { x: 0, y: 32 }, { x: 0, y: 0 }, { x1: -15, y1: 20, x2: 15, y2: 44 }, { split: false, bounds: { x1: -200, y1: -200, x2: 200, y2: 200 }, clear });
    expect(p).not.toBeNull();
    const y = 32 + (p?.y ?? 0);
    expect(y).toBeGreaterThanOrEqual(42);
    expect(y).toBeLessThanOrEqual(44);
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

describe('places between and into boxes', () => {
  it('a straight line whose label point sits off its ends\' middle (the arrow left out) tries that middle first: centred between two stacked boxes', () => {
    // Cytoscape's midpoint of a 33-long line with an arrow at its target: 2.5 short of the middle.
    const out = edgeLabelOffsets({ x: 82, y: 200.5 }, { x: 82, y: 186.5 }, { x: 82, y: 167.5 }, 40, 24);
    expect(out[0]).toEqual({ x: 0, y: -2.5, beside: false });
  });

  it('a line ending on an open box may put its label just inside that box, on the line where it enters', () => {
    const plain = edgeLabelOffsets({ x: 0, y: 0 }, { x: 32, y: 0 }, { x: 64, y: 0 }, 90, 24);
    const into = edgeLabelOffsets({ x: 0, y: 0 }, { x: 32, y: 0 }, { x: 64, y: 0 }, 90, 24, false, { source: true, target: false });
    expect(into.length).toBe(plain.length + 1);
    const last = into[into.length - 1] as { x: number; y: number; beside: boolean };
    // Its right edge left of the source end (x = 0), on the line (y = 0).
    expect(32 + last.x + 45).toBeLessThan(0);
    expect(last.y).toBe(0);
  });

  it('crosses: a box partly inside a stored box, not one inside or outside it', () => {
    const idx = new BoxIndex();
    idx.add({ x1: 0, y1: 0, x2: 100, y2: 100 });
    expect(idx.crosses({ x1: 90, y1: 40, x2: 130, y2: 60 })).toBe(true);
    expect(idx.crosses({ x1: 10, y1: 40, x2: 50, y2: 60 })).toBe(false);
    expect(idx.crosses({ x1: 110, y1: 40, x2: 150, y2: 60 })).toBe(false);
  });

  it('LineIndex: which other line passes through a box, along a curve too', () => {
    const lines = new LineIndex();
    lines.add('a', { x: 0, y: 0 }, { x: 50, y: 0 }, { x: 100, y: 0 });
    // A curve from (0, 100) through (50, 50) to (100, 100).
    lines.add('b', { x: 0, y: 100 }, { x: 50, y: 50 }, { x: 100, y: 100 });
    expect(lines.crosses({ x1: 40, y1: -5, x2: 60, y2: 5 }, 'b')).toBe(true);
    expect(lines.crosses({ x1: 40, y1: -5, x2: 60, y2: 5 }, 'a')).toBe(false);
    expect(lines.crosses({ x1: 45, y1: 45, x2: 55, y2: 55 }, 'a')).toBe(true);
    expect(lines.crosses({ x1: 45, y1: 20, x2: 55, y2: 30 }, 'a')).toBe(false);
  });

  it('splitBesideLabel: the turn of a green/red line just beside a label over its middle, the side nearer the middle', () => {
    const s = { x: 0, y: 0 };
    const t = { x: 0, y: 200 };
    expect(splitBesideLabel(s, t, { x1: -50, y1: 90, x2: 50, y2: 120 }, 6)).toBeCloseTo(84 / 200);
    expect(splitBesideLabel(s, t, { x1: -50, y1: 80, x2: 50, y2: 110 }, 6)).toBeCloseTo(116 / 200);
    // A label covering nearly the whole line leaves no room for the turn.
    expect(splitBesideLabel(s, t, { x1: -50, y1: 5, x2: 50, y2: 195 }, 6)).toBeNull();
  });
});

describe('placeEdgeLabel', () => {
  // Two boxes stacked at the picture's left edge (x 0-150), a line between them (x 75, y 100-136): the gap fits one label's height.
  const boxes = [
    { x1: 0, y1: 40, x2: 150, y2: 100 },
    { x1: 0, y1: 136, x2: 150, y2: 196 },
  ];
  const bounds = { x1: 0, y1: 0, x2: 600, y2: 400 };
  const clear = (b: Box): boolean => !boxes.some((o) => boxesOverlap(b, o));
  const s = { x: 75, y: 100 };
  const m = { x: 75, y: 118 };
  const t = { x: 75, y: 136 };
  it('a label wider than the boxes, sticking out of the picture at the middle, slides into it still over its line', () => {
    const box = { x1: 75 - 100, y1: 108, x2: 75 + 100, y2: 128 };
    // Beside the line lie other lines (the clear check says so).
    const p = placeEdgeLabel(s, m, t, box, { split: false, bounds, clear: (b, beside) => !beside && clear(b) });
    expect(p).toEqual({ x: 25, y: 0, split: null });
  });
  it('a split line: over its middle with the turn moved beside the label, slid into the picture too', () => {
    const box = { x1: 75 - 100, y1: 112, x2: 75 + 100, y2: 124 };
    // Beside the line lie other lines (the clear check says so).
    const p = placeEdgeLabel(s, m, t, box, { split: true, bounds, clear: (b, beside) => !beside && clear(b) });
    expect(p).not.toBeNull();
    const { x, y, split } = p as NonNullable<typeof p>;
    expect(x).toBe(25);
    expect(split).not.toBeNull();
    // The turn lies outside the label.
    const turnY = s.y + (split as number) * (t.y - s.y);
    expect(turnY < box.y1 + y || turnY > box.y2 + y).toBe(true);
  });
  it('a split line too short for the turn beside its label: over the middle, the turn under it, the line showing beyond it at both ends', () => {
    // The label covers 76-100 of the line 71.5-104.5 (app-platform at 1280x720: platform and acme stacked).
    const short = { s: { x: 75, y: 71.5 }, m: { x: 75, y: 88 }, t: { x: 75, y: 104.5 } };
    const around = [
      { x1: 0, y1: 10, x2: 150, y2: 71.5 },
      { x1: 0, y1: 104.5, x2: 150, y2: 170 },
    ];
    const box = { x1: 75 - 90, y1: 76, x2: 75 + 90, y2: 100 };
    // Clearance keeps it 4.5 from the boxes: only the middle is clear.
    const p = placeEdgeLabel(short.s, short.m, short.t, box, { split: true, bounds, clear: (b, beside) => !beside && !around.some((o) => boxesOverlap({ x1: b.x1, y1: b.y1 - 4, x2: b.x2, y2: b.y2 + 4 }, o)) });
    expect(p).toEqual({ x: 15, y: 0, split: null });
    // A label as long as the line: nothing of either colour would show.
    const tall = { x1: 75 - 90, y1: 70, x2: 75 + 90, y2: 106 };
    expect(placeEdgeLabel(short.s, short.m, short.t, tall, { split: true, bounds, clear: (_b, beside) => !beside })).toBeNull();
  });
  it('the same on a slanted short line: its ends beyond the label, however wide the label (the line is not cut by its corners)', () => {
    // 120 tenants as one node at 1280x720: the platform <-> tenants bundle from (92.5, 71.5) to
    // (103.5, 104.5), its label '4 paths · 1 denied' 143 wide over the middle (y 76-100). Its far
    // corners lay beyond the line's ends along the line, so it was said not to show the line: no label.
    const slant = { s: { x: 92.5, y: 71.5 }, m: { x: 98, y: 88 }, t: { x: 103.5, y: 104.5 } };
    const around = [
      { x1: 5, y1: 8, x2: 160, y2: 71.5 },
      { x1: 5, y1: 104.5, x2: 224, y2: 169 },
    ];
    const box = { x1: 27, y1: 76, x2: 170, y2: 100 };
    const p = placeEdgeLabel(slant.s, slant.m, slant.t, box, { split: true, bounds: { x1: 5, y1: 8, x2: 1035, y2: 356 }, clear: (b, beside) => !beside && !around.some((o) => boxesOverlap({ x1: b.x1, y1: b.y1 - 4, x2: b.x2, y2: b.y2 + 4 }, o)) });
    expect(p).toEqual({ x: 0, y: 0, split: null });
    // Both ends of the line outside the label: green above it, red below.
    for (const end of [slant.s, slant.t]) expect(end.y < box.y1 || end.y > box.y2).toBe(true);
  });
  it('a label that must be drawn (the lit path): with no clear place, the first place a looser test allows, never on a lit label placed before', () => {
    // Two lit paths both ways between two workloads side by side, each labelled "all ports": the
    // second found no clear place and was drawn at its middle, over the first (app-platform, mailer lit).
    const a = { x: 0, y: 0 };
    const b = { x: 120, y: 0 };
    const box = { x1: 60 - 30, y1: -7, x2: 60 + 30, y2: 7 };
    const first = { ...box };
    const nothingClear = (): boolean => false;
    expect(placeEdgeLabel(a, { x: 60, y: 0 }, b, box, { split: false, bounds, clear: nothingClear })).toBeNull();
    const p = placeEdgeLabel(b, { x: 60, y: 0 }, a, box, { split: false, bounds: { x1: -200, y1: -200, x2: 400, y2: 200 }, clear: nothingClear, fallback: [(c) => !boxesOverlap(c, first)] });
    expect(p).not.toBeNull();
    const { x, y } = p as NonNullable<typeof p>;
    expect(boxesOverlap({ x1: box.x1 + x, y1: box.y1 + y, x2: box.x2 + x, y2: box.y2 + y }, first)).toBe(false);
    // Tests in order: the first one some place passes wins.
    const q = placeEdgeLabel(b, { x: 60, y: 0 }, a, box, { split: false, bounds: { x1: -200, y1: -200, x2: 400, y2: 200 }, clear: nothingClear, fallback: [nothingClear, () => true] });
    expect(q).toEqual({ x: 0, y: 0, split: null });
  });
  it('no place: null', () => {
    const box = { x1: 75 - 100, y1: 98, x2: 75 + 100, y2: 138 };
    expect(placeEdgeLabel(s, m, t, box, { split: false, bounds, clear })).toBeNull();
  });
});
