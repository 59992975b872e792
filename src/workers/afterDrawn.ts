/**
 * Work of the load worker that the opening picture does not need (the engine's pairs inside
 * collapsed groups, the input digest for exports): started once the page says it has drawn the
 * first graph (a `drawn` request), so that it does not take the machine's other core from the
 * drawing (as the linter, which the page asks for only then: ui/lint/useFindings.ts), or after
 * `waitMs` when the page never says so (no canvas, a page that crashed). A graph request that
 * needs the deferred pairs does not wait: the builder completes them on the spot (graphBuilder.ts).
 * @internal
 */
export class AfterDrawn {
  private work: (() => void) | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly waitMs: number) {}

  /** Runs `work` at the page's `drawn` or after the wait, once; replaces work not started yet. */
  schedule(work: () => void): void {
    this.cancel();
    this.work = work;
    this.timer = setTimeout(() => this.drawn(), this.waitMs);
  }

  /** The page has drawn: the scheduled work starts now (nothing when none is waiting). */
  drawn(): void {
    const work = this.work;
    this.cancel();
    work?.();
  }

  private cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.work = null;
  }
}
