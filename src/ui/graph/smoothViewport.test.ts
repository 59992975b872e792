/**
 * The two renderer repairs of smoothViewport.ts, on fake renderer state (no canvas in node) and
 * on a headless Cytoscape for the node state.
 */
import cytoscape from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { drawCandidates, hitCandidates, installSmoothViewport, narrowHitTests, panEndDraw, pinBackgrounding, uncovered, warmTexture, type CanvasLike, type DrawContext, type HitElement, type RendererInternals, type TextureCache, type ZSorted } from './smoothViewport.ts';
import { graphStylesheet } from './stylesheet.ts';

interface FakeCanvas extends CanvasLike {
  readonly copies: unknown[];
}

function fakeCanvas(width: number, height: number): FakeCanvas {
  const copies: unknown[] = [];
  return {
    width,
    height,
    copies,
    getContext: () => ({
      setTransform: () => undefined,
      clearRect: () => undefined,
      drawImage: (image: never) => {
        copies.push(image);
      },
    }),
  };
}

/** A renderer after a normal frame drawn at zoom 0.5, pan (100, -40), on an 800 × 600 canvas. */
function renderer(over: Partial<RendererInternals> = {}): RendererInternals & { layer: FakeCanvas } {
  const layer = fakeCanvas(800, 600);
  return {
    layer,
    textureOnViewport: true,
    textureCache: null,
    textureDrawLastFrame: false,
    prevViewport: { zoom: 0.5, pan: { x: 100, y: -40 } },
    canvasWidth: 800,
    canvasHeight: 600,
    hoverData: { dragging: false },
    data: { wheelZooming: false, canvases: [fakeCanvas(800, 600), fakeCanvas(800, 600), layer] },
    NODE: 2,
    ...over,
  };
}

describe('warmTexture', () => {
  it('hands the picture on screen over as the texture when a wheel zoom starts', () => {
    const r = renderer();
    r.data = { ...r.data, wheelZooming: true };
    const spare = { canvas: null as CanvasLike | null };
    expect(warmTexture(r, () => fakeCanvas(1, 1), spare)).toBe(true);
    const t = r.textureCache;
    expect(t?.texture).toBe(spare.canvas);
    expect((spare.canvas as FakeCanvas).copies).toEqual([r.layer]);
    expect([spare.canvas?.width, spare.canvas?.height]).toEqual([800, 600]);
    // The texture covers the viewport the last frame was drawn at (model coordinates of its corner).
    expect(t?.viewport).toEqual({ zoom: 0.5, pan: { x: 100, y: -40 }, width: 800, height: 600, mpan: { x: -200, y: 80 } });
  });

  it('also when a drag pan starts, and reuses its canvas', () => {
    const r = renderer({ hoverData: { dragging: true } });
    const spare = { canvas: fakeCanvas(10, 10) as CanvasLike | null };
    const before = spare.canvas;
    expect(warmTexture(r, () => fakeCanvas(1, 1), spare)).toBe(true);
    expect(spare.canvas).toBe(before);
    expect([before?.width, before?.height]).toEqual([800, 600]);
  });

  it('leaves the renderer alone when no gesture moves the view, a texture exists, or the last frame was a texture', () => {
    const none = () => {
      throw new Error('no canvas expected');
    };
    const still = renderer();
    expect(warmTexture(still, none, { canvas: null })).toBe(false);
    expect(still.textureCache).toBeNull();
    const existing = { bb: null, texture: fakeCanvas(1, 1), viewport: { zoom: 1, pan: { x: 0, y: 0 }, width: 1, height: 1, mpan: { x: 0, y: 0 } } };
    const has = renderer({ hoverData: { dragging: true }, textureCache: existing });
    expect(warmTexture(has, none, { canvas: null })).toBe(false);
    expect(has.textureCache).toBe(existing);
    const afterTexture = renderer({ hoverData: { dragging: true }, textureDrawLastFrame: true });
    expect(warmTexture(afterTexture, none, { canvas: null })).toBe(false);
    expect(afterTexture.textureCache).toBeNull();
    const off = renderer({ hoverData: { dragging: true }, textureOnViewport: false });
    expect(warmTexture(off, none, { canvas: null })).toBe(false);
  });

  it('does not copy a layer of another size than the canvas, nor without a drawn viewport', () => {
    const none = () => fakeCanvas(1, 1);
    const resized = renderer({ hoverData: { dragging: true }, canvasWidth: 1000 });
    expect(warmTexture(resized, none, { canvas: null })).toBe(false);
    const { prevViewport: _, ...rest } = renderer({ hoverData: { dragging: true } });
    expect(warmTexture(rest, none, { canvas: null })).toBe(false);
    expect(warmTexture({ textureOnViewport: true, hoverData: { dragging: true } }, none, { canvas: null })).toBe(false);
  });
});

