/**
 * Deterministic layout: a grid inside every namespace, namespaces stacked inside their group,
 * groups packed in rows (platform first, then tenants A–Z), outside peers in columns on the
 * right (entities, the internet and its carve-outs, ranges, names). Positions depend only on
 * the sorted ids of the unfiltered graph, so the same input gives the same picture and filtering
 * hides nodes without moving the rest.
 * @public
 */
import type { Point } from './types.ts';

/** Space one leaf takes (node plus its label below it). */
export const CELL_W = 160;
export const CELL_H = 96;
/** Compound padding the view uses; the layout leaves room for it and for the compound labels. */
export const NS_PAD = 14;
export const GROUP_PAD = 18;
const LABEL_H = 30;
const GAP = 64;
/** Width:height the packing aims for (the canvas sits between two side panels). */
const ASPECT = 1.3;

export interface LayoutNamespace {
  readonly id: string;
  readonly leaves: readonly string[];
}

export interface LayoutGroup {
  readonly id: string;
  readonly collapsed: boolean;
  readonly namespaces: readonly LayoutNamespace[];
}

export interface LayoutOutside {
  readonly id: string;
  /** A carve-out stub is placed right of the node it carves from. */
  readonly of: string | null;
}

interface Box {
  readonly w: number;
  readonly h: number;
  /** Leaf centres relative to the box's top-left corner. */
  readonly place: (x: number, y: number, out: Map<string, Point>) => void;
}

function namespaceBox(ns: LayoutNamespace): Box {
  const n = ns.leaves.length;
  const cols = Math.max(1, Math.ceil(Math.sqrt(n)));
  const rows = Math.max(1, Math.ceil(n / cols));
  return {
    w: cols * CELL_W + 2 * NS_PAD,
    h: rows * CELL_H + 2 * NS_PAD + LABEL_H,
    place(x, y, out) {
      ns.leaves.forEach((id, i) => {
        const c = i % cols;
        const r = Math.floor(i / cols);
        out.set(id, { x: x + NS_PAD + c * CELL_W + CELL_W / 2, y: y + LABEL_H + NS_PAD + r * CELL_H + CELL_H / 2 });
      });
    },
  };
}

function groupBox(g: LayoutGroup): Box {
  if (g.collapsed) {
    return { w: CELL_W, h: CELL_H, place: (x, y, out) => out.set(g.id, { x: x + CELL_W / 2, y: y + CELL_H / 2 }) };
  }
  const boxes = g.namespaces.map(namespaceBox);
  const inner = Math.max(CELL_W, ...boxes.map((b) => b.w));
  const h = boxes.reduce((s, b) => s + b.h + LABEL_H, 0);
  return {
    w: inner + 2 * GROUP_PAD,
    h: h + 2 * GROUP_PAD + LABEL_H,
    place(x, y, out) {
      let cy = y + LABEL_H + GROUP_PAD;
      for (const b of boxes) {
        b.place(x + GROUP_PAD, cy, out);
        cy += b.h + LABEL_H;
      }
    },
  };
}

/** Groups in the order given (callers sort), outside nodes in the order given. */
export function layoutGraph(groups: readonly LayoutGroup[], outside: readonly LayoutOutside[]): Map<string, Point> {
  const out = new Map<string, Point>();
  const boxes = groups.map(groupBox);
  // Row width: wide enough for a picture of about ASPECT, never narrower than the widest group.
  const area = boxes.reduce((s, b) => s + (b.w + GAP) * (b.h + GAP), 0);
  const maxW = Math.max(...boxes.map((b) => b.w), Math.sqrt(area * ASPECT), 1);
  let x = 0;
  let y = 0;
  let rowH = 0;
  let right = 0;
  for (const b of boxes) {
    if (x > 0 && x + b.w > maxW) {
      x = 0;
      y += rowH + GAP;
      rowH = 0;
    }
    b.place(x, y, out);
    x += b.w + GAP;
    rowH = Math.max(rowH, b.h);
    right = Math.max(right, x);
  }
  const bottom = y + rowH;

  // Outside column(s): every base node followed by its carve-out stubs, top to bottom.
  const colX = right + GAP;
  const perCol = Math.max(6, Math.floor(Math.max(bottom, CELL_H * 6) / CELL_H));
  const stubsOf = new Map<string, string[]>();
  const ids = new Set(outside.map((o) => o.id));
  const order: string[] = [];
  for (const o of outside) if (o.of !== null && ids.has(o.of)) stubsOf.set(o.of, [...(stubsOf.get(o.of) ?? []), o.id]);
  for (const o of outside) if (o.of === null || !ids.has(o.of)) order.push(o.id, ...(stubsOf.get(o.id) ?? []));
  order.forEach((id, i) => {
    const col = Math.floor(i / perCol);
    const row = i % perCol;
    // Outside labels sit right of their node: columns leave room for them.
    out.set(id, { x: colX + col * CELL_W * 1.8 + CELL_W / 4, y: row * CELL_H + CELL_H / 2 });
  });
  return out;
}
