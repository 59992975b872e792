import { describe, expect, it } from 'vitest';
import { crowdedEdgeLabels, edgeCrossings, overlappingLabels, readability, segmentsCross, type ScreenEdge, type ScreenLabel, type ScreenSnapshot } from './readability.ts';

const name = (id: string, x1: number, y1: number, x2: number, y2: number, px = 12, drawn = true): ScreenLabel => ({ id, kind: 'name', text: id, px, drawn, box: { x1, y1, x2, y2 } });
const edgeLabel = (id: string, x1: number, y1: number, x2: number, y2: number): ScreenLabel => ({ ...name(id, x1, y1, x2, y2), kind: 'edge' });
const edge = (id: string, source: string, target: string, x1: number, y1: number, x2: number, y2: number): ScreenEdge => ({ id, source, target, x1, y1, x2, y2 });

describe('overlappingLabels', () => {
  it('counts a name over a name and an edge label over a name, not two edge labels', () => {
    const pairs = overlappingLabels([name('a', 0, 0, 50, 12), name('b', 40, 5, 90, 17), edgeLabel('e1', 80, 0, 120, 12), edgeLabel('e2', 100, 0, 140, 12)]);
    expect(pairs.map(([x, y]) => [x.id, y.id].sort().join('+')).sort()).toEqual(['a+b', 'b+e1']);
  });

  it('ignores labels that only touch, and labels the renderer leaves out', () => {
    expect(overlappingLabels([name('a', 0, 0, 50, 12), name('b', 49.5, 0, 90, 12)])).toEqual([]);
    expect(overlappingLabels([name('a', 0, 0, 50, 12), name('b', 10, 0, 90, 12, 4, false)])).toEqual([]);
  });
});

describe('edgeCrossings', () => {
  it('counts an X once and never edges that share an end', () => {
    expect(segmentsCross(edge('1', 'a', 'b', 0, 0, 10, 10), edge('2', 'c', 'd', 0, 10, 10, 0))).toBe(true);
    expect(edgeCrossings([edge('1', 'a', 'b', 0, 0, 10, 10), edge('2', 'c', 'd', 0, 10, 10, 0), edge('3', 'a', 'd', 0, 0, 10, 0)])).toBe(1);
    expect(edgeCrossings([edge('1', 'a', 'b', 0, 0, 10, 0), edge('2', 'c', 'd', 0, 5, 10, 5)])).toBe(0);
  });
});

describe('readability', () => {
  const snap = (labels: ScreenLabel[]): ScreenSnapshot => ({ window: { w: 1000, h: 500 }, canvas: { x1: 0, y1: 100, x2: 1000, y2: 600 }, zoom: 1, labels, edges: [] });

  it('measures the visible canvas only, and names readable only when large enough and inside', () => {
    const r = readability(snap([name('big', 10, 200, 60, 212, 12), name('small', 100, 200, 140, 206, 6), name('below', 10, 550, 60, 562, 12), edgeLabel('e', 300, 300, 330, 310)]));
    expect(r.canvasShare).toBeCloseTo(0.8);
    expect(r.names).toBe(3);
    expect(r.minLabelPx).toBe(6);
    expect(r.labelsInside).toBe(2);
    expect(r.readableNames).toBe(1);
    expect(r.readableShare).toBeCloseTo(1 / 3);
  });
});

describe('crowdedEdgeLabels', () => {
  const snap = (labels: ScreenLabel[], bodies: { x1: number; y1: number; x2: number; y2: number }[]): ScreenSnapshot => ({ window: { w: 1000, h: 500 }, canvas: { x1: 0, y1: 0, x2: 1000, y2: 500 }, zoom: 1, labels, edges: [], bodies });

  it('names edge labels squeezed against a node or another edge label, not those with room around them', () => {
    // Two stacked collapsed groups with a 20 px gap: an 18 px label in it comes within 1 px of both.
    const boxes = [{ x1: 0, y1: 0, x2: 150, y2: 66 }, { x1: 0, y1: 86, x2: 150, y2: 152 }];
    expect(crowdedEdgeLabels(snap([edgeLabel('×12', 60, 67, 90, 85)], boxes))).toEqual(['×12']);
    expect(crowdedEdgeLabels(snap([edgeLabel('×12', 60, 68, 90, 84)], [{ x1: 0, y1: 0, x2: 150, y2: 60 }, { x1: 0, y1: 92, x2: 150, y2: 152 }]))).toEqual([]);
    // Side by side, 1 px apart.
    expect(crowdedEdgeLabels(snap([edgeLabel('×3', 300, 300, 330, 316), edgeLabel('×24', 331, 300, 361, 316)], []))).toEqual(['×3', '×24']);
  });
});