describe('pinBackgrounding', () => {
  it('keeps a node "not loading" whatever the renderer writes, so drawing it does not restyle it', () => {
    const cy = cytoscape({ headless: true, elements: [{ data: { id: 'a' } }, { data: { id: 'b', parent: 'a' } }] });
    const nodes = cy.nodes() as unknown as Iterable<{ _private: { backgrounding?: boolean } }>;
    expect(pinBackgrounding(nodes)).toBe(2);
    for (const n of nodes) {
      // What Cytoscape's node drawing does: remember, write, restyle when it changed.
      const prev = n._private.backgrounding;
      n._private.backgrounding = true;
      expect(n._private.backgrounding).toBe(prev);
      expect(prev).toBe(false);
    }
    expect(cy.nodes(':backgrounding').length).toBe(0);
    expect(pinBackgrounding(nodes)).toBe(0);
  });

  it('is installed on the nodes there and on nodes added later', () => {
    const cy = cytoscape({ headless: true, elements: [{ data: { id: 'a' } }] });
    const uninstall = installSmoothViewport(cy, () => fakeCanvas(1, 1));
    cy.add([{ data: { id: 'b' } }, { data: { id: 'e', source: 'a', target: 'b' } }]);
    for (const id of ['a', 'b']) {
      const p = (cy.getElementById(id) as unknown as { _private: { backgrounding?: boolean } })._private;
      p.backgrounding = true;
      expect(p.backgrounding).toBe(false);
    }
    uninstall();
    cy.add({ data: { id: 'c' } });
    const c = (cy.getElementById('c') as unknown as { _private: { backgrounding?: boolean } })._private;
    c.backgrounding = true;
    expect(c.backgrounding).toBe(true);
  });

  it('relies on a stylesheet without background images', () => {
    for (const options of [{}, { big: true }, { big: true, huge: true }]) {
      for (const rule of graphStylesheet(options)) {
        const style = (rule as { style?: Record<string, unknown> }).style ?? {};
        expect(Object.keys(style).filter((k) => k.startsWith('background-image'))).toEqual([]);
      }
    }
  });
});

type Box = { x1: number; y1: number; x2: number; y2: number };
const node = (id: string, bb: Box | null, extra: Partial<HitElement['_private']> = {}): HitElement & { id: string } => ({ id, _private: { group: 'nodes', bbCache: bb, ...extra } });
const edge = (id: string, bb: Box | null, allpts: number[]): HitElement & { id: string } => ({ id, _private: { group: 'edges', bbCache: bb, rscratch: { allpts } } });

describe('hitCandidates', () => {
  it('keeps, in order, what is near the point, and what has no current box', () => {
    const list = [
      node('far', { x1: 500, y1: 500, x2: 540, y2: 540 }),
      node('under', { x1: 0, y1: 0, x2: 40, y2: 40 }),
      node('within margin', { x1: 28, y1: 25, x2: 80, y2: 60 }),
      node('uncached', null),
      node('restyled', { x1: 900, y1: 900, x2: 940, y2: 940 }, { styleDirty: true }),
      node('compound', { x1: 900, y1: 900, x2: 940, y2: 940 }, { children: [{}] }),
      node('leaf', { x1: 900, y1: 900, x2: 940, y2: 940 }, { children: [] }),
      edge('crossing', { x1: -100, y1: 10, x2: 100, y2: 24 }, [-100, 10, 100, 24]),
      edge('far edge', { x1: 300, y1: 300, x2: 400, y2: 310 }, [300, 300, 400, 310]),
      // A node moved: the edge's drawn ends are outside its cached box.
      edge('moved end', { x1: 300, y1: 300, x2: 400, y2: 310 }, [300, 300, 700, 900]),
      edge('no points', { x1: 300, y1: 300, x2: 400, y2: 310 }, []),
    ];
    expect(hitCandidates(list, 20, 20, 10).map((e) => e.id)).toEqual(['under', 'within margin', 'uncached', 'restyled', 'compound', 'crossing', 'moved end', 'no points']);
    expect(hitCandidates(list, 20, 20, 1).map((e) => e.id)).toEqual(['under', 'uncached', 'restyled', 'compound', 'crossing', 'moved end', 'no points']);
  });
});

