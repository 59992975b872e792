/**
 * The one component that owns the Cytoscape instance. It creates `cy` once per load (when the
 * first model arrives, so that big graphs get the cheaper drawing settings; once more if the
 * graph becomes big later), brings it to every
 * new GraphModel with a keyed diff (big additions spread over frames, see `progressive.ts`),
 * fits only when the layout inputs changed (`model.layoutKey`), lights up the queried path, and
 * destroys `cy` on unmount. Event handlers read the latest callbacks from a ref, never from a
 * stale closure. No other component calls `cy.*`.
 */
import cytoscape, { type Core } from 'cytoscape';
import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { GraphModel } from '../../core/graph/types.ts';
import { DRAW_CHUNK, isBigGraph } from './canvasOptions.ts';
import { toElements } from './cyPatch.ts';
import { declutterEdgeLabels, markUnseen } from './declutter.ts';
import { fitGraph, runCommand, type ViewCommand } from './layout.ts';
import { markPath, type PathMarks } from './pathMarks.ts';
import { afterNextFrame, drawProgressively, type Drawing } from './progressive.ts';
import { graphStylesheet } from './stylesheet.ts';
import { installGraphTestApi } from './testApi.ts';
import { placeTitles, titleOwner } from './titles.ts';

export interface GraphCanvasProps {
  readonly model: GraphModel;
  /** Selected element id (node or edge), or null. */
  readonly selected: string | null;
  readonly onSelect: (id: string | null) => void;
  /** Double click on a tenant/platform group (or a namespace inside it). */
  readonly onToggleGroup: (groupId: string) => void;
  readonly command: ViewCommand | null;
  /** Accessible description of what the canvas shows. */
  readonly description: string;
  /** The path a query lit up (its edges and ends), or null. */
  readonly highlight?: PathMarks | null;
  /** Draw allowed paths no flow was seen on faint (flows loaded, not shown in full). */
  readonly faintUnseen?: boolean;
}

interface Handlers {
  readonly onSelect: (id: string | null) => void;
  readonly onToggleGroup: (groupId: string) => void;
}

function createCy(container: HTMLElement, big: boolean, handlers: RefObject<Handlers>): Core {
  const cy = cytoscape({
    container,
    style: graphStylesheet({ big }),
    elements: [],
    layout: { name: 'preset' },
    minZoom: 0.05,
    maxZoom: 3,
    // Positions are the deterministic layout's; dragging would make screenshots disagree.
    autoungrabify: true,
    boxSelectionEnabled: false,
    selectionType: 'single',
    wheelSensitivity: 0.3,
    // Big graphs: pan and zoom move a snapshot instead of redrawing a thousand edges per frame,
    // and a HiDPI screen does not quadruple the pixels to fill. (`hideEdgesOnViewport` made wheel
    // zoom feel slower, not faster, and hides what the user is looking at.)
    ...(big ? { textureOnViewport: true, pixelRatio: 1 } : {}),
  });
  // A group or namespace title acts for its compound.
  const target = (el: cytoscape.SingularElementArgument): string => titleOwner(el) ?? el.id();
  cy.on('tap', 'node, edge', (evt) => handlers.current.onSelect(target(evt.target as cytoscape.SingularElementArgument)));
  cy.on('tap', (evt) => {
    if (evt.target === cy) handlers.current.onSelect(null);
  });
  cy.on('dbltap', 'node.k-group, node.k-namespace, node.k-title', (evt) => {
    const n = cy.getElementById(target(evt.target as cytoscape.NodeSingular));
    const group = n.hasClass('k-group') ? n.id() : n.parent().first().id();
    if (group) handlers.current.onToggleGroup(group);
  });
  cy.on('mouseover', 'edge', (evt) => {
    (evt.target as cytoscape.EdgeSingular).addClass('hover');
  });
  cy.on('mouseout', 'edge', (evt) => {
    (evt.target as cytoscape.EdgeSingular).removeClass('hover');
  });
  return cy;
}

export function GraphCanvas({ model, selected, onSelect, onToggleGroup, command, description, highlight = null, faintUnseen = false }: GraphCanvasProps) {
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const handlers = useRef<Handlers>({ onSelect, onToggleGroup });
  const fittedKey = useRef<string | null>(null);
  /** Whether `cy` was created with the big-graph settings. */
  const cyBig = useRef(false);
  const drawing = useRef<Drawing | null>(null);
  const uninstall = useRef<(() => void) | null>(null);
  // Bumped whenever a model is completely in `cy`: selection and the lit path are applied then.
  const [drawn, setDrawn] = useState(0);

  useLayoutEffect(() => {
    handlers.current = { onSelect, onToggleGroup };
  });

  // Destroy on unmount.
  useEffect(
    () => () => {
      drawing.current?.cancel();
      uninstall.current?.();
      cyRef.current?.destroy();
      cyRef.current = null;
      fittedKey.current = null;
    },
    [],
  );

  // Every model: a keyed diff, big additions spread over frames; a fit only when the layout
  // changed (filters never refit), as soon as the nodes are in.
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const big = isBigGraph(model);
    let cy = cyRef.current;
    let keepViewport: { zoom: number; pan: cytoscape.Position } | null = null;
    if (cy && big && !cyBig.current) {
      // The graph became big (expand all on a load that opened collapsed): start over with the
      // big-graph settings, keeping where the user was looking.
      keepViewport = { zoom: cy.zoom(), pan: { ...cy.pan() } };
      drawing.current?.cancel();
      uninstall.current?.();
      cy.destroy();
      cy = null;
    }
    if (!cy) {
      // Created with the first model of the load, so its size can choose the drawing settings.
      if (model.nodes.length === 0) return;
      cy = createCy(el, big, handlers);
      cyRef.current = cy;
      cyBig.current = big;
      uninstall.current = installGraphTestApi(cy, (id) => handlers.current.onSelect(id), { drawing: () => drawing.current?.done === false });
    }
    const live = cy;
    drawing.current?.cancel();
    drawing.current = drawProgressively(live, toElements(model), {
      chunk: DRAW_CHUNK,
      schedule: afterNextFrame,
      onNodes: () => {
        placeTitles(live);
        if (fittedKey.current !== model.layoutKey) {
          fittedKey.current = model.layoutKey;
          live.resize();
          fitGraph(live);
        } else if (keepViewport) {
          live.viewport(keepViewport);
        }
      },
      onDone: () => {
        // Big graphs show edge labels only zoomed in (stylesheet); measuring a thousand labels
        // would hold the main thread for the first frame.
        if (!big) declutterEdgeLabels(live);
        setDrawn((n) => n + 1);
      },
    });
  }, [model]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.batch(() => {
      cy.$(':selected').unselect();
      if (selected !== null) cy.getElementById(selected).select();
    });
  }, [selected, drawn]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    markPath(cy, highlight);
    if (!cyBig.current) declutterEdgeLabels(cy);
  }, [highlight, drawn]);

  useEffect(() => {
    const cy = cyRef.current;
    if (cy) markUnseen(cy, faintUnseen);
  }, [faintUnseen, drawn]);

  useEffect(() => {
    const cy = cyRef.current;
    if (cy && command) runCommand(cy, command);
  }, [command]);

  // The container changes size with the panels around it.
  useEffect(() => {
    const el = container.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => cyRef.current?.resize());
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  return <div ref={container} className="graph-canvas" data-testid="graph-canvas" role="img" aria-label={description} data-drawn={drawn} />;
}
