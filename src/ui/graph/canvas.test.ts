/**
 * The canvas adapter on a headless Cytoscape (no browser): the chunked keyed diff, group titles
 * and the lit path, driven with the app-platform graph.
 */
import cytoscape, { type Core, type ElementDefinition, type NodeSingular } from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../core/graph/buildGraph.ts';
import type { EdgeBundle, GraphEdge } from '../../core/graph/types.ts';
import { graphInputsOf } from '../../core/graph/graphInputs.ts';
import { defaultViewState, viewReducer } from '../../core/graph/viewState.ts';
import { pathHighlight } from '../../core/query/pathHighlight.ts';
import { runQuery } from '../../core/query/runQuery.ts';
import { appPlatform } from '../query/testing.ts';
import { bundlesToOpen, openBundles } from './bundles.ts';
import { DRAW_CHUNK, DRAW_GROWTH, HUGE_EDGES, isBigGraph, isHugeGraph, tooBigToOpen } from './canvasOptions.ts';
import { beginPatch, bundleClasses, patchCy, toElements } from './cyPatch.ts';
import { markedPath, markPath } from './pathMarks.ts';
import { drawProgressively, steps, whenDrawn } from './progressive.ts';
import { graphStylesheet } from './stylesheet.ts';
import { DASH, VERDICT_STYLE } from '../../core/export/style.ts';
import { edgeVerdicts } from '../../core/graph/types.ts';
import { EDGE_LABEL_FONT } from '../../core/graph/layout.ts';
import { placeTitles, titleOwner } from './titles.ts';

const { model, cluster } = appPlatform();
const inputs = graphInputsOf(model, null);
const expanded = buildGraph(inputs, defaultViewState);
const acmeCollapsed = viewReducer(defaultViewState, { type: 'toggle-collapsed', group: 'g:t:acme' });

/** WCAG contrast ratio of an sRGB colour (0-255 channels) against white. */
function contrastOnWhite(r: number, g: number, b: number): number {
  const lin = (c: number): number => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  const l = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  return 1.05 / (l + 0.05);
}

const headless = (): Core => cytoscape({ headless: true, styleEnabled: true, style: graphStylesheet() });

/** A scheduler the test runs by hand. */
function manual() {
  const queue: (() => void)[] = [];
  return {
    schedule: (fn: () => void) => {
      queue.push(fn);
      return () => {
        const i = queue.indexOf(fn);
        if (i >= 0) queue.splice(i, 1);
      };
    },
    runAll: () => {
      let n = 0;
      while (queue.length > 0) {
        queue.shift()?.();
        n++;
      }
      return n;
    },
    get pending() {
      return queue.length;
    },
  };
}

