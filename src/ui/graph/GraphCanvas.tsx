/**
 * The one component that owns the Cytoscape instance. It creates `cy` once, pushes every new
 * GraphModel as a keyed diff inside `cy.batch`, fits only when the layout inputs changed
 * (`model.layoutKey`), and destroys `cy` on unmount. Event handlers read the latest callbacks
 * from a ref, never from a stale closure. No other component calls `cy.*`.
 */
import cytoscape, { type Core } from 'cytoscape';
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { GraphModel } from '../../core/graph/types.ts';
import { patchCy, toElements } from './cyPatch.ts';
import { fitGraph, runCommand, type ViewCommand } from './layout.ts';
import { graphStylesheet } from './stylesheet.ts';
import { installGraphTestApi } from './testApi.ts';

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
}

export function GraphCanvas({ model, selected, onSelect, onToggleGroup, command, description }: GraphCanvasProps) {
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const handlers = useRef({ onSelect, onToggleGroup });
  const fittedKey = useRef<string | null>(null);

  useLayoutEffect(() => {
    handlers.current = { onSelect, onToggleGroup };
  });

  // Create once, destroy on unmount.
  useEffect(() => {
    if (!container.current) return;
    const cy = cytoscape({
      container: container.current,
      style: graphStylesheet(),
      elements: [],
      layout: { name: 'preset' },
      minZoom: 0.05,
      maxZoom: 3,
      // Positions are the deterministic layout's; dragging would make screenshots disagree.
      autoungrabify: true,
      boxSelectionEnabled: false,
      selectionType: 'single',
      wheelSensitivity: 0.3,
    });
    cy.on('tap', 'node, edge', (evt) => handlers.current.onSelect(evt.target.id() as string));
    cy.on('tap', (evt) => {
      if (evt.target === cy) handlers.current.onSelect(null);
    });
    cy.on('dbltap', 'node.k-group, node.k-namespace', (evt) => {
      const n = evt.target as cytoscape.NodeSingular;
      const group = n.hasClass('k-group') ? n.id() : n.parent().first().id();
      if (group) handlers.current.onToggleGroup(group);
    });
    cy.on('mouseover', 'edge', (evt) => {
      (evt.target as cytoscape.EdgeSingular).addClass('hover');
    });
    cy.on('mouseout', 'edge', (evt) => {
      (evt.target as cytoscape.EdgeSingular).removeClass('hover');
    });
    cyRef.current = cy;
    const uninstall = installGraphTestApi(cy, (id) => handlers.current.onSelect(id));
    return () => {
      uninstall();
      cy.destroy();
      cyRef.current = null;
      fittedKey.current = null;
    };
  }, []);

  // Every model: a keyed diff; a fit only when the layout changed (filters never refit).
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    patchCy(cy, toElements(model));
    if (fittedKey.current !== model.layoutKey) {
      fittedKey.current = model.layoutKey;
      cy.resize();
      fitGraph(cy);
    }
  }, [model]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.batch(() => {
      cy.$(':selected').unselect();
      if (selected !== null) cy.getElementById(selected).select();
    });
  }, [selected, model]);

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

  return <div ref={container} className="graph-canvas" data-testid="graph-canvas" role="img" aria-label={description} />;
}
