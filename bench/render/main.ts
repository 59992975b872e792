/**
 * The reference for the render benchmark: the same elements the app draws (ids, parents, preset
 * positions: the app's own `toElements(buildGraph(…))`), drawn by bare Cytoscape with the app's
 * renderer options (`rendererOptions`, the same as GraphCanvas's), into a container of the app
 * canvas's size, at the viewport the app ended with. Two ways:
 * - `all`: `cytoscape({ elements })`, everything at once (the plain way to use Cytoscape);
 * - `chunked`: an empty `cy`, then the app's own chunked addition (`drawProgressively`,
 *   `DRAW_CHUNK`, `DRAW_GROWTH`, one step per frame), viewport set once the nodes are in, as the app does.
 * The stylesheet is minimal (labels, arrows, bezier edges) unless `style: 'app'` (the app's own).
 * The page measures with bench/render/frames.ts (`PAGE_SCRIPT`, added by bench/render.ts).
 */
import cytoscape, { type Core, type ElementDefinition, type StylesheetJson } from 'cytoscape';
import { DRAW_CHUNK, DRAW_GROWTH, rendererOptions } from '../../src/ui/graph/canvasOptions.ts';
import { afterNextFrame, drawProgressively } from '../../src/ui/graph/progressive.ts';
import { graphStylesheet } from '../../src/ui/graph/stylesheet.ts';

export interface BareRequest {
  readonly way: 'all' | 'chunked';
  readonly style: 'minimal' | 'app';
  readonly big: boolean;
  readonly huge: boolean;
  readonly width: number;
  readonly height: number;
  readonly viewport: { zoom: number; pan: { x: number; y: number } };
}

export interface BareResult {
  /** Elements in memory → the frame after the first elements were added. */
  readonly firstPaint: number;
  /** Elements in memory → the frame after the last were added. */
  readonly drawn: number;
  /** Elements in memory → a click after that frame handled. */
  readonly complete: number;
  readonly elements: number;
}

interface BenchWindow {
  __benchFrameAfter(cond: () => boolean): Promise<number>;
  __benchComplete(isDone: () => boolean, selector: string): Promise<{ drawn: number; answered: number }>;
}

declare global {
  interface Window {
    __bare?: { load(url: string): Promise<number>; render(req: BareRequest): Promise<BareResult> };
  }
}

const MINIMAL: StylesheetJson = [
  { selector: 'node', style: { label: 'data(label)' } },
  { selector: 'edge', style: { 'curve-style': 'bezier', 'target-arrow-shape': 'triangle' } },
];

let cy: Core | null = null;
let elements: ElementDefinition[] = [];

window.__bare = {
  async load(url) {
    elements = (await (await fetch(url)).json()) as ElementDefinition[];
    return elements.length;
  },
  async render(req) {
    cy?.destroy();
    cy = null;
    const bench = window as unknown as BenchWindow;
    const container = document.getElementById('cy') as HTMLElement;
    container.style.width = `${req.width}px`;
    container.style.height = `${req.height}px`;
    // Let the size apply before the clock starts.
    await new Promise((r) => requestAnimationFrame(r));
    const style = req.style === 'app' ? graphStylesheet({ big: req.big, huge: req.huge }) : MINIMAL;
    let added = false;
    let done = false;
    const t0 = performance.now();
    const first = bench.__benchFrameAfter(() => added);
    const complete = bench.__benchComplete(() => done, '#cy');
    if (req.way === 'all') {
      cy = cytoscape({ container, elements, style, layout: { name: 'preset' }, ...rendererOptions(req.big) });
      cy.viewport(req.viewport);
      added = true;
      done = true;
    } else {
      const live = cytoscape({ container, elements: [], style, layout: { name: 'preset' }, ...rendererOptions(req.big) });
      cy = live;
      drawProgressively(live, elements, {
        chunk: DRAW_CHUNK,
        growth: DRAW_GROWTH,
        schedule: afterNextFrame,
        onNodes: () => {
          live.viewport(req.viewport);
        },
        onDone: () => {
          done = true;
        },
      });
      added = true;
    }
    const c = await complete;
    return { firstPaint: (await first) - t0, drawn: c.drawn - t0, complete: c.answered - t0, elements: cy.elements().length };
  },
};
