/**
 * The one component that owns the Cytoscape instance. It creates `cy` once per load (when the
 * first model arrives, so that big graphs get the cheaper drawing settings; once more if the
 * graph becomes big later), brings it to every
 * new GraphModel with a keyed diff (big additions spread over frames, see `progressive.ts`),
 * lights up the queried path, keeps what matters in view (`keepInView.ts`: after every model,
 * lit path, search, selection and resize, unless the user moved the view), and destroys `cy` on
 * unmount. Event handlers read the latest callbacks from a ref, never from a
 * stale closure. No other component calls `cy.*`.
 */
import cytoscape, { type Core } from 'cytoscape';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { GraphModel } from '../../core/graph/types.ts';
import { TENANTS_GROUP } from '../../core/graph/grouping.ts';
import { DRAW_CHUNK, DRAW_GROWTH, isBigGraph, isHugeGraph, rendererOptions } from './canvasOptions.ts';
import { bundlesToOpen, openBundles } from './bundles.ts';
import { toElements } from './cyPatch.ts';
import { declutterEdgeLabels, markUnseen } from './declutter.ts';
import type { HoverLayer } from './hoverLayer.ts';
import { hoverLayerCode } from './hoverLayerCode.ts';
import { NOTHING_TO_KEEP, ViewKeeper, type Area, type KeepInView } from './keepInView.ts';
import { runCommand, type ViewCommand } from './layout.ts';
import { markPath, type PathMarks } from './pathMarks.ts';
import { afterNextFrame, drawProgressively, type Drawing } from './progressive.ts';
import { graphStylesheet } from './stylesheet.ts';
import { installSmoothViewport } from './smoothViewport.ts';
import { installSteadyLayers, pauseLayers } from './steadyLayers.ts';
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
  /** What to keep in view besides the lit path (search matches, the selection). */
  readonly keep?: KeepInView;
  /** An overlay on the canvas (legend, zoom buttons) that fits keep clear of. */
  readonly covered?: RefObject<HTMLElement | null>;
  /** Told when a change was not brought into view because the user had moved the view (Fit does it). */
  readonly onStale?: (stale: boolean) => void;
  /** Told after each automatic fit: its zoom, and the zoom without the overlay (`covered`). */
  readonly onFitted?: (zoom: number, withoutOverlay: number) => void;
}

interface Handlers {
  readonly onSelect: (id: string | null) => void;
  readonly onToggleGroup: (groupId: string) => void;
  /** Double click on a bundle (open it in place) or on one of its paths (close it). */
  readonly onToggleBundle: (bundleId: string) => void;
  readonly onStale?: ((stale: boolean) => void) | undefined;
  readonly covered?: RefObject<HTMLElement | null> | undefined;
  readonly onFitted?: ((zoom: number, withoutOverlay: number) => void) | undefined;
}

function toggled(set: ReadonlySet<string>, id: string): ReadonlySet<string> {
  const next = new Set(set);
  if (!next.delete(id)) next.add(id);
  return next;
}

/** The overlay's box in the canvas's pixels. */
function coveredArea(container: HTMLElement | null, overlay: HTMLElement | null | undefined): Area | null {
  if (!container || !overlay) return null;
  const c = container.getBoundingClientRect();
  const o = overlay.getBoundingClientRect();
  if (o.width === 0 || o.height === 0) return null;
  return { x1: o.left - c.left, y1: o.top - c.top, x2: o.right - c.left, y2: o.bottom - c.top };
}

/** The canvas's and the overlay's sizes, to tell a resize that changes nothing. */
function sizesOf(container: HTMLElement, overlay: HTMLElement | null | undefined): string {
  return `${container.clientWidth}×${container.clientHeight} ${overlay ? `${overlay.offsetWidth}×${overlay.offsetHeight}` : ''}`;
}

