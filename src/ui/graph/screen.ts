/**
 * Takes a `ScreenSnapshot` of a live `cy` for the readability figures: label boxes as the
 * renderer computed them (model coordinates, mapped through zoom and pan to the window), the
 * font size each label is drawn at, whether it is drawn at all, and every shown edge's ends.
 * Only the test API calls it (browser tests and the readability bench).
 */
import type { Core, SingularElementArgument } from 'cytoscape';
import type { Box, ScreenEdge, ScreenLabel, ScreenSnapshot } from './readability.ts';

const LABEL_ONLY = {
  includeNodes: false,
  includeEdges: false,
  includeLabels: true,
  includeMainLabels: true,
  includeSourceLabels: false,
  includeTargetLabels: false,
  includeOverlays: false,
  includeUnderlays: false,
} as const;

const BODY_ONLY = { includeNodes: true, includeEdges: false, includeLabels: false, includeOverlays: false, includeUnderlays: false } as const;

interface Pstyle {
  readonly strValue?: string;
  readonly pfValue?: number;
  readonly value?: unknown;
}

const pstyle = (el: SingularElementArgument, name: string): Pstyle => (el as unknown as { pstyle(n: string): Pstyle }).pstyle(name);

export function screenSnapshot(cy: Core): ScreenSnapshot {
  const container = cy.container();
  const rect = container?.getBoundingClientRect() ?? { left: 0, top: 0, width: cy.width(), height: cy.height() };
  const zoom = cy.zoom();
  const pan = cy.pan();
  const sx = (x: number): number => rect.left + pan.x + x * zoom;
  const sy = (y: number): number => rect.top + pan.y + y * zoom;
  const toScreen = (b: { x1: number; y1: number; x2: number; y2: number }): Box => ({ x1: sx(b.x1), y1: sy(b.y1), x2: sx(b.x2), y2: sy(b.y2) });
  const labels: ScreenLabel[] = [];
  const label = (el: SingularElementArgument, kind: ScreenLabel['kind']): void => {
    const text = pstyle(el, 'label').strValue ?? '';
    if (text === '' || !el.visible()) return;
    const px = (pstyle(el, 'font-size').pfValue ?? 0) * zoom;
    const minPx = pstyle(el, 'min-zoomed-font-size').pfValue ?? 0;
    const opacity = Number(pstyle(el, 'text-opacity').value ?? 1) * el.effectiveOpacity();
    labels.push({ id: el.id(), kind, text, px, drawn: px >= minPx && opacity > 0, box: toScreen(el.boundingBox(LABEL_ONLY)) });
  };
  cy.nodes().forEach((n) => label(n, 'name'));
  cy.edges().forEach((e) => label(e, 'edge'));
  const edges: ScreenEdge[] = [];
  cy.edges().forEach((e) => {
    if (!e.visible()) return;
    const a = e.source().position();
    const b = e.target().position();
    edges.push({ id: e.id(), source: e.source().id(), target: e.target().id(), x1: sx(a.x), y1: sy(a.y), x2: sx(b.x), y2: sy(b.y) });
  });
  const bodies: Box[] = [];
  cy.nodes().forEach((n) => {
    if (n.visible() && n.isChildless() && !n.hasClass('k-title')) bodies.push(toScreen(n.boundingBox(BODY_ONLY)));
  });
  return { window: { w: window.innerWidth, h: window.innerHeight }, canvas: { x1: rect.left, y1: rect.top, x2: rect.left + rect.width, y2: rect.top + rect.height }, zoom, labels, edges, bodies };
}
