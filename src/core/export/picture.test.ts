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
import { defaultViewState } from '../graph/viewState.ts';
import { loadInputs } from '../load/loadInputs.ts';
import { exportView } from './exportView.ts';
import type { ExportContext } from './meta.ts';
import { textWidth } from './xml.ts';

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
    expect(svg).toMatch(/class="node k-workload faded" data-id="[^"]*" opacity="0.3"/);
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

  it('a bundle of allowed and denied paths keeps its label off its green/red split (the middle of its line)', () => {
    const collapsed = buildGraph(graphInputsOf(compile(cluster), ingestTexts([{ name: 'flows.jsonl', text: demo('flows.jsonl') }])), { ...defaultViewState, collapsed: model.groups });
    let checked = 0;
    for (const m of [model, collapsed]) {
      const svg = exportView({ ...ctx(), model: m, view: m === model ? defaultViewState : { ...defaultViewState, collapsed: m.groups } }).picture.svg;
      for (const b of (m.bundles ?? []).filter((x) => x.denied > 0 && x.allowed > 0)) {
        const d = new RegExp(`data-id="${b.id.replace(/[|.]/g, (c) => `\\${c}`)}"[^>]*><path d="M([-\\d.]+) ([-\\d.]+) (?:L|Q([-\\d.]+) ([-\\d.]+)) ?([-\\d.]+) ([-\\d.]+)"`).exec(svg);
        expect(d, b.id).not.toBeNull();
        const [x0, y0, cx, cy, x1, y1] = (d as RegExpExecArray).slice(1).map((v) => (v === undefined ? NaN : Number(v)));
        const straight = Number.isNaN(cx as number);
        const mid = straight ? { x: ((x0 as number) + (x1 as number)) / 2, y: ((y0 as number) + (y1 as number)) / 2 } : { x: 0.25 * (x0 as number) + 0.5 * (cx as number) + 0.25 * (x1 as number), y: 0.25 * (y0 as number) + 0.5 * (cy as number) + 0.25 * (y1 as number) };
        const label = texts(svg).find((t) => t.text.startsWith(`${b.members.length} paths · ${b.denied} denied`));
        expect(label, b.id).toBeDefined();
        const l = label as NonNullable<typeof label>;
        const half = textWidth(l.text, l.size) / 2;
        const covers = mid.x > l.x - half && mid.x < l.x + half && mid.y > l.y - l.size && mid.y < l.y + 4;
        expect(covers, `${b.id}: label over the split`).toBe(false);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
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
