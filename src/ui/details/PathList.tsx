/**
 * The paths (graph edges) into and out of a node, or the paths a bundle holds, as buttons: the
 * keyboard's way to the edge explanations the canvas shows on click.
 */
import type { GraphEdge, GraphModel } from '../../core/graph/types.ts';
import { VERDICT_STYLE } from '../graph/verdictStyle.ts';
import { plural } from '../state/summary.ts';

export interface PathListProps {
  readonly graph: GraphModel;
  readonly nodeId: string;
  /** The paths to list (a bundle's), each as `source → target`; default: the node's. */
  readonly edges?: readonly GraphEdge[];
  readonly selected: string | null;
  readonly onSelect: (id: string) => void;
}

export function PathList({ graph, nodeId, edges, selected, onSelect }: PathListProps) {
  const label = (id: string): string => graph.nodes.find((n) => n.id === id)?.label ?? id;
  const out = edges ?? graph.edges.filter((e) => e.source === nodeId);
  const inc = edges ? [] : graph.edges.filter((e) => e.target === nodeId && e.source !== nodeId);
  if (out.length + inc.length === 0) return <p className="muted">No paths drawn for it with the current filters.</p>;
  const item = (id: string, arrow: string, peer: string, ports: string, verdict: keyof typeof VERDICT_STYLE, observed: number | null) => (
    <li key={id}>
      <button type="button" className={`link path-link v-${verdict}`} aria-pressed={selected === id} onClick={() => onSelect(id)} data-testid="path-link" data-edge={id}>
        <span className="path-arrow" aria-hidden="true">
          {arrow}
        </span>{' '}
        <span className="path-peer">{peer}</span> <span className="path-ports mono">{ports}</span>{' '}
        <span className={`verdict-tag vt-${verdict}`}>{VERDICT_STYLE[verdict].label}</span>
        {observed !== null ? <span className="muted"> · {plural(observed, 'flow')}</span> : null}
      </button>
    </li>
  );
  return (
    <ul className="path-list">
      {out.map((e) => item(e.id, '→', edges ? `${label(e.source)} → ${label(e.target)}` : label(e.target), e.portsText, e.verdict, e.observed?.flows ?? null))}
      {inc.map((e) => item(e.id, '←', label(e.source), e.portsText, e.verdict, e.observed?.flows ?? null))}
    </ul>
  );
}
