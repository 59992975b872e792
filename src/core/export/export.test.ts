import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../engine/compile.ts';
import { ingestTexts } from '../flows/ingest.ts';
import { buildGraph } from '../graph/buildGraph.ts';
import { graphInputsOf } from '../graph/graphInputs.ts';
import { findLeaks, otherTenantStrings } from '../graph/leaks.ts';
import { defaultViewState, viewReducer } from '../graph/viewState.ts';
import { loadInputs } from '../load/loadInputs.ts';
import { inputsDigest, shortDigest } from './digest.ts';
import { exportFileName, exportView } from './exportView.ts';
import { GRAPH_JSON_FORMAT } from './json.ts';
import type { ExportContext } from './meta.ts';
import { appPlatformDir } from '../../../test/paths.ts';

const dir = appPlatformDir;
const read = (f: string): string => readFileSync(path.join(dir, f), 'utf8');
const sha256 = async (b: Uint8Array): Promise<string> => createHash('sha256').update(b).digest('hex');

/** app-platform plus a workload whose name is markup (labels with HTML or script appear as text). */
const EVIL = '<script>alert(1)</script><img src=x onerror=alert(2)>';
const evilInventory = `apiVersion: v1
kind: Pod
metadata:
  name: evil
  namespace: acme-web
  labels: { app: "x" }
spec: { containers: [{ name: c, image: i }] }
`.replace('name: evil', `name: "${EVIL.replace(/"/g, '\\"')}"`);

const loaded = loadInputs([
  { name: 'policies.yaml', data: read('policies.yaml') },
  { name: 'inventory.yaml', data: read('inventory.yaml') },
  { name: 'evil.yaml', data: evilInventory },
]);
const inputs = graphInputsOf(compile(loaded.cluster), ingestTexts([{ name: 'flows.jsonl', text: read('flows.jsonl') }]));
const support = buildGraph(inputs, defaultViewState);
const lit = support.edges.find((e) => e.source === 'w:acme-jobs/Deployment/mailer' && e.target === 'o:world~25/TCP');
const ctx = (over: Partial<ExportContext> = {}): ExportContext => ({
  model: support,
  view: defaultViewState,
  clusterName: loaded.cluster.name,
  digest: 'ab'.repeat(32),
  time: null,
  highlight: lit ? { nodes: [lit.source, 'o:world'], edges: [lit.id] } : null,
  ...over,
});

/** Attribute names of every tag that start with "on" (quoted values skipped: they are data). */
function handlerAttributes(markup: string): string[] {
  const out: string[] = [];
  for (const tag of markup.match(/<[a-zA-Z][^>]*>/g) ?? []) {
    const bare = tag.replace(/"[^"]*"|'[^']*'/g, '""');
    for (const m of bare.matchAll(/\s(on[a-z]+)\s*=/gi)) out.push(m[1] as string);
  }
  return out;
}