describe('narrowHitTests', () => {
  /** A renderer whose hit test returns the ids it was given, topmost first. */
  function fake(count: number) {
    const all: ZSorted = Array.from({ length: count }, (_, i) => node(`n${i}`, { x1: i * 100, y1: 0, x2: i * 100 + 40, y2: 40 }));
    all.interactive = all.filter((_, i) => i % 2 === 0);
    const seen: number[] = [];
    const r: RendererInternals = {
      getCachedZSortedEles: () => all,
      findNearestElements(this: RendererInternals, _x: number, _y: number, interactiveOnly: boolean) {
        const sorted = this.getCachedZSortedEles?.() as ZSorted;
        const list = (interactiveOnly ? sorted.interactive : sorted) as (HitElement & { id: string })[];
        seen.push(list.length);
        return list.map((e) => e.id);
      },
    };
    return { r, all, seen };
  }

  it("runs Cytoscape's test on the elements near the point only, then puts the full list back", () => {
    const { r, all, seen } = fake(5000);
    const undo = narrowHitTests(r, () => 1);
    expect(r.findNearestElements?.(120, 20, false, false)).toEqual(['n1']);
    // Interactive elements only: n1 is not one; n0 and n2 are beyond the margin (9 px at zoom 1).
    expect(r.findNearestElements?.(120, 20, true, false)).toEqual([]);
    expect(r.findNearestElements?.(30, 20, true, false)).toEqual(['n0']);
    expect(seen).toEqual([1, 0, 1]);
    expect(r.getCachedZSortedEles?.()).toBe(all);
    undo();
    expect(r.findNearestElements?.(120, 20, false, false)).toHaveLength(5000);
  });

  it('widens the margin when zoomed out, and leaves small graphs to the full test', () => {
    const { r } = fake(5000);
    narrowHitTests(r, () => 0.1);
    // 9 px at zoom 0.1 are 90 model units; by touch, 25 px are 250.
    expect(r.findNearestElements?.(120, 20, false, false)).toEqual(['n0', 'n1', 'n2']);
    expect(r.findNearestElements?.(120, 20, false, true)).toEqual(['n0', 'n1', 'n2', 'n3']);
    const small = fake(100);
    narrowHitTests(small.r, () => 1);
    expect(small.r.findNearestElements?.(120, 20, false, false)).toHaveLength(100);
  });
});

describe('uncovered', () => {
  it('is the band and the side a moved picture leaves bare, disjoint', () => {
    expect(uncovered(800, 600, 0, 0)).toEqual([]);
    expect(uncovered(800, 600, 30, 0)).toEqual([{ x1: 0, y1: 0, x2: 30, y2: 600 }]);
    expect(uncovered(800, 600, 0, -20)).toEqual([{ x1: 0, y1: 580, x2: 800, y2: 600 }]);
    expect(uncovered(800, 600, -137, 61)).toEqual([
      { x1: 0, y1: 0, x2: 800, y2: 61 },
      { x1: 663, y1: 61, x2: 800, y2: 600 },
    ]);
    expect(uncovered(800, 600, 800, 0)).toBeNull();
    expect(uncovered(800, 600, 10, -600)).toBeNull();
  });
});