function createCy(container: HTMLElement, big: boolean, huge: boolean, handlers: RefObject<Handlers>): Core {
  const cy = cytoscape({
    container,
    style: graphStylesheet({ big, huge }),
    elements: [],
    layout: { name: 'preset' },
    ...rendererOptions(big),
  });
  // Pan and zoom without full redraws at gesture start (smoothViewport.ts); lives as long as `cy`.
  installSmoothViewport(cy);
  // A press redraws nothing; huge graphs without Cytoscape's layers (steadyLayers.ts); lives as long as `cy`.
  installSteadyLayers(cy, huge);
  // A group or namespace title acts for its compound.
  const target = (el: cytoscape.SingularElementArgument): string => titleOwner(el) ?? el.id();
  cy.on('tap', 'node, edge', (evt) => {
    const id = target(evt.target as cytoscape.SingularElementArgument);
    // The tenants' aggregate has nothing to show but its tenants: one click opens it.
    if (id === TENANTS_GROUP) handlers.current.onToggleGroup(id);
    else handlers.current.onSelect(id);
  });
  cy.on('tap', (evt) => {
    if (evt.target === cy) handlers.current.onSelect(null);
  });
  cy.on('dbltap', 'node.k-group, node.k-namespace, node.k-title', (evt) => {
    const n = cy.getElementById(target(evt.target as cytoscape.NodeSingular));
    const group = n.hasClass('k-group') ? n.id() : n.parent().first().id();
    // The aggregate opens on the first click (a double click's second must not close it again).
    if (group && group !== TENANTS_GROUP) handlers.current.onToggleGroup(group);
  });
  cy.on('dbltap', 'edge.bundle, edge.unbundled', (evt) => {
    const e = evt.target as cytoscape.EdgeSingular;
    handlers.current.onToggleBundle(e.hasClass('bundle') ? e.id() : String(e.data('bundle')));
  });
  // Big graphs: the hovered line is drawn on the top canvas, not restyled (hoverLayer.ts, a
  // chunk of its own: until it has come, the line is restyled as on small graphs).
  let hover: HoverLayer | null = null;
  if (big)
    void hoverLayerCode.load().then(
      () => {
        if (cy.destroyed()) return;
        cy.edges('.hover').removeClass('hover');
        hover = hoverLayerCode.get().installHoverLayer(cy);
      },
      () => undefined,
    );
  cy.on('mouseover', 'edge', (evt) => {
    const e = evt.target as cytoscape.EdgeSingular;
    if (hover) hover.show(e);
    else e.addClass('hover');
  });
  cy.on('mouseout', 'edge', (evt) => {
    const e = evt.target as cytoscape.EdgeSingular;
    if (hover) hover.show(null);
    else e.removeClass('hover');
  });
  return cy;
}

