/**
 * In-page measurement shared by the app runs and the bare Cytoscape page (bench/render.ts).
 * Page scripts are strings (given to `addInitScript` / `evaluate`): tsx compiles named functions
 * with a `__name` helper pages lack. Both define functions on `window`:
 *
 * - `__benchAnswer(selector)`: "the page answers input". Resolves with the time a click on the element's
 *   background (4 px inside its top-left corner: no node there after a fit, no overlay) has been
 *   handled: mousedown and mouseup are dispatched in a task queued now (`setTimeout 0`, behind
 *   whatever work the page has already queued: the next chunk of a drawing, a React render), and
 *   Cytoscape handles them synchronously (its `tap` handler: the app clears the selection).
 * - `__benchFrameAfter(cond)`: polls `cond()` once per animation frame; once it holds, resolves
 *   with the timestamp of the next frame (Cytoscape draws in its own animation frame callback, so
 *   by the start of that frame it has drawn what `cond` saw: two frames after the state changed,
 *   as the former `afterFrames(2)`).
 * - `__benchComplete(isDone, selector)`: "complete": `__benchFrameAfter(isDone)`, then `__benchAnswer(selector)`.
 *   Resolves with `{ drawn, answered }` (the frame, the answered click).
 * - `__benchGesture(el, kind)`: frame intervals (ms, from `requestAnimationFrame` timestamps) over
 *   a scripted gesture, one input event per frame: `zoom` is 40 wheel events at the centre (10 in,
 *   10 out, twice), `pan` a drag from near the top-left corner (mousedown, 40 mousemoves of
 *   6×4 px, mouseup). Recording starts at the frame of the first event and goes on for 400 ms
 *   after the last one, so the redraws at the gesture's start (a texture of the whole graph is
 *   drawn first with `textureOnViewport`) and at its end (the full redraw 150 ms after the last
 *   wheel event, or at mouseup) are in; the idle frames of those 400 ms are in as well (about 20
 *   of ~65 intervals at 60 fps: they pull the p50 towards 16.7 ms, not the p95 or the max).
 */

export const PAGE_SCRIPT = `(() => {
  window.__benchAnswer = (selector) => new Promise((resolve) => {
    setTimeout(() => {
      const el = document.querySelector(selector);
      const r = el.getBoundingClientRect();
      const x = r.left + 4, y = r.top + 4;
      const target = document.elementFromPoint(x, y) || el;
      const init = { clientX: x, clientY: y, button: 0, bubbles: true, cancelable: true, view: window };
      target.dispatchEvent(new MouseEvent('mousedown', { ...init, buttons: 1 }));
      target.dispatchEvent(new MouseEvent('mouseup', { ...init, buttons: 0 }));
      resolve(performance.now());
    }, 0);
  });
  window.__benchFrameAfter = (cond) => new Promise((resolve) => {
    const poll = () => {
      if (!cond()) { requestAnimationFrame(poll); return; }
      requestAnimationFrame(resolve);
    };
    requestAnimationFrame(poll);
  });
  window.__benchComplete = (isDone, selector) => window.__benchFrameAfter(isDone).then((drawn) => window.__benchAnswer(selector).then((answered) => ({ drawn, answered })));
  window.__benchGesture = (el, kind) => new Promise((resolve) => {
    const r = el.getBoundingClientRect();
    const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
    const x0 = r.left + 15, y0 = r.top + 15;
    const N = 40, TAIL = 400;
    const ts = [];
    let i = 0, last = 0;
    const mouse = (type, x, y, target) => target.dispatchEvent(new MouseEvent(type, { clientX: x, clientY: y, button: 0, buttons: type === 'mouseup' ? 0 : 1, bubbles: true, cancelable: true, view: window }));
    const step = (t) => {
      ts.push(t);
      if (kind === 'zoom' && i < N) {
        el.dispatchEvent(new WheelEvent('wheel', { deltaY: i % 20 < 10 ? -60 : 60, deltaMode: 0, clientX: cx, clientY: cy, bubbles: true, cancelable: true, view: window }));
        last = t;
      } else if (kind === 'pan' && i === 0) {
        mouse('mousedown', x0, y0, document.elementFromPoint(x0, y0) || el);
        last = t;
      } else if (kind === 'pan' && i <= N) {
        mouse('mousemove', x0 + i * 6, y0 + i * 4, document);
        last = t;
      } else if (kind === 'pan' && i === N + 1) {
        mouse('mouseup', x0 + N * 6, y0 + N * 4, document);
        last = t;
      } else if (t - last >= TAIL) {
        resolve(ts.slice(1).map((v, j) => v - ts[j]));
        return;
      }
      i++;
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
})();`;

/** p50 / p95 / max of frame intervals (nearest-rank percentiles). */
export function frameStats(intervals: readonly number[]): { p50: number; p95: number; max: number } {
  if (intervals.length === 0) return { p50: NaN, p95: NaN, max: NaN };
  const s = [...intervals].sort((a, b) => a - b);
  const rank = (p: number): number => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] as number;
  return { p50: rank(0.5), p95: rank(0.95), max: s[s.length - 1] as number };
}
