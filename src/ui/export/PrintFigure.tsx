/**
 * What the page prints: the exported picture of the current view (graph, legend, title and
 * provenance) as one image scaled to one page. Hidden on screen; print.css hides everything else.
 * An <img> of the SVG (not inline markup): it cannot run anything and adds no text to the page.
 */
import { useMemo } from 'react';
import { exportView } from '../../core/export/exportView.ts';
import type { ExportHighlight } from '../../core/export/svg.ts';
import type { GraphModel, ViewState } from '../../core/graph/types.ts';
import type { LoadedData } from '../../workers/protocol.ts';
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
  const picture = useMemo(
    () => (graph !== null && data !== null ? exportView({ model: graph, view, clusterName: data.cluster.name, digest, time: null, highlight }) : null),
    [graph, view, data, digest, highlight],
  );
  if (picture === null) return null;
  return <img className="print-figure" alt={picture.text.title} src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(picture.picture.svg)}`} data-testid="print-figure" />;
}
