/**
 * GraphModel → Cytoscape elements, and the keyed diff that brings a live `cy` from one model to
 * the next inside one `cy.batch`: remove what went, add what came, update data, classes and
 * positions of what stayed. Nothing else writes elements into `cy`.
 */
import type { Core, ElementDefinition } from 'cytoscape';
import type { EdgeBundle, GraphEdge, GraphModel, GraphNode } from '../../core/graph/types.ts';
import { bundleKind, bundleLabel, bundleOfEdge, bundleShades } from '../../core/graph/bundle.ts';
import { nodeDisplayLines } from '../../core/export/nodeLabel.ts';
import { PLATFORM_GROUP } from '../../core/graph/grouping.ts';
import { routeLines } from '../../core/graph/route.ts';

export interface NodeData {
  readonly id: string;
  readonly parent?: string;
  /** What the canvas shows (decorated: `tenant acme`, `coredns · DNS`). */
  readonly label: string;
  /** The plain name from the model. */
  readonly name: string;
  readonly kind: GraphNode['kind'];
}

export interface EdgeData {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly verdict: GraphEdge['verdict'];
  readonly ports: string;
  readonly observed: number;
  readonly label: string;
  readonly longLabel: string;
  /** What-if: `added`, `ports` or `removed`; '' when unchanged (or no what-if). */
  readonly change: string;
  /** The bundle drawn in its place ('' when drawn on its own; see core/graph/bundle.ts). */
  readonly bundle: string;
  /** Drawn bent around the boxes it would cross (core/graph/route.ts; class ROUTED): the control point's distance. */
  readonly bend?: number;
}

/** A bundle: one line for parallel paths between two groups. */
export interface BundleData {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  /** Paths it holds. */
  readonly count: number;
  readonly observed: number;
  readonly label: string;
  readonly longLabel: string;
  readonly bend?: number;
}

/** Class of bundle lines (and of member edges drawn in their bundle's place). */
export const BUNDLE = 'bundle';
export const BUNDLED = 'bundled';
/** Class of lines drawn bent around boxes they would cross (data `bend`). */
export const ROUTED = 'routed';

const MAX_LABEL = 40;

function clip(s: string, n = MAX_LABEL): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** What-if: `3 changed paths`. */
function changedPathsText(n: number): string {
  return `${n.toLocaleString('en-US')} changed path${n === 1 ? '' : 's'}`;
}

function nodeLabel(n: GraphNode): string {
  // The same words as the exports (core/export/nodeLabel.ts); "No policy selects it" is drawn
  // as the node's border (see the legend), not as text.
  const [first = '', ...rest] = nodeDisplayLines(n);
  // What-if: changed paths drawn on no edge (see GraphNode.changedPaths), in words on a group (a
  // workload, for paths among its own pods, only carries the band: its name stays readable).
  const inside = (n.changedPaths ?? 0) > 0 ? [changedPathsText(n.changedPaths ?? 0)] : [];
  if (n.kind === 'group') return [clip(first, 24), ...rest, ...inside].join('\n');
  if (n.kind === 'namespace') return first;
  return clip(first, n.kind === 'cidr' ? 120 : MAX_LABEL);
}

export function nodeClasses(n: GraphNode): string {
  const c = [`k-${n.kind}`];
  if (n.dns) c.push('dns');
  if (n.unrestricted.length === 2) c.push('unrestricted');
  else if (n.unrestricted.length === 1) c.push('half-unrestricted');
  if (n.collapsed) c.push('collapsed');
  if (n.id === PLATFORM_GROUP) c.push('platform');
  if (n.nameLeft) c.push('name-left');
  if (n.removed) c.push('ghost');
  if ((n.changedPaths ?? 0) > 0) c.push('changed-inside');
  return c.join(' ');
}

/** What-if: `+25/TCP −9000/TCP` (ports the node pair newly allows / no longer allows). */
function changeText(e: GraphEdge): string {
  const c = e.change;
  if (!c) return '';
  const parts = [c.opened ? `+${c.opened}` : '', c.closed ? `−${c.closed}` : ''].filter(Boolean);
  if (parts.length === 0 && (c.paths ?? 0) > 0) return changedPathsText(c.paths ?? 0);
  return parts.length > 0 ? parts.join(' ') : c.kind === 'removed' ? 'removed' : 'changed';
}

