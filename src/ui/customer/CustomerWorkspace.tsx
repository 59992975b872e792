/**
 * The page in the customer view: the tenant's graph (redacted in the graph model, see
 * core/graph/redact.ts) and its paths as a table. Panels that show raw input (sources,
 * diagnostics with file excerpts, details with pod names and flow samples, the workload list,
 * the path query with its suggestions) are not rendered at all in this view.
 *
 * Opened from a customer link before any file is loaded (or with files that have no such
 * tenant, such as the demo), it says what to load and keeps the tenant for when files arrive.
 * The redacted graph is drawn only once the leak check (customerGuard.ts) has found no other
 * tenant's identifier in it: the canvas draws the graph checked, and keeps drawing the last one
 * found clean while a changed view's graph is checked (it was taken down and built anew after
 * each change of the view, and the user's zoom and pan were lost).
 */
import { BundleDetails } from '../details/BundleDetails.tsx';
import { useEffect, useMemo, useRef, useState } from 'react';
import { tenantGroupId } from '../../core/graph/grouping.ts';
import type { GraphModel, ViewState } from '../../core/graph/types.ts';
import { groupIds, type ViewAction } from '../../core/graph/viewState.ts';
import type { LoadedData } from '../../workers/protocol.ts';
import { GraphView } from '../graph/GraphView.tsx';
import { INPUT_COMMANDS } from '../panels/inputCommands.ts';
import { CustomerPaths } from './CustomerPaths.tsx';
import { CustomerWhy } from './CustomerWhy.tsx';
import type { Secret } from '../../core/graph/leaks.ts';
import { graphLeaks, withheldText } from './customerGuard.ts';
import './customer.css';

export interface CustomerWorkspaceProps {
  readonly tenant: string;
  readonly data: LoadedData | null;
  /** The redacted graph as shown (null until the engine has run). */
  readonly graph: GraphModel | null;
  /** Set when the engine failed on this input: the graph then shows flows only. */
  readonly engineError?: string | null;
  readonly view: ViewState;
  readonly onViewAction: (action: ViewAction) => void;
  /**
   * Whether the graph decides the level it opens at (the user has not collapsed or expanded
   * anything yet). The graph is drawn again after each check of a changed view: deciding again
   * then undid the user's click (the chip '▸ platform' expanded it, the opening collapsed it back).
   */
  readonly autoCollapse?: boolean;
  readonly selection: string | null;
  readonly onSelect: (id: string | null) => void;
  /** Opens files (the same loader as the top bar's button and the drop zone). */
  readonly onOpenFiles?: (files: File[]) => void;
}

