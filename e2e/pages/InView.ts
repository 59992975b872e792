import { expect, type Page } from '@playwright/test';

/** Slack for anti-aliasing and label boxes measured a pixel wider than drawn. */
const SLACK = 2;

/**
 * Which of `ids` are not seen whole: a node (with its name) or an edge's label and the ends and
 * middle of its line outside the canvas or under its overlay (legend, zoom buttons), once no
 * automatic fit is animating. Empty: all in view.
 */
export async function outOfView(page: Page, ids: readonly string[]): Promise<string[]> {
  return page.evaluate(
    ({ ids, slack }) => {
      const api = window.__graphTestApi;
      if (!api) return ['no test API'];
      if (api.fitting() || api.drawing()) return ['still moving'];
      const { width, height } = api.size();
      const overlay = api.overlay();
      const out: string[] = [];
      for (const id of ids) {
        const parts = api.renderedParts(id);
        if (parts === null) {
          out.push(`${id} (not drawn)`);
          continue;
        }
        for (const b of parts) {
          const inCanvas = b.x1 >= -slack && b.y1 >= -slack && b.x2 <= width + slack && b.y2 <= height + slack;
          const covered = overlay !== null && b.x2 > overlay.x1 + slack && b.x1 < overlay.x2 - slack && b.y2 > overlay.y1 + slack && b.y1 < overlay.y2 - slack;
          if (!inCanvas || covered) {
            out.push(`${id} at ${Math.round(b.x1)},${Math.round(b.y1)}–${Math.round(b.x2)},${Math.round(b.y2)}${covered ? ' (under the overlay)' : ''}`);
            break;
          }
        }
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