export function GraphCanvas({ model, selected, onSelect, onToggleGroup, command, description, highlight = null, faintUnseen = false, keep = NOTHING_TO_KEEP, covered, onStale, onFitted }: GraphCanvasProps) {
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const keeper = useRef<ViewKeeper | null>(null);
  // Bundles the user opened in place (double click).
  const [openedBundles, setOpenedBundles] = useState<ReadonlySet<string>>(() => new Set());
  const onToggleBundle = useCallback((id: string) => setOpenedBundles((o) => toggled(o, id)), []);
  const handlers = useRef<Handlers>({ onSelect, onToggleGroup, onToggleBundle, onStale, covered, onFitted });
  const fittedKey = useRef<string | null>(null);
  /** The canvas's and the overlay's sizes `cy` was last fitted for (`sizesOf`). */
  const fittedSizes = useRef('');
  /** Whether `cy` was created with the big-graph settings, and with the huge-graph ones. */
  const cyBig = useRef(false);
  const cyHuge = useRef(false);
  const drawing = useRef<Drawing | null>(null);
  /** The size of the model being drawn (for the test API). */
  const drawnSize = useRef({ nodes: 0, edges: 0 });
  const uninstall = useRef<(() => void) | null>(null);
  /** Resumes Cytoscape's layered picture, paused while a drawing adds its steps (steadyLayers.ts). */
  const resumeLayers = useRef<(() => void) | null>(null);
  // Bumped whenever a model is completely in `cy`: selection and the lit path are applied then.
  const [drawn, setDrawn] = useState(0);

  useLayoutEffect(() => {
    handlers.current = { onSelect, onToggleGroup, onToggleBundle, onStale, covered, onFitted };
  });

  // Destroy on unmount.
  useEffect(
    () => () => {
      drawing.current?.cancel();
      uninstall.current?.();
      keeper.current?.dispose();
      keeper.current = null;
      cyRef.current?.destroy();
      cyRef.current = null;
      fittedKey.current = null;
    },
    [],
  );

  // Every model: a keyed diff, big additions spread over frames; what matters brought into view
  // as soon as the nodes are in (at once for the load's first model, animated afterwards).
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const big = isBigGraph(model);
    const huge = isHugeGraph(model);
    let cy = cyRef.current;
    let keepViewport: { zoom: number; pan: cytoscape.Position } | null = null;
    if (cy && ((big && !cyBig.current) || (huge && !cyHuge.current))) {
      // The graph became big or huge (expand all on a load that opened collapsed): start over
      // with the settings for its size, keeping where the user was looking.
      keepViewport = keeper.current?.moved() ? { zoom: cy.zoom(), pan: { ...cy.pan() } } : null;
      drawing.current?.cancel();
      resumeLayers.current = null;
      uninstall.current?.();
      keeper.current?.dispose();
      cy.destroy();
      cy = null;
    }
    if (!cy) {
      // Created with the first model of the load, so its size can choose the drawing settings.
      if (model.nodes.length === 0) return;
      cy = createCy(el, big, huge, handlers);
      cyRef.current = cy;
      fittedSizes.current = sizesOf(el, handlers.current.covered?.current);
      cyBig.current = big;
      cyHuge.current = huge;
      const k = new ViewKeeper(cy, { covered: () => coveredArea(container.current, handlers.current.covered?.current), onStale: (stale) => handlers.current.onStale?.(stale), onFitted: (zoom, bare) => handlers.current.onFitted?.(zoom, bare) });
      keeper.current = k;
      uninstall.current = installGraphTestApi(cy, (id) => handlers.current.onSelect(id), {
        drawing: () => drawing.current?.done === false,
        lastDraw: () => (drawing.current ? { steps: drawing.current.steps, ...drawnSize.current } : null),
        fitting: () => k.fitting(),
        clearAreas: () => k.clearAreas(),
        overlay: () => k.overlay(),
      });
    }
    const live = cy;
    drawing.current?.cancel();
    // Every path is in `cy` (bundled ones hidden), and every bundle line.
    drawnSize.current = { nodes: model.nodes.length, edges: model.edges.length + (model.bundles?.length ?? 0) };
    resumeLayers.current ??= pauseLayers(live);
    drawing.current = drawProgressively(live, toElements(model), {
      chunk: DRAW_CHUNK,
      growth: DRAW_GROWTH,
      schedule: afterNextFrame,
      onNodes: () => {
        placeTitles(live);
        const k = keeper.current;
        if (!k) return;
        if (keepViewport) {
          // The user had moved the view: where they were looking stays.
          live.viewport(keepViewport);
          k.userZoomed();
        } else if (fittedKey.current === null) {
          // The load's first model: shown fitted at once.
          live.resize();
          k.reset();
          k.changed('model', false);
        } else {
          k.changed('model', fittedKey.current === model.layoutKey);
        }
        fittedKey.current = model.layoutKey;
      },
      onDone: () => {
        resumeLayers.current?.();
        resumeLayers.current = null;
        // Big graphs show edge labels only zoomed in (stylesheet); measuring a thousand labels
        // would hold the main thread for the first frame.
        if (!big) declutterEdgeLabels(live);
        setDrawn((n) => n + 1);
      },
    });
  }, [model]);

  // Bundles holding the selection or the lit path are drawn open (before the path is marked).
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    const changed = openBundles(cy, bundlesToOpen(cy, openedBundles, selected, highlight?.edges ?? []));
    if (changed && !cyBig.current) declutterEdgeLabels(cy);
  }, [openedBundles, selected, highlight, drawn]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.batch(() => {
      cy.$(':selected').unselect();
      if (selected !== null) cy.getElementById(selected).select();
    });
    // A selected edge shows its long label: placed first, the others around it.
    if (!cyBig.current) declutterEdgeLabels(cy);
  }, [selected, drawn]);

  // The lit path: marked, then brought into view when it is another one.
  const litKey = useRef('');
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    const lit = markPath(cy, highlight);
    if (!cyBig.current) declutterEdgeLabels(cy);
    const key = [...lit.nodes, ...lit.edges].join(' ');
    if (key === litKey.current) return;
    litKey.current = key;
    keeper.current?.changed('subject', true);
  }, [highlight, drawn]);

  // Search matches and the selection: brought into view when they change.
  const matchesKey = keep.matches.join(' ');
  const keepRef = useRef(keep);
  useLayoutEffect(() => {
    keepRef.current = keep;
  });
  const seenKeep = useRef<{ matches: string; selection: string | null }>({ matches: '', selection: null });
  useEffect(() => {
    const k = keeper.current;
    if (!k || drawn === 0) return;
    k.setKeep(keepRef.current);
    const seen = seenKeep.current;
    seenKeep.current = { matches: matchesKey, selection: keep.selection };
    if (matchesKey !== seen.matches) k.changed('subject', true);
    else if (keep.selection !== seen.selection && keep.selection !== null) k.changed('selection', true);
  }, [matchesKey, keep.selection, drawn]);

  useEffect(() => {
    const cy = cyRef.current;
    if (cy) markUnseen(cy, faintUnseen);
  }, [faintUnseen, drawn]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || !command) return;
    if (command.kind === 'fit') keeper.current?.fitPressed();
    else runCommand(cy, command);
  }, [command]);

  // The canvas changes size with the panels around it and the window; the overlay with the
  // legend folded or unfolded. Either way what matters is fitted again (once per frame).
  useEffect(() => {
    const el = container.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    let frame = 0;
    const overlay = covered?.current;
    const ro = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const cy = cyRef.current;
        if (!cy) return;
        // Nothing to do when `cy` already has this size and the overlay is as it was (a `cy`
        // created after the page settled: its first fit was for these sizes).
        const sizes = sizesOf(el, overlay);
        if (sizes === fittedSizes.current && el.clientWidth === cy.width() && el.clientHeight === cy.height()) return;
        fittedSizes.current = sizes;
        cy.resize();
        keeper.current?.changed('resize', false);
      });
    });
    ro.observe(el);
    if (overlay) ro.observe(overlay);
    return () => {
      cancelAnimationFrame(frame);
      ro.disconnect();
    };
  }, [covered]);

  // Cytoscape resizes and redraws the whole canvas (100 ms later) on any change of an attribute of
  // its container: the description and the drawing count live on the element around it.
  return (
    <div className="graph-canvas" data-testid="graph-canvas" role="img" aria-label={description} data-drawn={drawn}>
      <div ref={container} className="graph-canvas-cy" />
    </div>
  );
}
