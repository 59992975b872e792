import type { ReactNode } from 'react';
import type { LoadedData } from '../../workers/protocol.ts';
import { GraphView } from '../graph/GraphView.tsx';
import type { GraphControl } from '../state/graphControl.ts';
import { INPUT_COMMANDS } from './inputCommands.ts';

/** A fresh graph view (collapse state, selection) for every load. */
const loadIds = new WeakMap<LoadedData, number>();
let nextLoadId = 1;
function loadId(data: LoadedData): number {
  let id = loadIds.get(data);
  if (id === undefined) {
    id = nextLoadId++;
    loadIds.set(data, id);
  }
  return id;
}

/**
 * The page's body: the connectivity graph (src/ui/graph), with the panel toggles in its toolbar
 * and the dock (src/ui/shell/Dock.tsx) beside the canvas; before anything is loaded, how to get
 * something to load.
 */
export interface GraphAreaProps {
  readonly data: LoadedData | null;
  /** View state, selection, model and path highlight kept by the app (URL, filters, path query). */
  readonly graph: GraphControl;
  /** Panel toggles, at the start of the graph's toolbar. */
  readonly toolbarStart?: ReactNode;
  /** The open panel, beside the canvas. */
  readonly aside?: ReactNode;
}

export function GraphArea({ data, graph, toolbarStart, aside }: GraphAreaProps) {
  if (!data) {
    return (
      <section className="graph-area" aria-labelledby="graph-title" data-testid="graph-area">
        <div className="onboarding">
          <h2 id="graph-title">Nothing loaded</h2>
          <p>Open or drop files, paste text, or load the demo. Useful exports from a cluster:</p>
          <pre className="commands">{INPUT_COMMANDS.join('\n')}</pre>
          <p className="muted">Files are read in this browser tab only; nothing is uploaded.</p>
        </div>
      </section>
    );
  }
  return (
    <section className="graph-area" aria-label="Connectivity" data-testid="graph-area">
      <GraphView
        key={loadId(data)}
        data={data}
        view={graph.view}
        onViewAction={graph.onViewAction}
        selection={graph.selection}
        onSelect={graph.onSelect}
        highlight={graph.highlight}
        {...(graph.model ? { model: graph.model } : {})}
        {...(graph.autoCollapse !== undefined ? { autoCollapse: graph.autoCollapse } : {})}
        toolbarStart={toolbarStart}
        aside={aside}
      />
    </section>
  );
}