describe('steps', () => {
  it('puts every node before every edge, in model order, in chunks', () => {
    const els = toElements(expanded);
    const s = steps(els, 10);
    const flat = s.flat();
    expect(flat.map((d) => d.data.id)).toEqual([...els.filter((d) => d.group === 'nodes'), ...els.filter((d) => d.group === 'edges')].map((d) => d.data.id));
    expect(s.every((c) => new Set(c.map((d) => d.group)).size === 1)).toBe(true);
    // Chunks of 10; a rest smaller than a chunk joins the chunk before it.
    const nodes = els.filter((d) => d.group === 'nodes').length;
    expect(s.filter((c) => c[0]?.group === 'nodes').map((c) => c.length)).toEqual([...Array.from({ length: Math.floor(nodes / 10) - 1 }, () => 10), 10 + (nodes % 10)]);
  });

  it('never makes a step smaller than the chunk: a smaller rest joins the step before it', () => {
    // The 5k cluster as opened: 216 nodes, 1,652 edges (paths and bundle lines).
    const els = Array.from({ length: 216 + 1652 }, (_, i): ElementDefinition => (i < 216 ? { group: 'nodes', data: { id: `n${i}` } } : { group: 'edges', data: { id: `e${i}`, source: 'n0', target: 'n1' } }));
    // Nodes 200 + a rest of 16: one step; edges max(200, 3 × 216) = 648, then the rest.
    expect(steps(els, 200, 3).map((c) => c.length)).toEqual([216, 648, 1004]);
    expect(steps(els.slice(0, 150), 200, 3).map((c) => c.length)).toEqual([150]);
    expect(steps(els.slice(0, 420), 200, 3).map((c) => c.length)).toEqual([216, 204]);
    // As the canvas draws: its nodes, then every edge (each step is a redraw of the whole graph).
    expect(steps(els, DRAW_CHUNK, DRAW_GROWTH).map((c) => c.length)).toEqual([216, 1652]);
  });

  it('grows each step to growth × what was added before (a logarithmic number of steps, so of redraws)', () => {
    const els = Array.from({ length: 5000 }, (_, i): ElementDefinition => (i < 1000 ? { group: 'nodes', data: { id: `n${i}` } } : { group: 'edges', data: { id: `e${i}`, source: 'n0', target: 'n1' } }));
    const s = steps(els, 10, 3);
    expect(s.flat().map((d) => d.data.id)).toEqual(els.map((d) => d.data.id));
    expect(s.every((c) => new Set(c.map((d) => d.group)).size === 1)).toBe(true);
    // Each step max(10, 3 × added before): nodes 10, 30, 120, 480, 360 (the rest); edges 3000, 1000 (the rest).
    expect(s.map((c) => c.length)).toEqual([10, 30, 120, 480, 360, 3000, 1000]);
  });
});

