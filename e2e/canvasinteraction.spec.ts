import type { Page } from '@playwright/test';
import { generateCluster, synthPresets } from '../src/core/synth/cluster.ts';
import type { Area } from '../src/ui/graph/keepInView.ts';
import { expect, test } from './fixtures.ts';

/**
 * Pointer gestures on the canvas, with real mouse input (Cytoscape's own hit test decides what
 * a press lands on). Nodes stay where the layout put them: a drag anywhere on the canvas pans,
 * whether it starts on the background, on a tenant or namespace box, or on an app. On a big
 * graph, hovering a line and ending a pan do not draw every element again (the test API counts
 * the drawings of the elements' canvas); what a pan's end draws in part is the picture a whole
 * drawing gives.
 */

interface Point {
  readonly x: number;
  readonly y: number;
}

const viewport = (page: Page) => page.evaluate(() => window.__graphTestApi?.viewport() ?? { zoom: 0, pan: { x: NaN, y: NaN } });
const box = (page: Page, id: string) => page.evaluate((i) => window.__graphTestApi?.renderedBox(i) ?? null, id);

/** A point (canvas pixels) in the clear part of the canvas where a press lands on `id` itself. */
async function pointOn(page: Page, id: string): Promise<Point | null> {
  return page.evaluate((target) => {
    const a = window.__graphTestApi;
    const box = a?.renderedBox(target);
    if (!a || !box) return null;
    const clear = a.clearAreas();
    const size = a.size();
    const inClear = (x: number, y: number): boolean => x > 20 && y > 20 && x < size.width - 20 && y < size.height - 20 && clear.some((c) => x >= c.x1 && x <= c.x2 && y >= c.y1 && y <= c.y2);
    for (let y = Math.ceil(box.y1) + 4; y < box.y2 - 4; y += 5) {
      for (let x = Math.ceil(box.x1) + 4; x < box.x2 - 4; x += 5) {
        if (inClear(x, y) && a.elementAt(x, y) === target) return { x, y };
      }
    }
    return null;
  }, id);
}

/** Drags with the mouse from `from` (canvas pixels) by (dx, dy) in steps; returns how far the view moved (whole pixels). */
async function drag(page: Page, from: Point, dx: number, dy: number): Promise<Point> {
  const canvas = await page.getByTestId('graph-canvas').boundingBox();
  if (!canvas) throw new Error('no canvas');
  const before = await viewport(page);
  const x = canvas.x + from.x;
  const y = canvas.y + from.y;
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(x + (dx * i) / 10, y + (dy * i) / 10);
  await page.mouse.up();
  const after = await viewport(page);
  return { x: Math.round(after.pan.x - before.pan.x), y: Math.round(after.pan.y - before.pan.y) };
}

const centre = (b: Area): Point => ({ x: Math.round((b.x1 + b.x2) / 2), y: Math.round((b.y1 + b.y2) / 2) });

