/**
 * Brings `cy` to a new model without one long main-thread task. Removals and updates happen at
 * once; additions (the whole graph on a first draw) go in steps, one per frame, so Cytoscape's
 * style pass, edge geometry and drawing are spread over frames instead of blocking the page for
 * seconds on a graph of a thousand edges. Nodes go first (in model order, parents before
 * children), so the caller can fit the viewport to them before the edges arrive.
 *
 * Steps grow: each adds `max(chunk, growth × what the drawing has added so far)` (a rest smaller
 * than `chunk` goes with the step before it). Cytoscape
 * redraws everything in `cy` on the frame after each step, so fixed chunks cost a number of
 * redraws proportional to the graph (quadratic work: 700 redraws of up to 141,000 edges for the
 * 5k cluster expanded); growing steps cost about `1/growth` of one final redraw more than adding
 * everything at once, in a number of steps logarithmic in the graph's size.
 */
import type { CollectionReturnValue, Core, ElementDefinition } from 'cytoscape';
import { beginPatch, type PatchResult } from './cyPatch.ts';

/** Runs `fn` later (after the next frame is drawn); returns a cancel function. */
export type Scheduler = (fn: () => void) => () => void;

/** The next frame, then a fresh task: Cytoscape draws in its own animation frame callback. */
export const afterNextFrame: Scheduler = (fn) => {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(fn, 0);
  });
  return () => {
    cancelAnimationFrame(frame);
    if (timer !== null) clearTimeout(timer);
  };
};

/** Drawings not over yet (any canvas), and how many have started: see `whenDrawn`. */
let underway = 0;
let started = 0;
/** Waiting for the drawings that start after `since` (a count of `started`) to be over. */
const waiting = new Set<{ readonly since: number; readonly resolve: () => void }>();

/** The next frame where there are frames (a browser), else the next task. */
const nextFrame: Scheduler = (fn) => {
  if (typeof requestAnimationFrame === 'function') return afterNextFrame(fn);
  const timer = setTimeout(fn, 0);
  return () => clearTimeout(timer);
};

function drawingOver(): void {
  underway--;
  if (underway > 0) return;
  // After the frame that draws the last step.
  nextFrame(() => {
    if (underway > 0) return;
    for (const w of [...waiting]) {
      if (started === w.since) continue;
      waiting.delete(w);
      w.resolve();
    }
  });
}

/**
 * Resolves once the canvas has drawn what comes next: a drawing starts after this call and no
 * drawing is under way any more; or, when no drawing starts within `graceMs` (nothing to draw,
 * no canvas on screen), then. Work that would compete with a drawing for the main thread or the
 * machine's other core (the linter in the load's worker) asks when the model reaches the page
 * and waits for it to be drawn.
 */
export function whenDrawn(graceMs = 3000): Promise<void> {
  return new Promise((resolve) => {
    const w = { since: started, resolve };
    waiting.add(w);
    setTimeout(() => {
      if (started !== w.since || !waiting.delete(w)) return;
      resolve();
    }, graceMs);
  });
}

export interface DrawOptions {
  /** Elements added by the first step (and at least by every step); an addition no bigger than this happens at once. */
  readonly chunk: number;
  /** Each step adds at least `growth ×` the elements added before it (0: every step adds `chunk`). */
  readonly growth?: number;
  readonly schedule: Scheduler;
  /** Every node of the model is in `cy` (edges may still be coming). */
  readonly onNodes?: () => void;
  /** Everything is in. */
  readonly onDone: (result: PatchResult) => void;
}

export interface Drawing {
  /** Stops adding (what was added stays; the next patch completes the diff). */
  cancel(): void;
  readonly done: boolean;
  /** Additions made so far, each in its own task (1: everything was added at once). */
  readonly steps: number;
}

/**
 * Splits elements into steps: nodes, then edges, each step `max(chunk, growth × added before)`;
 * no step is smaller than `chunk` (a smaller rest joins the step before it) unless all the nodes
 * or all the edges are.
 */
export function steps(toAdd: readonly ElementDefinition[], chunk: number, growth = 0): ElementDefinition[][] {
  const out: ElementDefinition[][] = [];
  const min = Math.max(1, chunk);
  const nodes = toAdd.filter((d) => d.group === 'nodes');
  const edges = toAdd.filter((d) => d.group !== 'nodes');
  let added = 0;
  for (const list of [nodes, edges]) {
    for (let i = 0; i < list.length; ) {
      const size = Math.max(min, Math.floor(growth * added));
      // A rest smaller than a chunk joins this step: a frame and a redraw of everything for a few elements.
      const step = list.slice(i, list.length - (i + size) < min ? list.length : i + size);
      out.push(step);
      i += step.length;
      added += step.length;
    }
  }
  return out;
}

/**
 * Adds one step, and measures the boxes of the edges it adds before the frame draws them:
 * Cytoscape measures an element's box the first time it draws it and then marks the element
 * changed, so each edge was measured and drawn again on the next frame (a redraw of the whole
 * graph). Measured here, the frame that draws them finds their boxes.
 */
function addStep(cy: Core, batch: readonly ElementDefinition[]): void {
  let added: CollectionReturnValue | null = null;
  cy.batch(() => {
    added = cy.add([...batch]);
  });
  const edges = (added as CollectionReturnValue | null)?.edges();
  if (edges && edges.nonempty()) edges.boundingBox();
}

export function drawProgressively(cy: Core, next: readonly ElementDefinition[], opts: DrawOptions): Drawing {
  const start = beginPatch(cy, next);
  const queue = steps(start.toAdd, opts.chunk, opts.growth ?? 0);
  const nodeSteps = queue.filter((s) => s[0]?.group === 'nodes').length;
  let index = 0;
  let cancelNext: (() => void) | null = null;
  const state = { done: false, cancelled: false, steps: 0 };
  underway++;
  started++;

  const finish = (): void => {
    state.done = true;
    drawingOver();
    opts.onDone({ added: start.toAdd.length, removed: start.removed, updated: start.updated, moved: start.moved });
  };
  const step = (): void => {
    cancelNext = null;
    if (state.cancelled) return;
    const batch = queue[index++];
    if (batch) {
      addStep(cy, batch);
      state.steps++;
    }
    if (index === nodeSteps) opts.onNodes?.();
    if (index >= queue.length) finish();
    else cancelNext = opts.schedule(step);
  };

  if (start.toAdd.length <= opts.chunk) {
    if (start.toAdd.length > 0) {
      addStep(cy, start.toAdd);
      state.steps++;
    }
    opts.onNodes?.();
    finish();
  } else {
    if (nodeSteps === 0) opts.onNodes?.();
    step();
  }
  return {
    cancel: () => {
      if (!state.done && !state.cancelled) drawingOver();
      state.cancelled = true;
      cancelNext?.();
      cancelNext = null;
    },
    get done() {
      return state.done;
    },
    get steps() {
      return state.steps;
    },
  };
}