describe('drawProgressively', () => {
  it('lets work wait for the next drawing to be over (whenDrawn), cancelled or done; without one, for the grace time', async () => {
    const sched = manual();
    const settled = (p: Promise<void>, ms = 30): Promise<boolean> => Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);
    // The model reached the page; its drawing starts a little later.
    const waiting = whenDrawn(1000);
    expect(await settled(waiting)).toBe(false);
    const first = drawProgressively(headless(), toElements(expanded), { chunk: 20, schedule: sched.schedule, onDone: () => undefined });
    const second = drawProgressively(headless(), toElements(expanded), { chunk: 20, schedule: sched.schedule, onDone: () => undefined });
    expect(await settled(waiting)).toBe(false);
    first.cancel();
    first.cancel();
    expect(await settled(waiting)).toBe(false);
    sched.runAll();
    expect(second.done).toBe(true);
    expect(await settled(waiting)).toBe(true);
    // No drawing comes: after the grace time.
    const alone = whenDrawn(50);
    expect(await settled(alone, 20)).toBe(false);
    expect(await settled(alone, 100)).toBe(true);
  });

  it('adds a big model over several steps, nodes first, and ends with what patchCy gives', () => {
    const cy = headless();
    const sched = manual();
    const events: string[] = [];
    const drawing = drawProgressively(cy, toElements(expanded), {
      chunk: 20,
      schedule: sched.schedule,
      onNodes: () => events.push(`nodes:${cy.nodes().length}:${cy.edges().length}`),
      onDone: (r) => events.push(`done:${r.added}`),
    });
    expect(drawing.done).toBe(false);
    expect(cy.elements().length).toBeLessThan(toElements(expanded).length);
    expect(drawing.steps).toBe(1);
    const scheduled = sched.runAll();
    expect(scheduled).toBeGreaterThan(2);
    expect(drawing.done).toBe(true);
    expect(drawing.steps).toBe(scheduled + 1);
    // Every path and every bundle line (the bundled paths are in `cy`, hidden until their bundle opens).
    const lines = expanded.edges.length + (expanded.bundles?.length ?? 0);
    expect(drawing.steps).toBe(steps(toElements(expanded), 20).length);
    expect(drawing.steps).toBe(Math.max(1, Math.floor(expanded.nodes.length / 20)) + Math.max(1, Math.floor(lines / 20)));
    expect(events).toEqual([`nodes:${expanded.nodes.length}:0`, `done:${expanded.nodes.length + lines}`]);

    const reference = headless();
    patchCy(reference, toElements(expanded));
    expect(cy.elements().map((e) => e.id()).sort()).toEqual(reference.elements().map((e) => e.id()).sort());
  });

  it('measures the edges it adds before their first frame, so drawing them marks none of them changed', () => {
    // Opened as big clusters are: every group collapsed (no compound boxes).
    const opened = buildGraph(inputs, viewReducer(defaultViewState, { type: 'collapse-all', groups: expanded.groups }));
    const shown = (cy: Core): number => {
      // Cytoscape's drawing asks each shown element for its box; one not measured yet emits 'bounds' (and is measured and drawn again on the next frame).
      let changed = 0;
      cy.on('bounds', 'edge', () => changed++);
      cy.edges(':visible').forEach((e) => {
        e.boundingBox();
      });
      return changed;
    };
    const cy = headless();
    const sched = manual();
    // Nodes first, then every edge in one step (a later step's parallel edges would mark earlier ones changed again).
    const drawing = drawProgressively(cy, toElements(opened), { chunk: 5, growth: 100, schedule: sched.schedule, onDone: () => undefined });
    sched.runAll();
    expect(drawing.steps).toBe(2);
    expect(cy.edges(':visible').length).toBeGreaterThan(5);
    expect(shown(cy)).toBe(0);
    // Added without measuring, every shown edge is measured on its first draw.
    const unmeasured = headless();
    patchCy(unmeasured, toElements(opened));
    expect(shown(unmeasured)).toBeGreaterThanOrEqual(unmeasured.edges(':visible').length);
  });

  it('adds a small change at once, and a cancelled drawing is completed by the next one', () => {
    const cy = headless();
    const sched = manual();
    const first = drawProgressively(cy, toElements(expanded), { chunk: 20, schedule: sched.schedule, onDone: () => {} });
    first.cancel();
    expect(sched.pending).toBe(0);
    const collapsed = buildGraph(inputs, acmeCollapsed);
    let done = 0;
    drawProgressively(cy, toElements(collapsed), { chunk: 1000, schedule: sched.schedule, onDone: () => done++ });
    expect(done).toBe(1);
    expect(cy.nodes().map((n) => n.id()).sort()).toEqual(collapsed.nodes.map((n) => n.id).sort());
    expect(cy.edges().not('.bundle').length).toBe(collapsed.edges.length);
  });
});

describe('beginPatch', () => {
  it('keeps the marks the canvas set (hover, lit path) through an update', () => {
    const cy = headless();
    patchCy(cy, toElements(expanded));
    const id = expanded.edges[0]?.id ?? '';
    cy.getElementById(id).addClass('hl');
    const start = beginPatch(cy, toElements(expanded));
    expect(start.toAdd).toEqual([]);
    expect(cy.getElementById(id).hasClass('hl')).toBe(true);
  });
});

describe('placeTitles', () => {
  it('gives every expanded group and namespace a title, and none to a collapsed group', () => {
    const cy = headless();
    patchCy(cy, toElements(buildGraph(inputs, acmeCollapsed)));
    placeTitles(cy);
    const titles = cy.nodes('.k-title');
    const owners = titles.map((t) => titleOwner(t));
    expect(owners).toContain('g:t:globex');
    expect(owners).toContain('ns:globex-shop');
    expect(owners).not.toContain('g:t:acme');
    expect(titles.filter((t) => t.data('label') === cy.getElementById('g:t:globex').data('label')).length).toBe(1);
    // Titles are the canvas's own: a patch leaves them, the next placement tidies them.
    patchCy(cy, toElements(expanded));
    expect(cy.nodes('.k-title').length).toBe(titles.length);
    placeTitles(cy);
    expect(cy.nodes('.k-title').map((t) => titleOwner(t))).toContain('g:t:acme');
    expect(titleOwner(cy.getElementById('g:t:acme'))).toBeNull();
  });
});

