/**
 * Axis-aligned boxes and a grid index over them, to ask "does this box hit any placed box" without
 * comparing with every box: how the canvas and the exports keep edge labels off names.
 * @public
 */

export interface Box {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/** Whether two boxes share more than `slack` in both directions. */
export function boxesOverlap(a: Box, b: Box, slack = 1): boolean {
  return Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1) > slack && Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1) > slack;
}

export class BoxIndex {
  private readonly cells = new Map<string, Box[]>();
  constructor(private readonly size = 200) {}

  private keys(b: Box): string[] {
    const out: string[] = [];
    for (let x = Math.floor(b.x1 / this.size); x <= Math.floor(b.x2 / this.size); x++) for (let y = Math.floor(b.y1 / this.size); y <= Math.floor(b.y2 / this.size); y++) out.push(`${x},${y}`);
    return out;
  }

  add(b: Box): void {
    for (const k of this.keys(b)) {
      const list = this.cells.get(k);
      if (list) list.push(b);
      else this.cells.set(k, [b]);
    }
  }

  hits(b: Box, slack = 1): boolean {
    for (const k of this.keys(b)) for (const o of this.cells.get(k) ?? []) if (boxesOverlap(b, o, slack)) return true;
    return false;
  }
}
