/** Any other node (a tenant, a namespace, an outside peer): what it is and its paths. */
import type { GraphModel, GraphNode, NodeKind } from '../../core/graph/types.ts';
import { PathList } from './PathList.tsx';

const KIND_WORDS: Readonly<Record<NodeKind, string>> = {
  group: 'tenant group',
  namespace: 'namespace',
  workload: 'workload known only from flows',
  identity: 'endpoint known only by its security identity',
  world: 'the internet (world)',
  cidr: 'address range a policy names',
  fqdn: 'DNS name a policy names',
  entity: 'reserved identity',
  'carve-out': 'the denied part of a path to an outside peer',
  unknown: 'a peer the flows say nothing about',
};

export function NodeDetails({ node, graph, selected, onSelect }: { readonly node: GraphNode; readonly graph: GraphModel; readonly selected: string | null; readonly onSelect: (id: string) => void }) {
  return (
    <div className="details-body" data-testid="node-details" data-answer tabIndex={-1}>
      <h3 className="details-name">{node.label}</h3>
      <dl className="facts">
        <dt>What</dt>
        <dd>{KIND_WORDS[node.kind]}</dd>
        {node.workloads > 1 ? (
          <>
            <dt>Workloads</dt>
            <dd>{node.workloads}</dd>
          </>
        ) : null}
        {node.unrestricted.length > 0 ? (
          <>
            <dt>Unrestricted</dt>
            <dd>no policy selects it for {node.unrestricted.join(' or ')}</dd>
          </>
        ) : null}
      </dl>
      <h4>Paths on the graph</h4>
      <PathList graph={graph} nodeId={node.id} selected={selected} onSelect={onSelect} />
    </div>
  );
}