describe('markPath', () => {
  const answer = runQuery(model, { from: 'acme-web/frontend', to: 'acme-web/api', port: '9000/TCP' });
  if (answer.kind !== 'answer') throw new Error('the query should answer');
  const hl = pathHighlight(expanded, cluster, defaultViewState, answer.query, answer.decision);

  it('lights the edge and its ends, fades the other edges and leaves, never a compound or a title', () => {
    const cy = headless();
    patchCy(cy, toElements(expanded));
    placeTitles(cy);
    const lit = markPath(cy, hl);
    expect(lit.edges).toEqual([...hl.edges]);
    expect(lit.nodes).toEqual([...hl.nodes].sort());
    expect(cy.edges('.faded').not('.bundle').length).toBe(expanded.edges.length - 1);
    expect(cy.nodes('.faded').filter((n) => n.isParent() || n.hasClass('k-title')).length).toBe(0);
    expect(cy.getElementById('w:acme-jobs/Deployment/mailer').hasClass('faded')).toBe(true);
    // Nothing moved.
    expect(markedPath(cy)).toEqual(lit);
  });

  it('off the lit path a name stays readable: its node fades, its name is drawn whole in a muted ink (4.5:1 on white or more)', () => {
    const cy = headless();
    patchCy(cy, toElements(buildGraph(inputs, viewReducer(defaultViewState, { type: 'toggle-collapsed', group: 'g:t:globex' }))));
    const marked = markPath(cy, hl);
    expect(marked.edges.length).toBe(1);
    const faded = cy.nodes('.faded');
    // Workloads, outside peers and the collapsed tenant globex (its name is where a reader looks for the rest).
    expect(faded.map((n) => n.id())).toEqual(expect.arrayContaining(['g:t:globex', 'o:world', 'w:platform-ingress/Deployment/envoy']));
    const pstyle = (n: NodeSingular, p: string): { value: unknown } => (n as unknown as { pstyle(name: string): { value: unknown } }).pstyle(p);
    const num = (n: NodeSingular, p: string): number => Number(pstyle(n, p).value);
    faded.forEach((n) => {
      const alpha = num(n, 'opacity') * num(n, 'text-opacity');
      const [r, g, b] = (pstyle(n, 'color').value as number[]).map((c) => alpha * c + (1 - alpha) * 255);
      expect(contrastOnWhite(r ?? 0, g ?? 0, b ?? 0), n.id()).toBeGreaterThanOrEqual(4.5);
      // The node itself still fades: the lit path stands out.
      expect(num(n, 'opacity') * Math.max(num(n, 'background-opacity'), num(n, 'border-opacity')), n.id()).toBeLessThanOrEqual(0.3);
    });
    // The lit ends stay as they were.
    cy.nodes('.hl').forEach((n) => expect(num(n, 'opacity') * num(n, 'background-opacity'), n.id()).toBe(1));
  });

  it('a lit or selected name keeps its font: Cytoscape keeps the width it measured, a bolder name was cut at both ends', () => {
    const cy = headless();
    patchCy(cy, toElements(expanded));
    const font = (id: string) => ['font-weight', 'font-size', 'font-family', 'font-style'].map((p) => String(cy.getElementById(id).style(p)));
    const ends = [...hl.nodes];
    const before = ends.map(font);
    markPath(cy, hl);
    cy.getElementById(ends[0] ?? '').select();
    expect(ends.map(font)).toEqual(before);
  });

  it('clears with null, and fades nothing when the path is not drawn', () => {
    const cy = headless();
    patchCy(cy, toElements(expanded));
    markPath(cy, hl);
    expect(markPath(cy, null)).toEqual({ nodes: [], edges: [] });
    expect(cy.elements('.faded').length).toBe(0);
    expect(markPath(cy, { nodes: ['w:nowhere'], edges: ['e:nowhere'] })).toEqual({ nodes: [], edges: [] });
    expect(cy.elements('.faded').length).toBe(0);
  });
});

