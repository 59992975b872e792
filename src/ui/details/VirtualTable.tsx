/**
 * A table that renders only the rows in view (fixed row height, windowing by `rowWindow`), so
 * thousands of flows scroll smoothly. ARIA table semantics with row indices, so screen readers
 * know how many rows there are; the scroller is focusable so the keyboard can scroll it. Cells
 * are text only.
 */
import { useState } from 'react';
import { rowWindow, scrollerLabel } from './virtualWindow.ts';

export interface Column<T> {
  readonly header: string;
  /** CSS grid track (`90px`, `1fr`). */
  readonly width: string;
  readonly text: (row: T) => string;
  /** Optional class per cell (e.g. verdict colour). */
  readonly className?: (row: T) => string | undefined;
}

export interface VirtualTableProps<T> {
  readonly rows: readonly T[];
  readonly columns: readonly Column<T>[];
  readonly label: string;
  readonly rowHeight?: number;
  /** Height of the scrolling body, px. */
  readonly height?: number;
  readonly testId: string;
}

export function VirtualTable<T>({ rows, columns, label, rowHeight = 22, height = 220, testId }: VirtualTableProps<T>) {
  const [scrollTop, setScrollTop] = useState(0);
  const w = rowWindow(scrollTop, height, rowHeight, rows.length);
  const template = columns.map((c) => c.width).join(' ');
  const body = rows.slice(w.start, w.end);
  return (
    <div role="table" aria-label={label} aria-rowcount={rows.length + 1} className="vtable" data-testid={testId}>
      <div role="rowgroup">
        <div role="row" aria-rowindex={1} className="vrow vhead" style={{ gridTemplateColumns: template }}>
          {columns.map((c) => (
            <span role="columnheader" key={c.header}>
              {c.header}
            </span>
          ))}
        </div>
      </div>
      <div
        role="rowgroup"
        className="vbody"
        tabIndex={0}
        aria-label={scrollerLabel(label, rows.length, w.total, height)}
        style={{ height: Math.min(height, Math.max(rowHeight, w.total)) }}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      >
        <div style={{ height: w.total, position: 'relative' }}>
          {body.map((row, i) => {
            const index = w.start + i;
            return (
              <div
                role="row"
                key={index}
                aria-rowindex={index + 2}
                className="vrow"
                data-testid={`${testId}-row`}
                style={{ gridTemplateColumns: template, height: rowHeight, position: 'absolute', top: index * rowHeight, left: 0, right: 0 }}
              >
                {columns.map((c) => {
                  const text = c.text(row);
                  return (
                    <span role="cell" key={c.header} className={c.className?.(row)} title={text}>
                      {text}
                    </span>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
