import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AfterDrawn } from './afterDrawn.ts';

describe('AfterDrawn', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("runs the work at the page's drawn, once, and not again at the wait's end", () => {
    const a = new AfterDrawn(1000);
    const work = vi.fn();
    a.schedule(work);
    vi.advanceTimersByTime(999);
    expect(work).not.toHaveBeenCalled();
    a.drawn();
    expect(work).toHaveBeenCalledTimes(1);
    a.drawn();
    vi.advanceTimersByTime(5000);
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('runs the work after the wait when the page never says it drew', () => {
    const a = new AfterDrawn(1000);
    const work = vi.fn();
    a.schedule(work);
    vi.advanceTimersByTime(1000);
    expect(work).toHaveBeenCalledTimes(1);
    a.drawn();
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('a drawn before any work is scheduled does nothing; newer work replaces work not started', () => {
    const a = new AfterDrawn(1000);
    a.drawn();
    const older = vi.fn();
    const newer = vi.fn();
    a.schedule(older);
    a.schedule(newer);
    a.drawn();
    vi.advanceTimersByTime(5000);
    expect(older).not.toHaveBeenCalled();
    expect(newer).toHaveBeenCalledTimes(1);
  });
});