describe('canvas thresholds', () => {
  it('the app-platform graph is small', () => {
    expect(isBigGraph(expanded)).toBe(false);
    expect(tooBigToOpen(expanded)).toBe(false);
    expect(isHugeGraph(expanded)).toBe(false);
  });

  it('draws huge graphs with straight edges (no bezier bundle walks every edge of a hub), others with bezier edges', () => {
    const many = { ...expanded, edges: Array.from({ length: HUGE_EDGES + 1 }, (_, i) => ({ ...(expanded.edges[0] as GraphEdge), id: `e${i}` })) };
    expect(isHugeGraph(many)).toBe(true);
    const curve = (huge: boolean): unknown => {
      const cy = cytoscape({ headless: true, styleEnabled: true, style: graphStylesheet({ big: true, huge }), elements: toElements(expanded) });
      return cy.edges().not('.bundled, .routed').first().style('curve-style');
    };
    expect(curve(true)).toBe('straight');
    expect(curve(false)).toBe('bezier');
  });
});

describe('stylesheet', () => {
  it('draws a bundled path straight while it is hidden, and as any path once its bundle is open', () => {
    const curve = (classes: string, huge = false): unknown => {
      const cy = cytoscape({
        headless: true,
        styleEnabled: true,
        style: graphStylesheet({ big: true, huge }),
        elements: [
          { data: { id: 'a' } },
          { data: { id: 'b' } },
          { data: { id: 'e', source: 'a', target: 'b', bend: 20 }, classes },
        ],
      });
      return cy.getElementById('e').style('curve-style');
    };
    expect(curve('v-allowed bundled')).toBe('straight');
    expect(curve('v-allowed bundled routed')).toBe('straight');
    expect(curve('v-allowed bundled unbundled')).toBe('bezier');
    expect(curve('v-allowed bundled unbundled routed')).toBe('unbundled-bezier');
    expect(curve('v-allowed bundled unbundled', true)).toBe('straight');
    expect(curve('v-allowed routed')).toBe('unbundled-bezier');
  });

  it('labels edges that have a label, and any edge hovered, selected or lit, in the edge label font', () => {
    const cy = headless();
    patchCy(cy, toElements(expanded));
    const [a, b] = [expanded.nodes[0]?.id ?? '', expanded.nodes[1]?.id ?? ''];
    const plain = cy.add({ group: 'edges', data: { id: 'plain', source: a, target: b, label: '', longLabel: '443/TCP' }, classes: 'v-allowed policy-only' });
    const counted = cy.add({ group: 'edges', data: { id: 'counted', source: a, target: b, label: '×12', longLabel: '443/TCP ×12' }, classes: 'v-allowed observed' });
    const text = (e: typeof plain): [string, number] => [String(e.style('label')), Number(e.numericStyle('font-size'))];
    expect(text(plain)[0]).toBe('');
    expect(text(counted)).toEqual(['×12', EDGE_LABEL_FONT]);
    for (const mark of ['hover', 'hl']) {
      plain.addClass(mark);
      expect([mark, ...text(plain)]).toEqual([mark, '443/TCP', EDGE_LABEL_FONT]);
      plain.removeClass(mark);
    }
    plain.select();
    expect(text(plain)).toEqual(['443/TCP', EDGE_LABEL_FONT]);
  });

  it('dashes denied paths as the legend and the exports do (DASH), not with Cytoscape\'s 1-unit dots', () => {
    const cy = headless();
    patchCy(cy, toElements(expanded));
    for (const v of edgeVerdicts) {
      const e = cy.add({ group: 'edges', data: { id: `dash-${v}`, source: expanded.nodes[0]?.id ?? '', target: expanded.nodes[1]?.id ?? '' }, classes: `v-${v}` });
      const dash = DASH[VERDICT_STYLE[v].line];
      expect([v, e.style('line-style')]).toEqual([v, dash === null ? 'solid' : 'dashed']);
      if (dash !== null) expect([v, e.numericStyle('line-dash-pattern')]).toEqual([v, dash.split(' ').map(Number)]);
    }
  });
});

