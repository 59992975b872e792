import type { Page } from '@playwright/test';
import type { Area } from '../src/ui/graph/keepInView.ts';
import { expect, test } from './fixtures.ts';

/**
 * Pointer gestures on the canvas, with real mouse input (Cytoscape's own hit test decides what
 * a press lands on). Nodes stay where the layout put them: a drag anywhere on the canvas pans,
 * whether it starts on the background, on a tenant or namespace box, or on an app.
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