export function CustomerWorkspace({ tenant, data, graph, engineError = null, view, onViewAction, autoCollapse = true, selection, onSelect, onOpenFiles }: CustomerWorkspaceProps) {
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
    const drawn = graph.nodes.some((n) => n.id === selection) || graph.edges.some((e) => e.id === selection) || (graph.bundles ?? []).some((b) => b.id === selection);
    if (!drawn) onSelect(null);
  }, [selection, graph, onSelect]);

  const known = useMemo(() => data !== null && groupIds(data.cluster, view.groupingLabel).includes(tenantGroupId(tenant)), [data, view.groupingLabel, tenant]);
  // The graph's leak check: done by the load's worker, which sends a customer view's model checked
  // (customerGuard.ts); done here only without a worker. Nothing is drawn before it is known.
  const [checked, setChecked] = useState<{ readonly graph: GraphModel; readonly leaks: readonly Secret[] } | null>(null);
  // The last graph of this tenant found clean: the one drawn (while the next is checked too).
  const [clean, setClean] = useState<{ readonly tenant: string; readonly graph: GraphModel } | null>(null);
  useEffect(() => {
    if (!known || data === null || graph === null) return;
    let current = true;
    void Promise.resolve(graphLeaks(graph, data, view, 'the graph and its paths')).then((found) => {
      if (!current) return;
      setChecked({ graph, leaks: found });
      if (found.length === 0) setClean({ tenant, graph });
    });
    return () => {
      current = false;
    };
  }, [known, data, graph, view, tenant]);
  const leaks = graph !== null && checked?.graph === graph ? checked.leaks : null;
  const drawn = clean !== null && clean.tenant === tenant ? clean.graph : null;
  const shown = useMemo(() => (drawn === null ? null : { model: drawn, pending: drawn !== graph, engineError }), [drawn, graph, engineError]);

  if (!known) return <CustomerEmpty tenant={tenant} loaded={data !== null} onOpenFiles={onOpenFiles} />;
  return (
    <div className="workspace customer-workspace" data-testid="customer-view">
      <main className="center">
        <section className="graph-area" aria-labelledby="customer-title" data-testid="graph-area">
          <div className="area-head">
            <h2 id="customer-title">Network paths of tenant {tenant}</h2>
            <span className="muted">Other tenants appear as one anonymous node; platform services by their role.</span>
          </div>
          {leaks !== null && leaks.length > 0 ? (
            <p className="customer-withheld" role="alert" data-testid="customer-withheld">
              {withheldText('The graph is', leaks.length)}
            </p>
          ) : data !== null && shown !== null ? (
            <GraphView key={tenant} data={data} model={shown} view={view} onViewAction={onViewAction} autoCollapse={autoCollapse} selection={selection} onSelect={onSelect} />
          ) : (
            <p className="muted customer-wait">Drawing the paths of tenant {tenant}…</p>
          )}
        </section>
      </main>
      <aside className="customer-side" aria-label="Paths">
        {leaks !== null && leaks.length === 0 && graph !== null && selection !== null && graph.edges.some((e) => e.id === selection) ? (
          <CustomerWhy edge={graph.edges.find((e) => e.id === selection) as GraphModel['edges'][number]} graph={graph} tenant={tenant} />
        ) : null}
        {leaks !== null && leaks.length === 0 && graph !== null && selection !== null && selection.startsWith('b:') ? <SelectedBundle graph={graph} id={selection} onSelect={onSelect} /> : null}
        <CustomerPaths graph={leaks === null || leaks.length > 0 ? null : graph} selection={selection} onSelect={onSelect} />
      </aside>
    </div>
  );
}

/** A bundle the customer clicked: its paths, each opening its explanation. */
function SelectedBundle({ graph, id, onSelect }: { readonly graph: GraphModel; readonly id: string; readonly onSelect: (id: string | null) => void }) {
  const bundle = graph.bundles?.find((b) => b.id === id);
  return bundle ? <BundleDetails bundle={bundle} graph={graph} selected={id} onSelect={onSelect} /> : null;
}

/** Before the files of the tenant's cluster are loaded: what to load; the tenant stays chosen. */
function CustomerEmpty({ tenant, loaded, onOpenFiles }: { readonly tenant: string; readonly loaded: boolean; readonly onOpenFiles: ((files: File[]) => void) | undefined }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="workspace customer-workspace customer-empty" data-testid="customer-view">
      <main className="center">
        <section className="onboarding" aria-labelledby="customer-title" data-testid="customer-empty">
          <h2 id="customer-title">Network paths of tenant {tenant}</h2>
          {loaded ? (
            <p data-testid="customer-empty-reason">
              The files loaded now have no tenant <b>{tenant}</b>. Open the files of its cluster, or leave the customer view.
            </p>
          ) : (
            <p data-testid="customer-empty-reason">
              Nothing is loaded yet. Open the files of tenant <b>{tenant}</b>’s cluster: its policies and inventory, and Hubble flows if you have them. The view
              stays on tenant {tenant} when they arrive.
            </p>
          )}
          {onOpenFiles ? (
            <p>
              <button type="button" className="btn primary" onClick={() => input.current?.click()} data-testid="customer-open-files-button">
                Open files…
              </button>{' '}
              <span className="muted">or drop them on this page.</span>
              <input
                ref={input}
                type="file"
                multiple
                hidden
                aria-label="Open files"
                data-testid="customer-open-files"
                onChange={(e) => {
                  const files = [...(e.currentTarget.files ?? [])];
                  e.currentTarget.value = '';
                  if (files.length > 0) onOpenFiles(files);
                }}
              />
            </p>
          ) : null}
          <p>Exports that work, from a shell with access to the cluster:</p>
          <pre className="commands">{INPUT_COMMANDS.join('\n')}</pre>
          <p className="muted">Files are read in this browser tab only; nothing is uploaded. Only tenant {tenant}’s names are shown; every other tenant is one anonymous node.</p>
        </section>
      </main>
    </div>
  );
}