function edgeLabels(e: GraphEdge): { label: string; longLabel: string } {
  const count = e.observed ? `×${e.observed.flows.toLocaleString('en-US')}` : '';
  const mismatch = e.mismatch ? ' ≠' : '';
  if (e.change) {
    const was = e.change.kind === 'added' ? 'new' : e.change.kind === 'removed' ? `removed: was ${e.change.before}` : e.change.kind === 'paths' ? `same ports; ${changedPathsText(e.change.paths ?? 0)}` : `was ${e.change.before}`;
    return { label: clip(`${changeText(e)}${count ? ` ${count}` : ''}`), longLabel: clip(`${e.portsText} (${was}) ${changeText(e)}`, 80) };
  }
  // Not known (an end's policy Cilium cannot compute): a '?' on the line, whatever the zoom.
  const unknown = e.verdict === 'not-known' ? '? ' : '';
  // At the tenants' aggregate: how many of its tenants the line stands for.
  const tenants = e.tenants?.text ?? '';
  const own = `${unknown}${count ? `${count}${mismatch}` : mismatch.trim()}`.trim();
  return {
    label: [tenants, e.tenants?.ports ?? '', own].filter((t) => t !== '').join(' · '),
    longLabel: clip(`${unknown}${e.portsText}${count ? ` ${count}` : ''}${e.mismatch ? ` (${e.mismatch})` : ''}${tenants ? ` · ${tenants}` : ''}`, 60),
  };
}

export function edgeClasses(e: GraphEdge): string {
  const c = [`v-${e.verdict}`, e.observed ? 'observed' : 'policy-only'];
  if (e.mismatch) c.push('mismatch');
  if (e.change) c.push('changed', `chg-${e.change.kind}`);
  return c.join(' ');
}

function bundleLabels(b: EdgeBundle): { label: string; longLabel: string } {
  const kind = bundleKind(b);
  const all = kind === 'mixed' ? [`${b.allowed} allowed`, `${b.denied} denied`, `${b.notKnown} not known`].filter((t) => !t.startsWith('0 ')).join(', ') : kind === 'not-known' ? 'not known' : kind;
  return { label: bundleLabel(b), longLabel: `${b.members.length} paths (${all})${b.flows > 0 ? ` · ×${b.flows.toLocaleString('en-US')}` : ''}: click to list` };
}

export function bundleClasses(b: EdgeBundle): string {
  const kind = bundleKind(b);
  const c = [BUNDLE, `bundle-${kind}`, b.flows > 0 ? 'observed' : 'policy-only'];
  // A split line with a not-known part (bundleShades): its own colours, two or three.
  if (kind === 'mixed' && b.notKnown > 0) c.push(`split-${bundleShades(b).join('-')}`);
  if (b.bothWays) c.push('both-ways');
  return c.join(' ');
}

export function toElements(model: GraphModel): ElementDefinition[] {
  const out: ElementDefinition[] = [];
  const bundles = model.bundles ?? [];
  const bundleOf = bundleOfEdge(bundles);
  const bends = routeLines(model);
  const routed = (classes: string, id: string): string => (bends.has(id) ? `${classes} ${ROUTED}` : classes);
  for (const n of model.nodes) {
    const data: NodeData = { id: n.id, label: nodeLabel(n), name: n.label, kind: n.kind, ...(n.parent !== null ? { parent: n.parent } : {}) };
    // Pannable: nodes stay where the layout put them (canvasOptions.ts), so a drag that starts on
    // one, a tenant or namespace box included, pans the view as on the background.
    out.push({ group: 'nodes', data: { ...data }, classes: nodeClasses(n), pannable: true, ...(n.position ? { position: { ...n.position } } : {}) });
  }
  for (const e of model.edges) {
    const data: EdgeData = {
      id: e.id,
      source: e.source,
      target: e.target,
      verdict: e.verdict,
      ports: e.portsText,
      observed: e.observed?.flows ?? 0,
      change: e.change?.kind ?? '',
      bundle: bundleOf.get(e.id) ?? '',
      ...edgeLabels(e),
      ...(bends.has(e.id) ? { bend: bends.get(e.id) } : {}),
    };
    out.push({ group: 'edges', data: { ...data }, classes: routed(data.bundle !== '' ? `${edgeClasses(e)} ${BUNDLED}` : edgeClasses(e), e.id) });
  }
  for (const b of bundles) {
    const data: BundleData = { id: b.id, source: b.source, target: b.target, count: b.members.length, observed: b.flows, ...bundleLabels(b), ...(bends.has(b.id) ? { bend: bends.get(b.id) } : {}) };
    out.push({ group: 'edges', data: { ...data }, classes: routed(bundleClasses(b), b.id) });
  }
  return out;
}

