/** A bundle (parallel paths between two groups, drawn as one line): its split and its paths, each opening its explanation. */
import type { EdgeBundle, GraphModel } from '../../core/graph/types.ts';
import { PathList } from './PathList.tsx';

export function BundleDetails({ bundle, graph, selected, onSelect }: { readonly bundle: EdgeBundle; readonly graph: GraphModel; readonly selected: string | null; readonly onSelect: (id: string) => void }) {
  const name = (id: string): string => graph.nodes.find((n) => n.id === id)?.label ?? id;
  const members = new Set(bundle.members);
  const edges = graph.edges.filter((e) => members.has(e.id));
  const ends = `${name(bundle.source)} ${bundle.bothWays ? '⇄' : '→'} ${name(bundle.target)}`;
  return (
    <div className="details-body" data-testid="bundle-details" data-answer tabIndex={-1}>
      <h3 className="details-name">{ends}</h3>
      <dl className="facts">
        <dt>Paths</dt>
        <dd>
          {bundle.members.length} drawn as one line: {bundle.allowed} allowed, {bundle.denied} denied{bundle.notKnown > 0 ? `, ${bundle.notKnown} not known (Cilium cannot compute the policy of an end)` : ''}
        </dd>
        {bundle.flows > 0 ? (
          <>
            <dt>Flows</dt>
            <dd>{bundle.flows.toLocaleString('en-US')} seen</dd>
          </>
        ) : null}
      </dl>
      <p className="muted">Choose a path to see why; double-click the line on the graph to draw its paths separately.</p>
      <PathList graph={graph} nodeId={bundle.source} edges={edges} selected={selected} onSelect={onSelect} />
    </div>
  );
}