describe('bundles', () => {
  it('draws a bundle in a colour for each kind of path it holds: allowed, not known and denied in thirds', () => {
    const cy = headless();
    const bundle = (allowed: number, denied: number, notKnown: number): EdgeBundle => ({ id: 'b', source: 'a', target: 'z', members: [], verdicts: {}, allowed, denied, notKnown, flows: 0, bothWays: false });
    cy.add([{ data: { id: 'a' } }, { data: { id: 'z' } }]);
    const colours = (b: EdgeBundle): string[] => {
      cy.edges().remove();
      const e = cy.add({ data: { id: 'b', source: 'a', target: 'z', count: 3 }, classes: bundleClasses(b) });
      const ps = (n: string) => (e as unknown as { pstyle(n: string): { strValue?: string; value?: unknown } }).pstyle(n);
      const hex = (rgb: unknown): string => (Array.isArray(rgb) ? `#${rgb.map((c: number) => c.toString(16).padStart(2, '0')).join('')}` : String(rgb));
      const all = ps('line-fill').strValue === 'linear-gradient' ? ((ps('line-gradient-stop-colors').value as unknown[]) ?? []).map(hex) : [hex(ps('line-color').value)];
      return all.filter((c, i) => c !== all[i - 1]);
    };
    const [green, grey, red] = (['allowed', 'not-known', 'default-deny'] as const).map((v) => VERDICT_STYLE[v].color);
    // Grey and red alone before: the allowed path was out of the picture.
    expect(colours(bundle(1, 1, 1))).toEqual([green, grey, red]);
    expect(colours(bundle(1, 0, 1))).toEqual([green, grey]);
    expect(colours(bundle(0, 1, 1))).toEqual([grey, red]);
    expect(colours(bundle(1, 1, 0))).toEqual([green, red]);
  });

  it('draws parallel paths between two groups as one line until a path of it is selected, lit or the bundle is opened', () => {
    const cy = headless();
    patchCy(cy, toElements(expanded));
    const bundle = expanded.bundles?.find((b) => b.id === 'b:g:platform|g:t:acme');
    expect(bundle?.members.length).toBeGreaterThan(1);
    const [member = '', other = ''] = bundle?.members ?? [];
    const shown = (id: string): boolean => cy.getElementById(id).style('display') !== 'none';
    openBundles(cy, bundlesToOpen(cy, new Set(), null, []));
    expect([shown(bundle?.id ?? ''), shown(member), shown(other)]).toEqual([true, false, false]);
    // Selected (or lit by a query): the bundle opens, all its paths are drawn on their own.
    expect(openBundles(cy, bundlesToOpen(cy, new Set(), member, []))).toBe(true);
    expect([shown(bundle?.id ?? ''), shown(member), shown(other)]).toEqual([false, true, true]);
    openBundles(cy, bundlesToOpen(cy, new Set(), null, [other]));
    expect([shown(bundle?.id ?? ''), shown(member)]).toEqual([false, true]);
    // Opened by the user (double click), and closed again.
    openBundles(cy, bundlesToOpen(cy, new Set([bundle?.id ?? '']), null, []));
    expect(shown(member)).toBe(true);
    expect(openBundles(cy, bundlesToOpen(cy, new Set(), null, []))).toBe(true);
    expect([shown(bundle?.id ?? ''), shown(member)]).toEqual([true, false]);
    // Paths in no bundle are drawn as they were.
    const alone = expanded.edges.find((e) => !(expanded.bundles ?? []).some((b) => b.members.includes(e.id)));
    expect(alone && shown(alone.id)).toBe(true);
  });
});
