import { expect, type Page } from '@playwright/test';

/** Slack for anti-aliasing and label boxes measured a pixel wider than drawn. */
const SLACK = 2;

/**
 * Which of `ids` are not drawn wholly inside the canvas, clear of its overlays (legend, zoom
 * buttons), once no automatic fit is animating. Empty: all in view.
 */
export async function outOfView(page: Page, ids: readonly string[]): Promise<string[]> {
  return page.evaluate(
    ({ ids, slack }) => {
      const api = window.__graphTestApi;
      if (!api) return ['no test API'];
      if (api.fitting() || api.drawing()) return ['still moving'];
      const areas = api.clearAreas();
      const out: string[] = [];
      for (const id of ids) {
        const b = api.renderedBox(id);
        if (b === null) {
          out.push(`${id} (not drawn)`);
          continue;
        }
        const ok = areas.some((a) => b.x1 >= a.x1 - slack && b.y1 >= a.y1 - slack && b.x2 <= a.x2 + slack && b.y2 <= a.y2 + slack);
        if (!ok) out.push(`${id} at ${Math.round(b.x1)},${Math.round(b.y1)}–${Math.round(b.x2)},${Math.round(b.y2)}`);
      }
      return out;
    },
    { ids, slack: SLACK },
  );
}

/** Waits until every one of `ids` is in view (see `outOfView`). */
export async function expectInView(page: Page, ids: readonly string[], message = 'in view'): Promise<void> {
  expect(ids.length, 'something to look for').toBeGreaterThan(0);
  await expect.poll(() => outOfView(page, ids), { message }).toEqual([]);
}

/** The canvas's share of the window (its drawn area over the window's). */
export async function canvasShare(page: Page): Promise<number> {
  return page.evaluate(() => {
    const c = document.querySelector('[data-testid="graph-canvas"]');
    if (!c) return 0;
    const r = c.getBoundingClientRect();
    return (r.width * r.height) / (window.innerWidth * window.innerHeight);
  });
}
