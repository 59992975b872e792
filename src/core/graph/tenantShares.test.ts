import { describe, expect, it } from 'vitest';
import { exportView } from '../export/exportView.ts';
import { loadInputs } from '../load/loadInputs.ts';
import { generateCluster } from '../synth/cluster.ts';
import { compile } from '../engine/compile.ts';
import { connectivity } from '../engine/connectivity.ts';
import { connectivityInput } from './fromEngine.ts';
import { bundleLabel } from './bundle.ts';
import { buildGraph } from './buildGraph.ts';
import { tenantOfGroup, TENANTS_GROUP } from './grouping.ts';
import { sharePorts, shareCount, tenantsText } from './tenantShares.ts';
import { defaultViewState, groupIds } from './viewState.ts';

// 12 tenants, some of them with egress to the internet and FQDNs, the platform's DNS.
const synth = generateCluster({ seed: 5, tenants: 12, namespacesPerTenant: 1, workloads: 40, cnps: 14, format: 'json' });
const { cluster } = loadInputs(synth.files);
const compiled = compile(cluster);
const inputs = { cluster, connectivity: connectivityInput(connectivity(compiled, { includeDenied: true }), cluster, compiled.settings), flows: null };
const every = groupIds(cluster, defaultViewState.groupingLabel);
const tenants = every.filter((g) => tenantOfGroup(g) !== null);
const tenantLevel = buildGraph(inputs, { ...defaultViewState, collapsed: every });
const aggregate = buildGraph(inputs, { ...defaultViewState, collapsed: [...every, TENANTS_GROUP] });

