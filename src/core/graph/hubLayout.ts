/**
 * The many-tenant opening's placement (layout.ts hubOpening, hubFrame: why a hub): the groups in
 * the middle, the outside peers in one column on each side, the left ones' names on their left.
 * Only a view drawing every tenant as one node needs it: in the browser it comes with the
 * tenants' shares' chunk (tenantSharesCode.ts), not on the default screen.
 * @internal
 */
import { HUB_ROW_H, hubFrame, withNames, type Layout, type LayoutEdge, type LayoutGroup, type LayoutOutside } from './layout.ts';
import type { Point } from './types.ts';

/** Positions of the groups and peers of a view `hubOpening` holds, and the peers whose names stand left of them. */
export function hubLayout(groups: readonly LayoutGroup[], outside: readonly LayoutOutside[], edges: readonly LayoutEdge[]): Layout {
  const out = new Map<string, Point>();
  // Peers in units: a node and its carve-out stubs stay together (on one side, one after the other).
  const ids = new Set(outside.map((o) => o.id));
  const stubsOf = new Map<string, string[]>();
  for (const o of outside) if (o.of !== null && ids.has(o.of)) stubsOf.set(o.of, [...(stubsOf.get(o.of) ?? []), o.id]);
  const units = outside.filter((o) => o.of === null || !ids.has(o.of)).map((o) => [o.id, ...(stubsOf.get(o.id) ?? [])]);
  // The first half (entities, the internet and its carve-outs, as ordered) on the left.
  const left: string[][] = [];
  const right: string[][] = [];
  let leftCount = 0;
  for (const u of units) {
    if (leftCount === 0 || leftCount + u.length <= Math.ceil(outside.length / 2)) {
      left.push(u);
      leftCount += u.length;
    } else right.push(u);
  }
  const f = hubFrame(groups, Math.max(leftCount, outside.length - leftCount));
  const centreOf = new Map<string, number>();
  f.boxes.forEach((b, i) => {
    const top = f.tops[i] as number;
    b.place(f.w / 2 - b.w / 2, top, out);
    centreOf.set((groups[i] as LayoutGroup).id, top + b.h / 2);
  });
  // Each side top to bottom by the groups its peers have lines to (the platform's peers towards
  // it), a peer with no line as the hub's; ties keep the given order.
  const anchor = new Map<string, number[]>();
  for (const e of edges) {
    for (const [peer, group] of [
      [e.source, e.target],
      [e.target, e.source],
    ] as const) {
      const gy = centreOf.get(group);
      if (gy !== undefined && ids.has(peer)) anchor.set(peer, [...(anchor.get(peer) ?? []), gy]);
    }
  }
  const meanOf = (id: string): number => {
    const ys = anchor.get(id) ?? [];
    return ys.length > 0 ? ys.reduce((a, b) => a + b, 0) / ys.length : f.hubY;
  };
  const column = (list: readonly string[][], x: number): void => {
    const sorted = list.map((u, i) => ({ u, i, m: meanOf(u[0] as string) })).sort((a, b) => a.m - b.m || a.i - b.i).flatMap((x) => x.u);
    const top = f.hubY - (sorted.length * HUB_ROW_H) / 2;
    sorted.forEach((id, i) => out.set(id, { x, y: top + i * HUB_ROW_H + HUB_ROW_H / 2 }));
  };
  column(left, f.reach);
  column(right, f.w - f.reach);
  return withNames(out, new Set(left.flat()));
}