test.describe('canvas gestures', () => {
  test('a drag that starts on a tenant box, a namespace box or an app pans the view; nodes stay where they are; a click on a box still selects it', async ({ app, page }) => {
    await app.gotoDemo();
    await page.waitForFunction(() => (window.__graphTestApi?.nodes().length ?? 0) > 0 && window.__graphTestApi?.fitting() === false);
    const nodes = await page.evaluate(() => window.__graphTestApi?.nodes() ?? []);
    const group = nodes.find((n) => n.kind === 'group' && n.label === 'contoso');
    const namespace = nodes.find((n) => n.kind === 'namespace' && n.parent === group?.id);
    const workload = nodes.find((n) => n.kind === 'workload' && n.parent === namespace?.id);
    expect(group && namespace && workload, 'the demo has contoso with a namespace and an app').toBeTruthy();
    if (!group || !namespace || !workload) return;

    // The tenant box's background (inside the box, on none of its namespaces, apps or lines).
    const onGroup = await pointOn(page, group.id);
    expect(onGroup, 'a press lands on the contoso box somewhere in the clear canvas').not.toBeNull();
    if (!onGroup) return;
    expect(await drag(page, onGroup, 120, 80)).toEqual({ x: 120, y: 80 });

    const onNamespace = await pointOn(page, namespace.id);
    expect(onNamespace).not.toBeNull();
    if (!onNamespace) return;
    expect(await drag(page, onNamespace, -90, -40)).toEqual({ x: -90, y: -40 });

    // An app: the view pans, the app moves with it on screen (it keeps its place in the layout).
    const appId = workload.id;
    const before = await box(page, appId);
    expect(before).not.toBeNull();
    if (!before) return;
    const onApp = centre(before);
    expect(await page.evaluate(([x, y]) => window.__graphTestApi?.elementAt(x as number, y as number), [onApp.x, onApp.y])).toBe(appId);
    expect(await drag(page, onApp, 60, -50)).toEqual({ x: 60, y: -50 });
    const after = await box(page, appId);
    expect(after).not.toBeNull();
    expect(Math.round((after?.x1 ?? 0) - before.x1)).toBe(60);
    expect(Math.round((after?.y1 ?? 0) - before.y1)).toBe(-50);

    // A click (no move) on the tenant box still selects the tenant.
    const again = await pointOn(page, group.id);
    expect(again).not.toBeNull();
    if (!again) return;
    const canvas = await page.getByTestId('graph-canvas').boundingBox();
    await page.mouse.click((canvas?.x ?? 0) + again.x, (canvas?.y ?? 0) + again.y);
    await expect.poll(() => page.evaluate(() => window.__graphTestApi?.selection() ?? [])).toEqual([group.id]);
  });
});

/** The elements' canvas (Cytoscape's node layer) as RGBA bytes, read in the page and kept there under `key`. */
async function grabPicture(page: Page, key: string): Promise<void> {
  await page.evaluate((k) => {
    const c = document.querySelector<HTMLCanvasElement>('.graph-canvas-cy canvas[data-id="layer2-node"]');
    const cx = c?.getContext('2d');
    if (!c || !cx) throw new Error('no node layer');
    (window as unknown as Record<string, Uint8ClampedArray>)[k] = cx.getImageData(0, 0, c.width, c.height).data;
  }, key);
}

/** Waits for two animation frames (Cytoscape draws in its frame callback). */
const frames = (page: Page): Promise<void> => page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));

