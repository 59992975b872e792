/**
 * What the page prints: the exported picture of the current view (graph, legend, title and
 * provenance) as one image scaled to one page. Hidden on screen; print.css hides everything else.
 * An <img> of the SVG (not inline markup): it cannot run anything and adds no text to the page.
 *
 * Built when the page is about to print (`beforeprint`: Ctrl+P, the export menu's Print), not on
 * every change of the graph: building it takes a long main-thread task on a big graph, which the
 * screen never shows. A data: URL image set then is in the printout.
 *
 * The writer (core/export) is a chunk the default screen does not load (exportCode.ts): it is
 * fetched at the first pointer or key event on the page, and Ctrl+P before it is there waits for
 * it, then prints. A print started with no interaction at all (the browser's menu on a page
 * never touched) cannot wait: its page says so and asks to print again, never a blank page or a
 * picture of another view.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { ViewExport } from '../../core/export/exportView.ts';
import type { ExportContext } from '../../core/export/meta.ts';
import type { ExportHighlight } from '../../core/export/svg.ts';
import type { GraphModel, ViewState } from '../../core/graph/types.ts';
import type { LoadedData } from '../../workers/protocol.ts';
import { exportWriterNow, loadExportWriter, loadExportWriterOnInteraction } from './exportCode.ts';
import { useInputDigest } from './inputDigest.ts';
import '../print.css';

export interface PrintFigureProps {
  readonly graph: GraphModel | null;
  readonly view: ViewState;
  readonly data: LoadedData | null;
  readonly highlight: ExportHighlight | null;
}

export function PrintFigure({ graph, view, data, highlight }: PrintFigureProps) {
  const digest = useInputDigest(data);
  const context = useMemo<ExportContext | null>(
    () => (graph !== null && data !== null ? { model: graph, view, clusterName: data.cluster.name, digest, time: null, highlight, flows: data.flows?.totals ?? null } : null),
    [graph, view, data, digest, highlight],
  );
  // The picture of the context it was built for: a picture of an earlier view is never shown.
  const [built, setBuilt] = useState<{ readonly context: ExportContext; readonly picture: ViewExport } | null>(null);
  const builtFor = useRef<ExportContext | null>(null);
  // Printing started before the writer was loaded (shown in the printout only).
  const [pending, setPending] = useState(false);
  useEffect(() => loadExportWriterOnInteraction(), []);
  useEffect(() => {
    // Ctrl+P (Cmd+P) before the writer is there: wait for it, then print.
    const key = (e: KeyboardEvent): void => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey || e.key.toLowerCase() !== 'p' || exportWriterNow() !== null) return;
      e.preventDefault();
      void loadExportWriter().then(() => window.print());
    };
    window.addEventListener('keydown', key);
    return () => window.removeEventListener('keydown', key);
  }, []);
  useEffect(() => {
    if (context === null) return;
    const build = (): void => {
      if (builtFor.current === context) return;
      const writer = exportWriterNow();
      if (writer === null) {
        void loadExportWriter();
        flushSync(() => setPending(true));
        return;
      }
      builtFor.current = context;
      const picture = writer.exportView(context);
      // Rendered in the event, before the browser lays the page out for print.
      flushSync(() => {
        setPending(false);
        setBuilt({ context, picture });
      });
    };
    window.addEventListener('beforeprint', build);
    return () => window.removeEventListener('beforeprint', build);
  }, [context]);
  const picture = built !== null && built.context === context ? built.picture : null;
  if (picture === null) {
    if (!pending || context === null) return null;
    return (
      <p className="print-figure print-pending" data-testid="print-figure-pending">
        The picture of this view was still loading when printing started. Print again (Ctrl+P, or Export / share → Print…) to print it.
      </p>
    );
  }
  return <img className="print-figure" alt={picture.text.title} src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(picture.picture.svg)}`} data-testid="print-figure" />;
}