describe('the tenants each line at the tenants as one node stands for', () => {
  it('are the tenants drawing that line one node each (same other end, same verdict)', () => {
    const atAggregate = aggregate.edges.filter((e) => e.source === TENANTS_GROUP || e.target === TENANTS_GROUP);
    expect(atAggregate.length).toBeGreaterThan(3);
    for (const e of atAggregate) {
      const out = e.source === TENANTS_GROUP;
      const other = out ? e.target : e.source;
      const drawnOneEach = tenantLevel.edges
        .filter((t) => t.verdict === e.verdict && (out ? t.target === other && tenants.includes(t.source) : t.source === other && tenants.includes(t.target)))
        .map((t) => (out ? t.source : t.target))
        .sort();
      expect(e.tenants?.ids, e.id).toEqual(drawnOneEach);
      expect(e.tenants?.of).toBe(tenants.length);
      expect(e.tenants?.text).toBe(tenantsText(shareCount(e.tenants)));
    }
    // Some line stands for a few of them only: 'every tenant' would be wrong there.
    expect(atAggregate.some((e) => (e.tenants?.ids.length ?? 0) < tenants.length)).toBe(true);
    // Lines elsewhere say nothing of tenants.
    expect(tenantLevel.edges.some((e) => e.tenants !== undefined)).toBe(false);
    expect(aggregate.edges.filter((e) => e.source !== TENANTS_GROUP && e.target !== TENANTS_GROUP).some((e) => e.tenants !== undefined)).toBe(false);
  });

  it('in words: how many of how many, all of them, or the one tenant by name', () => {
    expect(tenantsText({ count: 67, of: 120 })).toBe('67 of 120 tenants');
    expect(tenantsText({ count: 120, of: 120 })).toBe('all 120 tenants');
    expect(tenantsText({ count: 1, of: 1 })).toBe('all 1 tenant');
    expect(tenantsText({ count: 1200, of: 1500 })).toBe('1,200 of 1,500 tenants');
    expect(tenantsText(shareCount({ ids: ['g:t:acme-3'], of: 120 }))).toBe('tenant acme-3');
    expect(tenantsText(shareCount({ ids: ['g:t:a', 'g:t:b'], of: 120 }))).toBe('2 of 120 tenants');
    expect(tenantsText(undefined)).toBe('');
  });

  it("a bundle at the aggregate counts its paths' tenants once each, and says so first", () => {
    const bundles = (aggregate.bundles ?? []).filter((b) => b.source === TENANTS_GROUP || b.target === TENANTS_GROUP);
    expect(bundles.length).toBeGreaterThan(0);
    for (const b of bundles) {
      const ids = new Set(aggregate.edges.filter((e) => b.members.includes(e.id)).flatMap((e) => e.tenants?.ids ?? []));
      expect(b.tenants).toEqual({ count: ids.size, of: tenants.length, text: tenantsText({ count: ids.size, of: tenants.length }) });
      expect(bundleLabel(b)).toMatch(new RegExp(`^${tenantsText(b.tenants)} · ${b.members.length} paths`));
    }
  });

  it('the exported picture says it on the lines that have room, and lists every line in words', () => {
    const text = exportView({ model: aggregate, view: { ...defaultViewState, collapsed: [...every, TENANTS_GROUP] }, clusterName: cluster.name, digest: null, time: null, highlight: null });
    const svg = text.picture.svg.replace(/&amp;/g, '&');
    const labels = [...svg.matchAll(/<g class="edge-label">.*?>([^<]*)<\/text>/g)].map((m) => m[1] ?? '');
    const bundles = (aggregate.bundles ?? []).filter((b) => b.tenants !== undefined);
    const atAggregate = new Set([...aggregate.edges.filter((e) => e.tenants !== undefined).map((e) => tenantsText(shareCount(e.tenants))), ...bundles.map((b) => bundleLabel(b))]);
    // Every label drawn at the aggregate says whose lines it is: none is a bare '2 paths'.
    expect(labels.filter((l) => / paths/.test(l) && !atAggregate.has(l))).toEqual([]);
    expect(labels.filter((l) => atAggregate.has(l)).length).toBeGreaterThan(1);
    // Each label inside the picture, measured as drawn (bold).
    const width = Number(/^<svg[^>]* width="([\d.]+)"/.exec(svg)?.[1]);
    for (const m of svg.matchAll(/<g class="edge-label"><rect x="([-\d.]+)" y="[-\d.]+" width="([\d.]+)"/g)) {
      expect(Number(m[1])).toBeGreaterThanOrEqual(0);
      expect(Number(m[1]) + Number(m[2])).toBeLessThanOrEqual(width);
    }
    // The subtitle lists each of its lines: who, where, ports, verdict.
    for (const e of aggregate.edges.filter((x) => x.tenants !== undefined)) {
      const share = tenantsText(shareCount(e.tenants));
      const words = e.source === TENANTS_GROUP ? `${share} → ` : ` → ${share} ${e.portsText}: `;
      expect(text.text.subtitle.some((l) => l.startsWith('- ') && l.includes(words) && l.includes(e.portsText)), `${e.id} ${words}`).toBe(true);
    }
    // A carved-out range's node already names its ports ('internet 25/TCP'): said once, not twice.
    const carveOut = aggregate.nodes.find((n) => n.kind === 'carve-out');
    expect(carveOut, 'the cluster has a carved-out range at the aggregate').toBeDefined();
    const line = text.text.subtitle.find((l) => l.startsWith('- ') && l.includes(`→ ${carveOut?.label ?? '?'}`));
    expect(line).toMatch(/→ internet 25\/TCP: Denied/);
  });

  it('each line says its ports after its share (not a carve-out, whose name says them), and the exported picture draws every such label', () => {
    const lines = aggregate.edges.filter((e) => e.tenants !== undefined);
    const carved = new Set(aggregate.nodes.filter((n) => n.kind === 'carve-out').map((n) => n.id));
    for (const e of lines) expect(e.tenants?.ports, e.id).toBe(carved.has(e.source) || carved.has(e.target) ? '' : sharePorts(e.portsText));
    expect(lines.filter((e) => (e.tenants?.ports ?? '') !== '').length).toBeGreaterThan(2);
    const text = exportView({ model: aggregate, view: { ...defaultViewState, collapsed: [...every, TENANTS_GROUP] }, clusterName: cluster.name, digest: null, time: null, highlight: null });
    const labels = [...text.picture.svg.replace(/&amp;/g, '&').matchAll(/<g class="edge-label">.*?>([^<]*)<\/text>/g)].map((m) => m[1] ?? '');
    const bundled = new Set((aggregate.bundles ?? []).flatMap((b) => b.members));
    // Before, '4 of 12 tenants' alone: which port, a reader of the picture could not tell.
    const expected = lines.filter((e) => !bundled.has(e.id)).map((e) => [e.tenants?.text, e.tenants?.ports].filter((t) => t !== '' && t !== undefined).join(' · '));
    expect(expected.filter((l) => !labels.includes(l))).toEqual([]);
    // Peers left of the groups (layout.ts hubLayout) have their names on their left, ending before the node.
    const left = aggregate.nodes.filter((n) => n.nameLeft);
    expect(left.length).toBeGreaterThan(0);
    for (const n of left) {
      const g = new RegExp(`data-id="${n.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}">.*?<text x="([-\\d.]+)"[^>]* text-anchor="end"`).exec(text.picture.svg);
      expect(g, n.id).not.toBeNull();
    }
  });

  it('long port lists are cut at a comma', () => {
    expect(sharePorts('443/TCP')).toBe('443/TCP');
    expect(sharePorts('5432,5672,6379,8080,9000,9090,9200/TCP, 40000/UDP')).toBe('5432,5672,6379,8080,…');
    expect(sharePorts('30000-30999/TCP, 40000-40100/UDP')).toBe('30000-30999/TCP,…');
  });
});