/** Tags with an attribute written twice (an XML error: the browser refuses to draw such an SVG). */
function duplicateAttributes(markup: string): string[] {
  const out: string[] = [];
  for (const tag of markup.match(/<[a-zA-Z][^>]*>/g) ?? []) {
    const names = [...tag.replace(/"[^"]*"/g, '""').matchAll(/\s([a-zA-Z:-]+)=/g)].map((m) => m[1]);
    if (new Set(names).size !== names.length) out.push(tag);
  }
  return out;
}

describe('exports of a view', () => {
  it('the fixture has the markup workload and the SMTP carve-out edge', () => {
    expect(support.nodes.some((n) => n.label === EVIL)).toBe(true);
    expect(lit?.verdict).toBe('explicit-deny');
  });

  it('SVG: title, provenance, legend and the highlighted path, deterministic', () => {
    const a = exportView(ctx()).picture;
    const b = exportView(ctx()).picture;
    expect(a.svg).toBe(b.svg);
    expect(a.svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(a.svg).toContain(`Connectivity of cluster ${loaded.cluster.name}`);
    expect(a.svg).toContain('inputs sha256:abababababab');
    for (const label of ['Allowed', 'Denied by default', 'Denied by a deny rule', 'Highlighted path']) expect(a.svg).toContain(`>${label}</text>`);
    expect(a.svg).toContain(`class="edge v-explicit-deny highlighted"`);
    expect(a.svg).toContain('acme-jobs/mailer → internet 25/TCP: Denied by a deny rule on 25/TCP');
    expect(a.svg).not.toMatch(/NaN|Infinity|undefined/);
    expect(duplicateAttributes(a.svg)).toEqual([]);
    expect(a.width).toBeGreaterThan(500);
  });

  it('markup in names is text everywhere: escaped in SVG and HTML, plain in JSON', () => {
    const e = exportView(ctx());
    for (const out of [e.picture.svg, e.html(`explained: ${EVIL}`)]) {
      expect(out).not.toContain('<script');
      expect(out).not.toMatch(/<img/i);
      expect(handlerAttributes(out)).toEqual([]);
      expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
    expect(JSON.parse(e.json()).nodes.some((n: { label: string }) => n.label === EVIL)).toBe(true);
  });

  it('HTML report: self-contained, runs nothing, carries the explanation', () => {
    const html = exportView(ctx()).html('Verdict: DENIED at egress');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(`Content-Security-Policy" content="default-src 'none'`);
    // Every "<" of the input is escaped, so any tag is ours: none runs anything or loads anything.
    expect(html).not.toMatch(/<script|javascript:|<iframe|<object|<embed|<link|<img|https?:\/\/(?!www\.w3\.org)/i);
    expect(handlerAttributes(html)).toEqual([]);
    expect(html).toContain('<svg');
    expect(html).toContain('Verdict: DENIED at egress');
    expect(html).toContain('Highlighted path');
  });

  it('a picture with everything filtered out says so: no empty legend heading, a line saying why it is blank', () => {
    const view = viewReducer(defaultViewState, { type: 'set-filters', filters: { search: 'no-such-workload-anywhere' } });
    const model = buildGraph(inputs, view);
    expect(model.nodes.filter((n) => n.position !== null)).toEqual([]);
    const e = exportView(ctx({ model, view, highlight: null }));
    expect(e.text.legend).toEqual([]);
    const html = e.html(null);
    // An empty "Legend" heading explained nothing (defect of session 9).
    expect(html).not.toContain('>Legend<');
    expect(html).not.toContain('data-legend=');
    for (const out of [e.picture.svg, html]) expect(out).toContain('Nothing to draw: the filters hide every path.');
    // The PNG has no empty Legend text either.
    expect(e.pngText().map(([k]) => k)).not.toContain('Legend');
    // With something drawn, the legend and no such line.
    expect(exportView(ctx()).html(null)).toContain('>Legend<');
    expect(exportView(ctx()).picture.svg).not.toContain('Nothing to draw');
  });

  it('JSON: the graph model of what is shown, with title, legend and highlight', () => {
    const doc = JSON.parse(exportView(ctx()).json());
    expect(doc.format).toBe(GRAPH_JSON_FORMAT);
    expect(doc.title).toContain('Connectivity');
    expect(doc.legend.map((l: { key: string }) => l.key)).toContain('explicit-deny');
    expect(doc.highlight.edges).toEqual([lit?.id]);
    expect(doc.highlight.explanation[0]).toContain('Denied by a deny rule');
    expect(doc.nodes.length).toBe(support.nodes.length);
    expect(doc.generatedAt).toBeUndefined();
    expect(JSON.parse(exportView(ctx({ time: '2025-01-02T03:04:05Z' })).json()).generatedAt).toBe('2025-01-02T03:04:05Z');
  });

  it('exports respect filters and collapse state', () => {
    const view = viewReducer(viewReducer(defaultViewState, { type: 'set-filters', filters: { verdicts: ['explicit-deny'] } }), { type: 'toggle-collapsed', group: 'g:t:globex' });
    const model = buildGraph(inputs, view);
    const e = exportView(ctx({ model, view, highlight: null }));
    expect(e.text.subtitle.join('\n')).toContain('Filters: verdicts explicit-deny');
    // Named as the picture names the box (it said `Collapsed: globex`).
    expect(e.text.subtitle).toContain('Collapsed into one box: tenant globex (3 workloads)');
    expect(e.picture.svg).not.toContain('class="edge v-allowed');
    expect(duplicateAttributes(e.picture.svg)).toEqual([]);
    expect(JSON.parse(e.json()).edges.every((x: { verdict: string }) => x.verdict === 'explicit-deny')).toBe(true);
  });

  it('a path drawn to a collapsed group says which line it is and what the box is, in the picture’s words', () => {
    const view = viewReducer(defaultViewState, { type: 'collapse-all', groups: support.groups });
    const model = buildGraph(inputs, view);
    const one = model.edges.find((x) => x.source === 'g:t:acme' && x.target.startsWith('o:world~25'));
    const both = model.edges.find((x) => x.source === 'g:t:globex' && x.target === 'g:t:acme');
    expect(one && both).toBeTruthy();
    const caption = (e: NonNullable<typeof one>, ends: [string, string]): string =>
      exportView(ctx({ model, view, highlight: { nodes: [e.source, e.target], edges: [e.id], ends } })).text.caption.join('\n');
    // It said `drawn on acme (collapsed)`: neither the box's name on the picture nor what `collapsed` means.
    const a = caption(one as NonNullable<typeof one>, ['acme-jobs/mailer', '198.51.100.25']);
    // (acme holds 5 workloads here: the test's own `evil` pod.)
    expect(a).toContain("acme-jobs/mailer → internet 25/TCP: Denied by a deny rule on 25/TCP · 6 flows seen · drawn as the line tenant acme (5 workloads) → internet 25/TCP, one box for the tenant's workloads · decided by");
    expect(a).not.toContain('(collapsed)');
    const b = caption(both as NonNullable<typeof both>, ['globex-shop/storefront', 'acme-web/api']);
    expect(b).toContain('drawn as the line tenant globex (3 workloads) → tenant acme (5 workloads), each end one box for its workloads');
    const subtitle = exportView(ctx({ model, view, highlight: null })).text.subtitle;
    expect(subtitle).toContain('Collapsed, one box each: platform (4 workloads), tenant acme (5 workloads), tenant globex (3 workloads), tenant initech (3 workloads)');
  });

  it('customer view exports name nothing of the other tenants', () => {
    const view = viewReducer(defaultViewState, { type: 'set-customer-tenant', tenant: 'acme' });
    const model = buildGraph(inputs, view);
    const e = exportView(ctx({ model, view, highlight: null }));
    const forbidden = otherTenantStrings(loaded.cluster, 'tenant', 'acme');
    for (const out of [e.picture.svg, e.json(), e.html(null), e.pngText().map(([k, v]) => `${k}\n${v}`).join('\n')]) expect(findLeaks(out, forbidden)).toEqual([]);
    expect(e.text.title).toBe('Network paths of tenant acme');
    expect(e.picture.svg).toContain('>other tenants</text>');
    expect(duplicateAttributes(e.picture.svg)).toEqual([]);
    expect(exportFileName({ view, digest: 'ab'.repeat(32) }, 'svg')).toBe('netpol-viz-tenant-acme-abababab.svg');
  });
});

describe('input digest', () => {
  it('is SHA-256 over the sorted per-file digests (order and names do not matter)', async () => {
    const a = new TextEncoder().encode('a');
    const b = new TextEncoder().encode('b');
    const d1 = await inputsDigest([a, b], sha256);
    expect(await inputsDigest([b, a], sha256)).toBe(d1);
    const manual = createHash('sha256').update([await sha256(a), await sha256(b)].sort().map((h) => `${h}\n`).join('')).digest('hex');
    expect(d1).toBe(manual);
    expect(shortDigest(d1)).toHaveLength(12);
  });
});

describe('a picture read without the app says what it shows', () => {
  const flows = ingestTexts([{ name: 'flows.jsonl', text: read('flows.jsonl') }]).totals;

  it('names the Hubble flows it overlays: how many and their time range (UTC); or that none were loaded', () => {
    const e = exportView(ctx({ flows }));
    const subtitle = e.text.subtitle.join('\n');
    expect(subtitle).toContain('Hubble flows: 223 from 2026-11-20 09:00:00 to 09:01:54 UTC');
    expect(e.picture.svg).toContain('Hubble flows: 223 from 2026-11-20 09:00:00 to 09:01:54 UTC');
    expect(new Map(e.pngText()).get('Description')).toContain('2026-11-20 09:00:00 to 09:01:54 UTC');
    // The customer view gives the time range, not the cluster's flow count.
    const customer = exportView(ctx({ flows, view: { ...defaultViewState, customerTenant: 'acme' } })).text.subtitle.join('\n');
    expect(customer).toContain('Hubble flows from 2026-11-20 09:00:00 to 09:01:54 UTC');
    expect(customer).not.toContain('223');
    const none = exportView(ctx({ flows: null, model: buildGraph(graphInputsOf(compile(loaded.cluster), null), defaultViewState) }));
    expect(none.text.subtitle.join('\n')).toContain('No Hubble flows loaded: paths as the policies decide them');
  });

  it('its counts agree in number: one workload, one path', () => {
    const one = support.edges.find((e) => e.verdict === 'allowed');
    if (one === undefined) throw new Error('the fixture has an allowed path');
    const model = { ...support, edges: [one], counts: { ...support.counts, workloads: 1, edges: 1, mismatches: 1 } };
    const first = exportView(ctx({ model, highlight: null })).text.subtitle[0] ?? '';
    expect(first).toContain(' · 1 workload · 1 of 1 path shown (0 denied) · 1 disagrees with flows');
    const many = exportView(ctx({ highlight: null })).text.subtitle[0] ?? '';
    expect(many).toMatch(/ · \d+ workloads · \d+ of \d+ paths shown \(\d+ denied\)/);
  });

  it('its legend says what a faint line is when flows are overlaid', () => {
    const labels = (c: ExportContext): string[] => exportView(c).text.legend.map((l) => l.label);
    expect(labels(ctx({ flows, highlight: null }))).toContain('Allowed, no flow seen (faint)');
    expect(exportView(ctx({ flows, highlight: null })).picture.svg).toContain('data-legend="unseen"');
    // A lit path fades everything else alike: no line is faint for want of flows.
    expect(labels(ctx({ flows }))).not.toContain('Allowed, no flow seen (faint)');
    expect(labels(ctx({ flows: null }))).not.toContain('Allowed, no flow seen (faint)');
  });
});

describe('the legend of an exported picture lists only what it draws', () => {
  const keys = (c: ExportContext): string[] => exportView(c).text.legend.map((l) => l.key);
  const svgKeys = (c: ExportContext): string[] => [...exportView(c).picture.svg.matchAll(/data-legend="([^"]+)"/g)].map((m) => m[1] as string);

  it('an L7-filtered row only when an L7-filtered line is drawn; the same rows in the picture as in its text', () => {
    expect(support.edges.some((e) => e.verdict === 'l7-filtered')).toBe(true);
    expect(keys(ctx())).toContain('l7-filtered');
    expect(svgKeys(ctx())).toEqual(keys(ctx()));
    const view = viewReducer(defaultViewState, { type: 'set-filters', filters: { verdicts: ['explicit-deny', 'default-deny'] } });
    const deniedOnly = ctx({ model: buildGraph(inputs, view), view, highlight: null });
    expect(keys(deniedOnly)).not.toContain('l7-filtered');
    expect(keys(deniedOnly)).not.toContain('allowed');
    expect(keys(deniedOnly)).toContain('default-deny');
    expect(svgKeys(deniedOnly)).toEqual(keys(deniedOnly));
    expect(new Map(exportView(deniedOnly).pngText()).get('Legend')).not.toContain('L7-filtered');
  });

  it('the bundle row shows the bundles drawn: green and red only when a bundle holds both', () => {
    const sample = (c: ExportContext): string => /<g data-legend="bundle"[^>]*>(.*?)<text/.exec(exportView(c).picture.svg)?.[1] ?? '';
    const [green, red] = ['#2e7d32', '#d32f2f'];
    // Allowed paths only: every bundle drawn is green; its row showed a green/red line (the demo's notifier export too).
    const view = viewReducer(defaultViewState, { type: 'set-filters', filters: { verdicts: ['allowed'] } });
    const allowedOnly = ctx({ model: buildGraph(inputs, view), view, highlight: null });
    expect(keys(allowedOnly)).toContain('bundle');
    expect(sample(allowedOnly)).toContain(green);
    expect(sample(allowedOnly)).not.toContain(red);
    // With the platform <-> acme bundle of allowed and denied paths drawn: both colours.
    const collapsed = viewReducer(defaultViewState, { type: 'collapse-all', groups: support.groups });
    const mixed = ctx({ model: buildGraph(inputs, collapsed), view: collapsed, highlight: null });
    expect(sample(mixed)).toContain(green);
    expect(sample(mixed)).toContain(red);
  });

  it('flow, node and path rows follow the picture; the order and words stay the app legend’s', () => {
    const policyOnly = buildGraph(graphInputsOf(compile(loaded.cluster), null), defaultViewState);
    const none = keys(ctx({ model: policyOnly, flows: null, highlight: null }));
    expect(none).not.toContain('observed');
    expect(none).not.toContain('mismatch');
    expect(none).not.toContain('highlight');
    expect(keys(ctx())).toContain('highlight');
    // A path not drawn with this view lights nothing up: no row for it.
    expect(keys(ctx({ highlight: { nodes: ['nowhere', 'else'], edges: ['no-such-edge'] } }))).not.toContain('highlight');
    const all = exportView(ctx()).text.legend;
    expect(all.map((l) => l.label)).toEqual(
      ['Allowed', 'Allowed, L7-filtered', 'Not enforced (no policy)', 'Denied by default', 'Denied by a deny rule', 'Dropped: authentication always fails', 'Seen in flows (×count)', 'Allowed, no flow seen (faint)', 'Paths between two groups (count)', 'Flows disagree with policy (≠)', 'Carved-out ports or range', 'No policy selects it', 'No policy in one direction', 'Highlighted path'].filter((l) => all.some((x) => x.label === l)),
    );
  });
});
