/**
 * SVG primitives for the graph's node shapes and arrowheads, matching the Cytoscape stylesheet
 * (src/ui/graph/stylesheet.ts) closely enough that the export reads like the screen.
 * @internal
 */
import type { NodeShape, VerdictStyle } from './style.ts';
import { num } from './xml.ts';

export interface Point {
  readonly x: number;
  readonly y: number;
}

function polygon(points: readonly (readonly [number, number])[], attrs: string): string {
  return `<polygon points="${points.map(([x, y]) => `${num(x)},${num(y)}`).join(' ')}" ${attrs}/>`;
}

/** The outline of a node centred on (cx, cy); `attrs` carries fill and stroke. */
export function shapeSvg(shape: NodeShape, cx: number, cy: number, w: number, h: number, attrs: string): string {
  const hw = w / 2;
  const hh = h / 2;
  switch (shape) {
    case 'round-rectangle':
      return `<rect x="${num(cx - hw)}" y="${num(cy - hh)}" width="${num(w)}" height="${num(h)}" rx="${num(Math.min(8, w / 4))}" ${attrs}/>`;
    case 'ellipse':
      return `<ellipse cx="${num(cx)}" cy="${num(cy)}" rx="${num(hw)}" ry="${num(hh)}" ${attrs}/>`;
    case 'diamond':
      return polygon([[cx, cy - hh], [cx + hw, cy], [cx, cy + hh], [cx - hw, cy]], attrs);
    case 'hexagon':
      return polygon([[cx - hw, cy], [cx - hw / 2, cy - hh], [cx + hw / 2, cy - hh], [cx + hw, cy], [cx + hw / 2, cy + hh], [cx - hw / 2, cy + hh]], attrs);
    case 'tag':
      return polygon([[cx - hw, cy - hh], [cx + hw / 2, cy - hh], [cx + hw, cy], [cx + hw / 2, cy + hh], [cx - hw, cy + hh]], attrs);
    case 'octagon': {
      const a = hw * 0.414;
      const b = hh * 0.414;
      return polygon([[cx - a, cy - hh], [cx + a, cy - hh], [cx + hw, cy - b], [cx + hw, cy + b], [cx + a, cy + hh], [cx - a, cy + hh], [cx - hw, cy + b], [cx - hw, cy - b]], attrs);
    }
  }
}

/** Where the line from the centre towards `toward` leaves the node's box (an ellipse for round shapes). */
export function boundaryPoint(c: Point, w: number, h: number, shape: NodeShape, toward: Point): Point {
  const dx = toward.x - c.x;
  const dy = toward.y - c.y;
  if (dx === 0 && dy === 0) return c;
  const hw = w / 2 + 2;
  const hh = h / 2 + 2;
  let t: number;
  if (shape === 'ellipse' || shape === 'diamond' || shape === 'octagon') t = 1 / Math.sqrt((dx * dx) / (hw * hw) + (dy * dy) / (hh * hh));
  else t = Math.min(dx === 0 ? Infinity : hw / Math.abs(dx), dy === 0 ? Infinity : hh / Math.abs(dy));
  return { x: c.x + dx * t, y: c.y + dy * t };
}

/** Length the line stops short of the tip so the stroke does not poke through the arrowhead. */
export function arrowInset(arrow: VerdictStyle['arrow'], scale: number): number {
  switch (arrow) {
    case 'tee':
      return 1.5 * scale;
    case 'vee':
      return 6 * scale;
    case 'diamond':
      return 11 * scale;
    default:
      return 9 * scale;
  }
}

/** An arrowhead with its tip at `tip`, pointing along `angle` (degrees). */
export function arrowSvg(arrow: VerdictStyle['arrow'], tip: Point, angle: number, color: string, scale: number): string {
  const s = (pts: (readonly [number, number])[]): (readonly [number, number])[] => pts.map(([x, y]) => [x * scale, y * scale]);
  const fill = `fill="${color}"`;
  let body: string;
  switch (arrow) {
    case 'triangle':
      body = polygon(s([[0, 0], [-10, -5], [-10, 5]]), fill);
      break;
    case 'diamond':
      body = polygon(s([[0, 0], [-6, -4.5], [-12, 0], [-6, 4.5]]), fill);
      break;
    case 'vee':
      body = polygon(s([[0, 0], [-10, -5.5], [-6.5, 0], [-10, 5.5]]), fill);
      break;
    case 'tee':
      body = `<rect x="${num(-3 * scale)}" y="${num(-7 * scale)}" width="${num(3 * scale)}" height="${num(14 * scale)}" ${fill}/>`;
      break;
    case 'triangle-cross':
      body = `${polygon(s([[0, 0], [-10, -5], [-10, 5]]), fill)}<rect x="${num(-14 * scale)}" y="${num(-6 * scale)}" width="${num(2 * scale)}" height="${num(12 * scale)}" ${fill}/>`;
      break;
  }
  return `<g transform="translate(${num(tip.x)} ${num(tip.y)}) rotate(${num(angle)})">${body}</g>`;
}