describe('drawCandidates', () => {
  it('keeps, in order, what meets a strip (with the margin) and whatever has no current box', () => {
    const list = [
      node('in', { x1: 0, y1: 0, x2: 10, y2: 10 }),
      node('out', { x1: 100, y1: 100, x2: 110, y2: 110 }),
      node('margin', { x1: 52, y1: 0, x2: 60, y2: 10 }),
      node('uncached', null),
      node('restyled', { x1: 100, y1: 100, x2: 110, y2: 110 }, { styleDirty: true }),
      node('compound', { x1: 100, y1: 100, x2: 110, y2: 110 }, { children: [{}] }),
      node('second strip', { x1: 200, y1: 300, x2: 210, y2: 310 }),
    ];
    const strips = [
      { x1: -5, y1: -5, x2: 50, y2: 50 },
      { x1: 190, y1: 290, x2: 400, y2: 400 },
    ];
    expect(drawCandidates(list, strips, 3).map((e) => e.id)).toEqual(['in', 'margin', 'uncached', 'restyled', 'compound', 'second strip']);
    expect(drawCandidates(list, strips, 1).map((e) => e.id)).toEqual(['in', 'uncached', 'restyled', 'compound', 'second strip']);
  });
});

describe('panEndDraw', () => {
  function context(): DrawContext & { log: string[] } {
    const log: string[] = [];
    let transform: DOMMatrix2DInit = { a: 0.5, b: 0, c: 0, d: 0.5, e: 100, f: -40 };
    return {
      log,
      save: () => log.push('save'),
      restore: () => log.push('restore'),
      getTransform: () => transform,
      setTransform: ((...args: unknown[]) => {
        if (args.length === 1) transform = args[0] as DOMMatrix2DInit;
        log.push(`transform ${args.length === 1 ? 'back' : args.join(',')}`);
      }) as DrawContext['setTransform'],
      beginPath: () => log.push('path'),
      rect: (x, y, w, h) => log.push(`rect ${x},${y},${w},${h}`),
      clip: () => log.push('clip'),
      drawImage: (_image, x, y) => log.push(`image ${x},${y}`),
    };
  }
  const texture = (): TextureCache => ({ bb: null, texture: fakeCanvas(800, 600), viewport: { zoom: 0.5, pan: { x: 100, y: -40 }, width: 800, height: 600, mpan: { x: -200, y: 80 } } });

  it('copies the texture moved by the pan and draws only the elements of the uncovered strips, clipped to them', () => {
    const drawn: string[][] = [];
    const r: RendererInternals = { canvasWidth: 800, canvasHeight: 600, drawCachedElements: (_cx, eles) => drawn.push(Array.from(eles, (e) => (e as unknown as { id: string }).id)) };
    const cx = context();
    // Panned 30 px right: the strip x 0..30 px, in model units x -260..-200 (zoom 0.5, pan 130).
    const eles = [node('left', { x1: -250, y1: 100, x2: -240, y2: 110 }), node('middle', { x1: 0, y1: 100, x2: 10, y2: 110 })];
    expect(panEndDraw(r, cx, eles, 1, texture(), { zoom: 0.5, pan: { x: 130, y: -40 } })).toBe(true);
    expect(drawn).toEqual([['left']]);
    expect(cx.log).toEqual(['save', 'transform 1,0,0,1,0,0', 'image 30,0', 'path', 'rect 0,0,30,600', 'clip', 'transform back', 'restore']);
  });

  it('declines a zoom, a pan by a fraction of a pixel, a pan past the picture and another canvas size', () => {
    const r: RendererInternals = { canvasWidth: 800, canvasHeight: 600, drawCachedElements: () => undefined };
    const cx = context();
    expect(panEndDraw(r, cx, [], 1, texture(), { zoom: 0.6, pan: { x: 130, y: -40 } })).toBe(false);
    expect(panEndDraw(r, cx, [], 1, texture(), { zoom: 0.5, pan: { x: 130.5, y: -40 } })).toBe(false);
    expect(panEndDraw(r, cx, [], 1, texture(), { zoom: 0.5, pan: { x: 1000, y: -40 } })).toBe(false);
    expect(panEndDraw({ ...r, canvasWidth: 900 }, cx, [], 1, texture(), { zoom: 0.5, pan: { x: 130, y: -40 } })).toBe(false);
    expect(cx.log).toEqual([]);
  });
});