test.describe('canvas gestures on a big graph', () => {
  test.describe.configure({ timeout: 300_000 });

  // 100 workloads: 176 nodes and 780 paths, drawn as a big graph (canvasOptions.ts), small enough to open expanded.
  test('hovering a line and ending a pan draw only the top canvas and the uncovered strips; the pan picture is the whole drawing', async ({ app, page }) => {
    const synth = generateCluster({ ...synthPresets['200'], workloads: 100, format: 'json' });
    await app.gotoDemo();
    await app.openFiles(synth.files.map((f) => ({ name: f.name, mimeType: 'application/json', buffer: Buffer.from(f.data) })));
    await app.waitForLoaded();
    await page.waitForFunction(() => {
      const a = window.__graphTestApi;
      return !!a && a.elementCount().edges > 500 && !a.drawing() && !a.fitting();
    }, undefined, { timeout: 240_000 });
    await page.waitForTimeout(500);
    const canvas = await page.getByTestId('graph-canvas').boundingBox();
    if (!canvas) throw new Error('no canvas');

    // A line whose middle is in the clear canvas and under the pointer there.
    const line = await page.evaluate(() => {
      const a = window.__graphTestApi;
      if (!a) return null;
      const clear = a.clearAreas();
      for (const e of a.edges()) {
        const parts = a.renderedParts(e.id);
        const mid = parts?.[parts.length - 2];
        if (!mid) continue;
        const x = Math.round(mid.x1);
        const y = Math.round(mid.y1);
        if (!clear.some((c) => x > c.x1 + 10 && x < c.x2 - 10 && y > c.y1 + 10 && y < c.y2 - 10)) continue;
        // No other line near it: the pointer lands on it even a pixel or two off.
        const around = [-3, 0, 3].flatMap((ox) => [-3, 0, 3].map((oy) => a.elementAt(x + ox, y + oy)));
        if (around.every((id) => id === e.id)) return { id: e.id, x, y };
      }
      return null;
    });
    expect(line, 'a line can be pointed at').not.toBeNull();
    if (!line) return;
    const draws0 = await page.evaluate(() => window.__graphTestApi?.elementDraws());
    await page.mouse.move(canvas.x + line.x, canvas.y + line.y);
    await expect.poll(() => page.evaluate(() => window.__graphTestApi?.hovered() ?? null)).toBe(line.id);
    await frames(page);
    await page.mouse.move(canvas.x + 3, canvas.y + canvas.height - 3);
    await expect.poll(() => page.evaluate(() => window.__graphTestApi?.hovered() ?? null)).toBeNull();
    await frames(page);
    expect(await page.evaluate(() => window.__graphTestApi?.elementDraws()), 'hovering a line and leaving it drew no element').toEqual(draws0);

    // A pan from the middle of the canvas, by whole pixels.
    const from = { x: Math.round(canvas.width / 2), y: Math.round(canvas.height / 2) };
    expect(await drag(page, from, -137, 61)).toEqual({ x: -137, y: 61 });
    await frames(page);
    await page.waitForTimeout(300);
    const draws1 = await page.evaluate(() => window.__graphTestApi?.elementDraws());
    expect(draws1, 'the pan ended with a drawing of the uncovered strips only').toEqual({ full: draws0?.full, partial: (draws0?.partial ?? 0) + 1 });
    await grabPicture(page, '__partial');
    await page.evaluate(() => window.__graphTestApi?.redrawAll());
    await expect.poll(() => page.evaluate(() => window.__graphTestApi?.elementDraws().full)).toBe((draws0?.full ?? 0) + 1);
    await frames(page);
    await grabPicture(page, '__whole');
    // Compared in blocks of 4 x 4 pixels (their mean colour): a picture drawn from Cytoscape's
    // layered cache and one drawn element by element differ in anti-aliasing, not in what is drawn;
    // a line left out of a strip changes its blocks by far more than the tolerance.
    const diff = await page.evaluate(() => {
      const w = window as unknown as Record<string, Uint8ClampedArray>;
      const a = w['__partial'] as Uint8ClampedArray;
      const b = w['__whole'] as Uint8ClampedArray;
      const c = document.querySelector<HTMLCanvasElement>('.graph-canvas-cy canvas[data-id="layer2-node"]');
      const width = c?.width ?? 0;
      const height = c?.height ?? 0;
      let blocks = 0;
      let differ = 0;
      let painted = 0;
      for (let by = 0; by + 4 <= height; by += 4) {
        for (let bx = 0; bx + 4 <= width; bx += 4) {
          blocks++;
          const sa = [0, 0, 0, 0];
          const sb = [0, 0, 0, 0];
          for (let y = by; y < by + 4; y++) {
            for (let x = bx; x < bx + 4; x++) {
              const i = (y * width + x) * 4;
              for (let k = 0; k < 4; k++) {
                sa[k] = (sa[k] as number) + (a[i + k] as number);
                sb[k] = (sb[k] as number) + (b[i + k] as number);
              }
            }
          }
          if ((sb[3] as number) > 0) painted++;
          if (sa.some((v, k) => Math.abs(v - (sb[k] as number)) / 16 > 16)) differ++;
        }
      }
      return { blocks, painted, differ };
    });
    expect(diff.painted).toBeGreaterThan(diff.blocks / 20);
    expect(diff.differ, JSON.stringify(diff)).toBeLessThanOrEqual(diff.blocks / 1000);
  });
});