/** What changed, for tests and for deciding whether to fit. */
export interface PatchResult {
  readonly added: number;
  readonly removed: number;
  readonly updated: number;
  readonly moved: number;
}

/** The first step of a patch: what was removed, updated and moved, and what is left to add. */
export interface PatchStart {
  readonly removed: number;
  readonly updated: number;
  readonly moved: number;
  /** In model order: nodes before edges, parents before children. */
  readonly toAdd: readonly ElementDefinition[];
}

function sameData(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => a[k] === b[k]);
}

/** Classes the canvas sets itself (hover, the lit path), kept through a patch. */
export const MARK_CLASSES: ReadonlySet<string> = new Set(['hover', 'hl', 'faded', 'label-off', 'label-moved', 'unseen', 'open', 'unbundled', 'short-not-known']);

/** Elements the canvas draws for itself (group titles), which no model names. */
export const CANVAS_ONLY = '.k-title';

/**
 * Removes what went and updates what stayed, in one `cy.batch`; returns what is left to add, so
 * that a big addition can be spread over several frames (`progressive.ts`).
 */
export function beginPatch(cy: Core, next: readonly ElementDefinition[]): PatchStart {
  let removed = 0;
  let updated = 0;
  let moved = 0;
  const toAdd: ElementDefinition[] = [];
  cy.batch(() => {
    const wanted = new Map<string, ElementDefinition>();
    for (const d of next) wanted.set(String(d.data.id), d);
    // Remove what went, and nodes whose parent changed (compound parents cannot be re-set in place
    // reliably across versions; re-adding keeps the diff simple).
    const gone = cy.elements().not(CANVAS_ONLY).filter((el) => {
      const d = wanted.get(el.id());
      if (!d) return true;
      return el.isNode() && (el.data('parent') ?? undefined) !== (d.data.parent ?? undefined);
    });
    removed = gone.length;
    cy.remove(gone);
    for (const d of next) {
      const el = cy.getElementById(String(d.data.id));
      if (el.empty()) {
        toAdd.push(d);
        continue;
      }
      if (!sameData(el.data() as Record<string, unknown>, d.data as Record<string, unknown>)) {
        el.data(d.data);
        updated++;
      }
      const classes = d.classes as string;
      const own = el.classes();
      const marks = own.filter((c) => MARK_CLASSES.has(c));
      if (own.filter((c) => !MARK_CLASSES.has(c)).join(' ') !== classes) el.classes(marks.length > 0 ? `${classes} ${marks.join(' ')}` : classes);
      if (d.position && el.isNode() && !el.isParent()) {
        const p = el.position();
        if (p.x !== d.position.x || p.y !== d.position.y) {
          el.position(d.position);
          moved++;
        }
      }
    }
  });
  return { removed, updated, moved, toAdd };
}

/** Applies `next` to `cy` as a keyed diff, all at once. */
export function patchCy(cy: Core, next: readonly ElementDefinition[]): PatchResult {
  const start = beginPatch(cy, next);
  // Nodes before edges, parents before children (toElements keeps that order).
  if (start.toAdd.length > 0) cy.batch(() => cy.add([...start.toAdd]));
  return { added: start.toAdd.length, removed: start.removed, updated: start.updated, moved: start.moved };
}
