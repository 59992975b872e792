/**
 * The customer's paths as a table (the keyboard- and screen-reader view of the canvas, and what
 * the flows table is in the support view): from, to, verdict, ports, flows seen. Everything comes
 * from the redacted GraphModel, so it names only what the graph names.
 */
import { VERDICT_STYLE } from '../../core/export/style.ts';
import { groupLabel } from '../../core/graph/grouping.ts';
import type { GraphModel, GraphNode } from '../../core/graph/types.ts';

const MAX_ROWS = 500;

function name(n: GraphNode | undefined): string {
  if (n === undefined) return '?';
  if (n.kind === 'group') return groupLabel(n.id);
  if (n.kind === 'workload' && n.namespace !== null && !n.namespace.startsWith('~')) return `${n.namespace}/${n.label}`;
  return n.label;
}

export interface CustomerPathsProps {
  readonly graph: GraphModel | null;
  readonly selection: string | null;
  readonly onSelect: (id: string | null) => void;
}

export function CustomerPaths({ graph, selection, onSelect }: CustomerPathsProps) {
  if (graph === null) return <p className="muted">Evaluating policies…</p>;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const rows = graph.edges.slice(0, MAX_ROWS);
  return (
    <section className="customer-paths" aria-labelledby="customer-paths-title" data-testid="customer-paths">
      <h3 id="customer-paths-title" className="section-title">
        Paths ({graph.edges.length})
      </h3>
      <table className="wl-table">
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
          {rows.map((e) => (
            <tr key={e.id} className={selection === e.id ? 'selected' : undefined} data-testid="customer-path">
              <td>
                <button type="button" className="link" onClick={() => onSelect(selection === e.id ? null : e.id)} aria-pressed={selection === e.id}>
                  {name(byId.get(e.source))}
                </button>
              </td>
              <td>{name(byId.get(e.target))}</td>
              <td>
                <span className={`verdict-dot v-${e.verdict}`} style={{ background: VERDICT_STYLE[e.verdict].color }} aria-hidden="true" /> {VERDICT_STYLE[e.verdict].label}
                {e.mismatch ? ' ≠' : ''}
              </td>
              <td className="ports">{e.portsText}</td>
              <td className="num">{e.observed ? e.observed.flows : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {graph.edges.length > MAX_ROWS ? <p className="muted">First {MAX_ROWS} of {graph.edges.length}; use the filters to narrow.</p> : null}
    </section>
  );
}
