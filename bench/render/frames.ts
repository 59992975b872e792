/**
 * Frame timing shared by the bare page and the app measurements: "first frame" is the start of
 * the second animation frame after the elements exist (Cytoscape draws in its own
 * requestAnimationFrame callback, so by then the first draw has finished on the main thread).
 */
export function afterFrames(n = 2): Promise<number> {
  return new Promise((resolve) => {
    let left = n;
    const tick = (t: number): void => {
      if (--left <= 0) resolve(t);
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}
