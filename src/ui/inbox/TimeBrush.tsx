/**
 * Flows per minute as a small bar chart (drops in red on top), with a brush: drag across the bars
 * to narrow everything (graph, lists, counts) to that time range; the arrow keys move a one-bin
 * range, Shift+arrow widens it, Escape clears it.
 */
import { useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { FlowHistogram } from '../../core/flows/histogram.ts';
import type { TimeRange } from '../../core/flows/inbox.ts';
import { brushValueText, rangeText } from './inboxView.ts';

export interface TimeBrushProps {
  readonly histogram: FlowHistogram;
  readonly range: TimeRange | null;
  readonly onRange: (range: TimeRange | null) => void;
  readonly withDate: boolean;
}

const W = 300;
const H = 44;

export function TimeBrush({ histogram, range, onRange, withDate }: TimeBrushProps) {
  const svg = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  const bins = histogram.bins;
  if (bins.length === 0) return <p className="muted inbox-note">The flows carry no times: no time range to choose.</p>;
  const max = Math.max(1, ...bins.map((b) => b.flows));
  const bw = W / bins.length;
  const first = bins[0]?.start ?? 0;
  const width = bins[0]?.width ?? 1;
  const indexAt = (clientX: number): number => {
    const r = svg.current?.getBoundingClientRect();
    if (!r || r.width === 0) return 0;
    return Math.min(bins.length - 1, Math.max(0, Math.floor(((clientX - r.left) / r.width) * bins.length)));
  };
  const toRange = (a: number, b: number): TimeRange => {
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    return { from: first + lo * width, to: first + (hi + 1) * width };
  };
  const shown = drag ? toRange(drag.a, drag.b) : range;
  const sel = shown ? { x: ((shown.from - first) / width) * bw, w: ((shown.to - shown.from) / width) * bw } : null;
  const onDown = (e: ReactPointerEvent<SVGSVGElement>) => {
    const i = indexAt(e.clientX);
    e.currentTarget.setPointerCapture(e.pointerId);
    setDrag({ a: i, b: i });
  };
  const onMove = (e: ReactPointerEvent<SVGSVGElement>) => {
    if (drag) setDrag({ a: drag.a, b: indexAt(e.clientX) });
  };
  const onUp = () => {
    if (drag) onRange(toRange(drag.a, drag.b));
    setDrag(null);
  };
  const onKey = (e: React.KeyboardEvent<SVGSVGElement>) => {
    const lo = range ? Math.round((range.from - first) / width) : -1;
    const hi = range ? Math.round((range.to - first) / width) - 1 : -1;
    if (e.key === 'Escape' && range) onRange(null);
    else if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      const step = e.key === 'ArrowRight' ? 1 : -1;
      const clampI = (i: number): number => Math.min(bins.length - 1, Math.max(0, i));
      if (e.shiftKey && range) onRange(toRange(lo, clampI(hi + step)));
      else {
        const i = clampI(range ? lo + step : step > 0 ? 0 : bins.length - 1);
        onRange(toRange(i, i));
      }
    } else return;
    e.preventDefault();
  };
  const total = bins.reduce((n, b) => n + b.flows, 0);
  return (
    <div className="time-brush" data-testid="time-brush">
      <div className="time-brush-head">
        <span className="muted">
          Flows per {width === 1 ? 'minute' : `${width} minutes`}
          {range ? (
            <>
              {' · '}
              <b data-testid="time-range">{rangeText(range, withDate)}</b>
            </>
          ) : ' · drag to narrow'}
        </span>
        {range ? (
          <button type="button" className="btn small" onClick={() => onRange(null)} data-testid="time-range-clear">
            All times
          </button>
        ) : null}
      </div>
      <svg
        ref={svg}
        className="time-brush-chart"
        viewBox={`0 0 ${W} ${H}`}
        preserveAspectRatio="none"
        role="slider"
        tabIndex={0}
        aria-label="Time range of the flows: drag across the bars, or use the arrow keys (Shift widens, Escape shows all times)"
        aria-valuemin={0}
        aria-valuemax={bins.length}
        aria-valuenow={range ? Math.round((range.from - first) / width) : 0}
        aria-valuetext={brushValueText(range, withDate, total)}
        onPointerDown={onDown}
        onPointerMove={onMove}
        onPointerUp={onUp}
        onPointerCancel={() => setDrag(null)}
        onKeyDown={onKey}
        data-testid="time-brush-chart"
      >
        {bins.map((b, i) => {
          const h = (b.flows / max) * (H - 2);
          const hd = (b.dropped / max) * (H - 2);
          return (
            <g key={b.start}>
              <rect x={i * bw + 0.5} y={H - h} width={Math.max(0.5, bw - 1)} height={h} className="tb-flows" />
              {hd > 0 ? <rect x={i * bw + 0.5} y={H - hd} width={Math.max(0.5, bw - 1)} height={hd} className="tb-drops" /> : null}
            </g>
          );
        })}
        {sel ? <rect x={sel.x} y={0} width={Math.max(1, sel.w)} height={H} className="tb-sel" /> : null}
      </svg>
    </div>
  );
}
