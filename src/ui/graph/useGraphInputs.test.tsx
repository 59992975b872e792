import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../core/model/cluster.ts';
import { defaultViewState } from '../../core/graph/viewState.ts';
import type { ViewState } from '../../core/graph/types.ts';
import { adoptSession, GraphSession } from '../../workers/graphSession.ts';
import type { LoadedData } from '../../workers/protocol.ts';
import { FakeWorker } from '../../workers/testing.ts';
import { useGraphModel } from './useGraphInputs.ts';

const cluster: Cluster = { name: 'c', namespaces: new Map(), workloads: [], pods: [], endpoints: [], services: [], nodes: [], cidrGroups: [], policies: [], sources: [], diagnostics: [] };
const loaded = (): LoadedData => ({ cluster, flowRecords: 0, diagnostics: [], excerpts: new Map(), files: [], durationMs: 1 });

describe('useGraphModel', () => {
  it('asks the worker for the graph while the app renders, before the panels below it render (no effect needed)', () => {
    const port = new FakeWorker();
    const data = loaded();
    adoptSession(data, new GraphSession(port));
    const view: ViewState = defaultViewState;
    const seenByPanel: number[] = [];
    function Panel() {
      seenByPanel.push(port.sent.filter((m) => m.type === 'graph').length);
      return null;
    }
    function App() {
      useGraphModel(data, view);
      return <Panel />;
    }
    // A server render runs no effects: what is sent here is sent by the render itself.
    renderToString(<App />);
    expect(seenByPanel).toEqual([1]);
    expect(port.sent).toEqual([{ type: 'graph', id: 1, view }]);
  });

  it('asks once per view, however often the app renders', () => {
    const port = new FakeWorker();
    const data = loaded();
    adoptSession(data, new GraphSession(port));
    const view: ViewState = defaultViewState;
    function App() {
      useGraphModel(data, view);
      return null;
    }
    renderToString(<App />);
    renderToString(<App />);
    expect(port.sent.filter((m) => m.type === 'graph')).toHaveLength(1);
  });
});
