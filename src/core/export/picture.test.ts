/**
 * The exported picture follows the canvas's rules: the highlighted path stands out and the rest
 * fades, its ports are written on it, edge labels never sit on names, the caption gives verdict
 * and port even for a path the view does not draw, and the HTML report has one title.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../engine/compile.ts';
import { ingestTexts } from '../flows/ingest.ts';
import { buildGraph } from '../graph/buildGraph.ts';
import { boxesOverlap, type Box } from '../graph/boxIndex.ts';
import { graphInputsOf } from '../graph/graphInputs.ts';
import { defaultViewState, viewReducer } from '../graph/viewState.ts';
import { loadInputs } from '../load/loadInputs.ts';
import { exportView } from './exportView.ts';
import type { ExportContext } from './meta.ts';
import { esc, textWidth } from './xml.ts';
import { MUTED } from './style.ts';
import { appPlatformFile } from '../../../test/paths.ts';

// The built-in demo (in the repository): 14 workloads, flows, denied paths.
const demo = (name: string): string => readFileSync(new URL(`../../demo/${name}`, import.meta.url), 'utf8');
const { cluster } = loadInputs([
  { name: 'inventory.yaml', data: demo('inventory.yaml') },
  { name: 'policies.yaml', data: demo('policies.yaml') },
]);
const model = buildGraph(graphInputsOf(compile(cluster), ingestTexts([{ name: 'flows.jsonl', text: demo('flows.jsonl') }])), defaultViewState);
const lit = model.edges.find((e) => e.observed !== null && e.source.startsWith('w:') && e.target.startsWith('w:'));
const ctx = (over: Partial<ExportContext> = {}): ExportContext => ({ model, view: defaultViewState, clusterName: cluster.name, digest: null, time: null, highlight: null, ...over });

/** `<text x y font-size …>words</text>` elements of an SVG. */
function texts(svg: string): { x: number; y: number; size: number; anchor: string; bold: boolean; text: string }[] {
  return [...svg.matchAll(/<text x="([-\d.]+)" y="([-\d.]+)" font-size="([\d.]+)"([^>]*)>([^<]*)<\/text>/g)].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
    size: Number(m[3]),
    anchor: /text-anchor="middle"/.test(m[4] ?? '') ? 'middle' : 'start',
    bold: /font-weight="bold"/.test(m[4] ?? ''),
    text: (m[5] ?? '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'),
  }));
}

function box(t: ReturnType<typeof texts>[number]): Box {
  const w = textWidth(t.text, t.size);
  const x1 = t.anchor === 'middle' ? t.x - w / 2 : t.x;
  return { x1, y1: t.y - t.size, x2: x1 + w, y2: t.y + 3 };
}

