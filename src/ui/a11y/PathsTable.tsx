/**
 * The accessible text alternative of the graph: every drawn path with its verdict, as a table.
 * Hidden until asked for (a button next to the graph title says how many paths there are), so a
 * big graph costs nothing until someone opens it; rows come in pages of PAGE. The first cell of a
 * row is a button selecting the path: the details column then explains it, as a click on the canvas does.
 * Compact (the customer view's side column): the verdict as a short badge; a name or port list
 * longer than its column wraps (a name after a '/' or '-', ports after a ','), never cut, and is given on hover too.
 */
import { Fragment, useMemo, useState, type ReactNode } from 'react';
import type { GraphModel } from '../../core/graph/types.ts';
import { dropsFirst as dropsFirstOrder, dropsFirstText, pathRows, pathsCaption } from './pathRows.ts';

export const PAGE = 200;

/** Text with a line break opportunity after each of `after` (a name wraps after its '/', a port list after a ','). */
function breakable(text: string, after: RegExp = /(?<=\/)/): ReactNode {
  const parts = text.split(after);
  if (parts.length < 2) return text;
  return parts.map((p, i) => (
    <Fragment key={i}>
      {p}
      {i < parts.length - 1 ? <wbr /> : null}
    </Fragment>
  ));
}

export interface PathsTableProps {
  readonly graph: GraphModel | null;
  readonly selection: string | null;
  readonly onSelect: (id: string | null) => void;
  /** After a row was chosen: the app moves focus to its explanation (no tabbing through the table). */
  readonly onChosen?: () => void;
  readonly compact?: boolean;
  /** The paths with dropped flows first, most drops first, and a line saying so (the customer view). */
  readonly dropsFirst?: boolean;
}

export function PathsTable({ graph, selection, onSelect, onChosen, compact = false, dropsFirst = false }: PathsTableProps) {
  const rows = useMemo(() => (graph === null ? [] : dropsFirst ? dropsFirstOrder(pathRows(graph)) : pathRows(graph)), [graph, dropsFirst]);
  const [shown, setShown] = useState(PAGE);
  if (graph === null) return <p className="muted">Evaluating policies…</p>;
  if (rows.length === 0) return <p className="muted">No paths with the current filters.</p>;
  const visible = rows.slice(0, shown);
  const dropsLine = dropsFirst ? dropsFirstText(rows) : null;
  return (
    <div className="paths-table" data-testid="paths-table">
      {dropsLine !== null ? (
        <p className="paths-drops" data-testid="customer-drops">
          {dropsLine}
        </p>
      ) : null}
      <table className={compact ? 'wl-table paths-compact' : 'wl-table'}>
        <caption className="visually-hidden">{pathsCaption(rows.length, graph.counts.deniedEdges)}</caption>
        <thead>
          <tr>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col">Verdict</th>
            <th scope="col">Ports</th>
            <th scope="col" className="num">
              Flows
            </th>
          </tr>
        </thead>
        <tbody>
          {visible.map((r) => (
            <tr key={r.id} className={selection === r.id ? 'selected' : undefined} data-testid="paths-row" data-edge={r.id} data-verdict={r.verdict} data-dropped={r.dropped}>
              <td>
                <button
                  type="button"
                  className="link"
                  aria-pressed={selection === r.id}
                  aria-label={`${r.from} to ${r.to}: ${r.verdictText}${r.ports ? ` on ${r.ports}` : ''}`}
                  onClick={() => {
                    const choosing = selection !== r.id;
                    onSelect(choosing ? r.id : null);
                    if (choosing) onChosen?.();
                  }}
                  title={compact ? r.from : undefined}
                  data-testid="paths-select"
                >
                  {compact ? breakable(r.from) : r.from}
                </button>
              </td>
              <td title={compact ? r.to : undefined}>{compact ? breakable(r.to) : r.to}</td>
              {compact ? (
                <td title={r.mismatch !== null ? `${r.verdictText}; ${r.mismatch}` : r.verdictText}>
                  <span className={`verdict-tag vt-${r.verdict}`}>{r.verdictShort}</span>
                  {r.mismatch !== null ? (
                    <span className="mismatch-mark" aria-label={r.mismatch}>
                      {' '}≠
                    </span>
                  ) : null}
                </td>
              ) : (
                <td>
                  <span className={`verdict-tag vt-${r.verdict}`}>{r.verdictText}</span>
                  {r.mismatch !== null ? <span className="muted"> · {r.mismatch}</span> : null}
                </td>
              )}
              <td className="ports" title={compact ? r.ports : undefined}>
                {compact ? breakable(r.ports, /(?<=,)/) : r.ports}
              </td>
              <td className={r.dropped > 0 ? 'num dropped' : 'num'} title={r.dropped > 0 ? `${r.dropped.toLocaleString('en-US')} dropped` : undefined}>
                {r.flows ?? ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > shown ? (
        <button type="button" className="btn small" onClick={() => setShown((n) => n + PAGE)} data-testid="paths-more">
          Show {Math.min(PAGE, rows.length - shown)} more of {rows.length - shown} remaining
        </button>
      ) : null}
    </div>
  );
}
