/**
 * The page in the customer view: the tenant's graph (redacted in the graph model, see
 * core/graph/redact.ts) and its paths as a table. Panels that show raw input (sources,
 * diagnostics with file excerpts, details with pod names and flow samples, the workload list,
 * the path query with its suggestions) are not rendered at all in this view.
 */
import { useEffect } from 'react';
import type { GraphModel, ViewState } from '../../core/graph/types.ts';
import type { ViewAction } from '../../core/graph/viewState.ts';
import type { LoadedData } from '../../workers/protocol.ts';
import { GraphView } from '../graph/GraphView.tsx';
import { CustomerPaths } from './CustomerPaths.tsx';
import './customer.css';

export interface CustomerWorkspaceProps {
  readonly tenant: string;
  readonly data: LoadedData | null;
  /** The redacted graph as shown (null until the engine has run). */
  readonly graph: GraphModel | null;
  readonly view: ViewState;
  readonly onViewAction: (action: ViewAction) => void;
  readonly selection: string | null;
  readonly onSelect: (id: string | null) => void;
}

export function CustomerWorkspace({ tenant, data, graph, view, onViewAction, selection, onSelect }: CustomerWorkspaceProps) {
  // The tab title names the tenant, nothing else.
  useEffect(() => {
    const before = document.title;
    document.title = `Tenant ${tenant} · netpol-viz`;
    return () => {
      document.title = before;
    };
  }, [tenant]);

  // A selection the redacted graph does not have (from a link, or from before) must not stay in the URL.
  useEffect(() => {
    if (selection === null || graph === null || graph.nodes.length === 0) return;
    if (!graph.nodes.some((n) => n.id === selection) && !graph.edges.some((e) => e.id === selection)) onSelect(null);
  }, [selection, graph, onSelect]);

  return (
    <div className="workspace customer-workspace" data-testid="customer-view">
      <main className="center">
        <section className="graph-area" aria-labelledby="customer-title" data-testid="graph-area">
          <div className="area-head">
            <h2 id="customer-title">Network paths of tenant {tenant}</h2>
            <span className="muted">Other tenants appear as one anonymous node; platform services by their role.</span>
          </div>
          {data ? (
            <GraphView key={tenant} data={data} view={view} onViewAction={onViewAction} selection={selection} onSelect={onSelect} />
          ) : (
            <div className="onboarding">
              <p>Open the same files to see the paths of tenant {tenant}.</p>
            </div>
          )}
        </section>
      </main>
      <aside className="customer-side" aria-label="Paths">
        <CustomerPaths graph={graph} selection={selection} onSelect={onSelect} />
      </aside>
    </div>
  );
}