describe('exported picture', () => {
  it('a collapsed tenant whose bold name is wider than its node is written on two lines, not run over the border', () => {
    const view = viewReducer(defaultViewState, { type: 'collapse-all', groups: model.groups });
    const svg = exportView(ctx({ model: buildGraph(graphInputsOf(compile(cluster), ingestTexts([{ name: 'flows.jsonl', text: demo('flows.jsonl') }])), view), view })).picture.svg;
    const node = (id: string): string[] => texts(/<g class="node k-group[^"]*" data-id="([^"]+)"[^>]*>(.*?)<\/g>/g.exec(svg.slice(svg.indexOf(`data-id="${id}"`) - 40))?.[2] ?? '').map((t) => t.text);
    // 'tenant northwind' (bold 16 px) ran 160 px wide over a 150 px node's border, its last letter cut.
    expect(node('g:t:northwind')).toEqual(['tenant', 'northwind', '4 workloads']);
    expect(node('g:t:contoso')).toEqual(['tenant contoso', '3 workloads']);
  });


  it('fades everything but the highlighted path and writes its ports on it', () => {
    expect(lit).toBeDefined();
    const svg = exportView(ctx({ highlight: { nodes: [lit?.source ?? '', lit?.target ?? ''], edges: [lit?.id ?? ''] } })).picture.svg;
    const edges = [...svg.matchAll(/<g class="edge ([^"]*)" data-id="([^"]*)" opacity="([\d.]+)"/g)];
    // Bundles draw their paths as one line, except the one holding the highlighted path.
    const closed = (model.bundles ?? []).filter((b) => !b.members.includes(lit?.id ?? ''));
    expect(closed.length).toBeGreaterThan(0);
    expect(edges.length).toBe(model.edges.length - closed.reduce((n, b) => n + b.members.length, 0) + closed.length);
    for (const b of closed) expect(edges.some(([, cls, id]) => id === b.id && cls?.startsWith('bundle'))).toBe(true);
    for (const [, cls, , opacity] of edges) {
      if (cls?.includes('highlighted')) expect(Number(opacity)).toBe(1);
      else expect(Number(opacity)).toBeLessThanOrEqual(0.2);
    }
    expect(texts(svg).some((t) => t.text.startsWith(lit?.portsText ?? '?'))).toBe(true);
    // Nodes off the path fade too; the path's ends do not.
    expect(svg).toMatch(new RegExp(`class="node k-workload highlighted" data-id="${lit?.source ?? ''}"`));
    expect(svg).toMatch(/class="node k-workload faded" data-id="[^"]*"><g opacity="0.3">/);
    // Their names stay readable: grey at full opacity, not faded with the shape (they were INK at 0.3, about 1.9:1 on white).
    const faded = svg
      .split('<g class="node ')
      .filter((c) => /^[^"]* faded"/.test(c))
      .map((c) => c.slice(0, c.indexOf('</text></g>') + 7));
    expect(faded.length).toBeGreaterThan(3);
    for (const node of faded) {
      const id = /data-id="([^"]*)"/.exec(node)?.[1];
      expect(node, id).toMatch(/^[^>]*data-id="[^"]*">/);
      const names = [...node.matchAll(/<text[^>]* fill="([^"]+)"/g)].map((t) => t[1]);
      expect(names.length, id).toBeGreaterThan(0);
      expect(new Set(names), id).toEqual(new Set([MUTED]));
    }
  });

  it.each([[[]], [model.groups], [['g:platform']]])('never puts an edge label on a name (collapsed %j)', (collapsed) => {
    const m = buildGraph(graphInputsOf(compile(cluster), ingestTexts([{ name: 'flows.jsonl', text: demo('flows.jsonl') }])), { ...defaultViewState, collapsed });
    const svg = exportView(ctx({ model: m, view: { ...defaultViewState, collapsed } })).picture.svg;
    const all = texts(svg);
    const edgeLabels = all.filter((t) => t.size === 13 && t.bold && t.anchor === 'middle');
    const names = all.filter((t) => t.size === 15 || t.size === 16);
    expect(edgeLabels.length).toBeGreaterThan(0);
    expect(names.length).toBeGreaterThan(4);
    const hits = edgeLabels.flatMap((e) => names.filter((n) => boxesOverlap(box(e), box(n))).map((n) => `${e.text} on ${n.text}`));
    expect(hits).toEqual([]);
  });

  it('every edge label is written on a white box, as on the canvas: no line drawn under it runs through its words ("9 paths ·|×3")', () => {
    for (const view of [defaultViewState, viewReducer(defaultViewState, { type: 'collapse-all', groups: model.groups })]) {
      const svg = exportView(ctx({ model: buildGraph(graphInputsOf(compile(cluster), ingestTexts([{ name: 'flows.jsonl', text: demo('flows.jsonl') }])), view), view })).picture.svg;
      const labels = [...svg.matchAll(/<g class="edge-label">(.*?)<\/g>/g)].map((m) => m[1] ?? '');
      // The edge labels are the bold 13-unit middle-anchored texts: every one is in such a group.
      const bold = texts(svg).filter((t) => t.bold && t.anchor === 'middle' && t.size === 13);
      expect(bold.length).toBeGreaterThan(3);
      expect(labels.length).toBe(bold.length);
      for (const g of labels) {
        const r = /<rect x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)" height="([\d.]+)"[^>]*fill="#ffffff" fill-opacity="([\d.]+)"/.exec(g);
        const [t] = texts(g);
        expect(r && t, g).toBeTruthy();
        if (!r || !t) continue;
        const [x, y, w, h, o] = r.slice(1, 6).map(Number) as [number, number, number, number, number];
        const half = textWidth(t.text, t.size * 1.1) / 2;
        expect(o).toBeGreaterThanOrEqual(0.85);
        // Covers the words: from left of the first letter to right of the last, cap height to below the baseline.
        expect(x, t.text).toBeLessThanOrEqual(t.x - half);
        expect(x + w, t.text).toBeGreaterThanOrEqual(t.x + half);
        expect(y, t.text).toBeLessThanOrEqual(t.y - t.size);
        expect(y + h, t.text).toBeGreaterThanOrEqual(t.y + 3);
      }
    }
  });

  it('a path the view does not draw still gets its verdict and port in the caption', () => {
    const e = exportView(ctx({ highlight: { nodes: [], edges: [], verdict: 'denied', ends: ['contoso-shop/shop', 'fabrikam-wiki/postgres'], port: '5432/TCP' } }));
    expect(e.text.caption).toEqual(['contoso-shop/shop → fabrikam-wiki/postgres: denied on 5432/TCP · not drawn with this view and filters']);
    expect(e.picture.svg).toContain('denied on 5432/TCP');
    // A customer's export names only what its graph names.
    const customer = exportView(ctx({ view: { ...defaultViewState, customerTenant: 'contoso' }, highlight: { nodes: [], edges: [], verdict: 'denied', ends: ['contoso-shop/shop', 'fabrikam-wiki/postgres'], port: '5432/TCP' } }));
    expect(customer.text.caption.join('\n')).not.toContain('fabrikam');
    expect(customer.text.caption.join('\n')).toContain('denied on 5432/TCP');
  });

  it('the HTML report has its title once', () => {
    const e = exportView(ctx());
    const html = e.html(null);
    const body = html.slice(html.indexOf('<body>'));
    expect(body.split(e.text.title).length - 1).toBe(2); // the page's <h1> and the picture's accessible <title>
    expect(body.match(/<h1>/g)).toHaveLength(1);
    expect(body).not.toContain('class="title"');
    expect(body).not.toContain('class="subtitle"');
    // The stand-alone picture keeps its title.
    expect(e.picture.svg).toContain('class="title"');
  });

  it('the HTML report has its legend and the highlighted path once: the picture’s, each legend row with the line it stands for', () => {
    const lit = model.edges.find((x) => x.verdict === 'default-deny');
    const e = exportView(ctx({ highlight: { nodes: [lit?.source ?? '', lit?.target ?? ''], edges: [lit?.id ?? ''] } }));
    expect(e.text.legend.length).toBeGreaterThan(2);
    expect(e.text.caption.length).toBeGreaterThan(0);
    const body = e.html(null).slice(e.html(null).indexOf('<body>'));
    // It listed the legend's words again under the picture (without their lines), and the path's lines.
    expect(body.match(/>Legend</g)).toHaveLength(1);
    expect(body.match(/class="caption"/g)).toHaveLength(1);
    for (const l of e.text.caption) expect(body.split(esc(l)).length - 1, l).toBe(1);
    // (`Highlighted path` is the caption's heading too.)
    for (const l of e.text.legend) expect(body.split(`>${l.label}<`).length - 1, l.label).toBe(l.key === 'highlight' ? 2 : 1);
    expect([...body.matchAll(/data-legend="([^"]+)"/g)].map((m) => m[1])).toEqual(e.text.legend.map((l) => l.key));
    expect(body).not.toContain('<ul');
  });

  it('a bundle of allowed and denied paths keeps its label off its green/red turn: beside the middle, or over it with the turn moved beside the label', () => {
    const collapsed = buildGraph(graphInputsOf(compile(cluster), ingestTexts([{ name: 'flows.jsonl', text: demo('flows.jsonl') }])), { ...defaultViewState, collapsed: model.groups });
    // app-platform with every group collapsed: platform and acme stacked, their bundle's label has room only over its middle (it was left out).
    const ap = loadInputs(['inventory.yaml', 'policies.yaml'].map((name) => ({ name, data: readFileSync(appPlatformFile(name), 'utf8') }))).cluster;
    const apInputs = graphInputsOf(compile(ap), ingestTexts([{ name: 'flows.jsonl', text: readFileSync(appPlatformFile('flows.jsonl'), 'utf8') }]));
    const apCollapsed = buildGraph(apInputs, { ...defaultViewState, collapsed: buildGraph(apInputs, defaultViewState).groups });
    let checked = 0;
    let moved = 0;
    for (const m of [model, collapsed, apCollapsed]) {
      const view = m === model ? defaultViewState : { ...defaultViewState, collapsed: m.groups };
      const svg = exportView({ ...ctx(), model: m, view }).picture.svg;
      for (const b of (m.bundles ?? []).filter((x) => x.denied > 0 && x.allowed > 0)) {
        const g = new RegExp(`data-id="${b.id.replace(/[|.]/g, (c) => `\\${c}`)}"[^>]*><path d="M([-\\d.]+) ([-\\d.]+) (?:L|Q([-\\d.]+) ([-\\d.]+)) ?([-\\d.]+) ([-\\d.]+)" fill="none" stroke="url\\(#([\\w-]+)\\)"`).exec(svg);
        expect(g, b.id).not.toBeNull();
        const [x0, y0, cx, cy, x1, y1] = (g as RegExpExecArray).slice(1, 7).map((v) => (v === undefined ? NaN : Number(v))) as number[];
        const grad = new RegExp(`<linearGradient id="${(g as RegExpExecArray)[7]}" gradientUnits="userSpaceOnUse" x1="([-\\d.]+)" y1="([-\\d.]+)" x2="([-\\d.]+)" y2="([-\\d.]+)"><stop offset="([\\d.]+)"`).exec(svg);
        expect(grad, b.id).not.toBeNull();
        const [ax, ay, bx, by, offset] = (grad as RegExpExecArray).slice(1, 6).map(Number) as number[];
        if (offset !== 0.5) moved++;
        // The turn: the point of the line (to its arrow's tip, where the gradient's axis ends) where that axis passes `offset`.
        const ctrl = Number.isNaN(cx as number) ? { x: ((x0 as number) + (bx as number)) / 2, y: ((y0 as number) + (by as number)) / 2 } : { x: cx as number, y: cy as number };
        expect(Number.isFinite(x1) && Number.isFinite(y1)).toBe(true);
        const on = (u: number) => ({ x: (1 - u) ** 2 * (x0 as number) + 2 * u * (1 - u) * ctrl.x + u * u * (bx as number), y: (1 - u) ** 2 * (y0 as number) + 2 * u * (1 - u) * ctrl.y + u * u * (by as number) });
        const frac = (q: { x: number; y: number }) => ((q.x - (ax as number)) * ((bx as number) - (ax as number)) + (q.y - (ay as number)) * ((by as number) - (ay as number))) / (((bx as number) - (ax as number)) ** 2 + ((by as number) - (ay as number)) ** 2);
        const turn = on(Array.from({ length: 201 }, (_, i) => i / 200).reduce((best, u) => (Math.abs(frac(on(u)) - (offset as number)) < Math.abs(frac(on(best)) - (offset as number)) ? u : best), 0.5));
        const label = texts(svg).find((t) => t.text.startsWith(`${b.members.length} paths · ${b.denied} denied`));
        expect(label, `${b.id}: labelled`).toBeDefined();
        const l = box(label as NonNullable<typeof label>);
        const covers = turn.x > l.x1 && turn.x < l.x2 && turn.y > l.y1 && turn.y < l.y2;
        expect(covers, `${b.id}: label over the turn`).toBe(false);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(3);
    expect(moved).toBeGreaterThan(0);
  });

  it('an outside node\'s whole name is written: the excepted ranges say what they were excepted from (it was cut after 3 lines: "(excepted…")', () => {
    const svg = exportView(ctx()).picture.svg;
    const node = model.nodes.find((n) => n.id === 'o:world~except');
    expect(node?.label).toMatch(/\(excepted from internet\)$/);
    const words = texts(svg).map((t) => t.text).join(' ') + ' ' + [...svg.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((m) => m[1]).join(' ');
    expect(words).toContain('192.168.0.0/16');
    expect(words).toMatch(/internet\)/);
  });
});
