import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appPlatformDir } from '../../../test/paths.ts';
import { loadInputs } from '../load/loadInputs.ts';
import { PLATFORM_GROUP, TENANTS_GROUP, tenantGroupId } from '../graph/grouping.ts';
import { defaultViewState, groupIds } from '../graph/viewState.ts';
import type { ViewState } from '../graph/types.ts';
import { buildSearchIndex, searchIndex, type SearchHit } from './searchIndex.ts';
import { OPEN_TENANTS_MAX, searchMarks, tenantsToOpen } from './searchMarks.ts';
import { compile } from '../engine/compile.ts';
import { ingestTexts } from '../flows/ingest.ts';
import { buildGraph } from '../graph/buildGraph.ts';
import { graphInputsOf } from '../graph/graphInputs.ts';

const files = ['policies.yaml', 'inventory.yaml'].map((n) => ({ name: n, data: readFileSync(path.join(appPlatformDir, n), 'utf8') }));
const cluster = loadInputs(files, {}).cluster;
const index = buildSearchIndex(cluster);
const hit = (q: string, kind: SearchHit['kind']): SearchHit => {
  const h = searchIndex(index, q).find((x) => x.kind === kind);
  if (!h) throw new Error(`no ${kind} hit for ${q}`);
  return h;
};
const groups = groupIds(cluster, 'tenant');
const at = (collapsed: readonly string[], customerTenant: string | null = null): ViewState => ({ ...defaultViewState, collapsed: [...collapsed].sort(), customerTenant });

describe('tenantsToOpen: a chosen search result opens the collapsed groups holding it', () => {
  it('a workload in a collapsed tenant (the tenant level a laptop opens at) opens that tenant only', () => {
    // Before: only the tenants' aggregate was opened; at the tenant level the collapsed tenant
    // was selected instead of the workload the user chose.
    expect(tenantsToOpen(hit('mailer', 'workload'), cluster, at(groups))).toEqual([tenantGroupId('acme')]);
  });

  it('a workload of the collapsed platform opens the platform', () => {
    const h = searchIndex(index, 'coredns').find((x) => x.kind === 'workload');
    expect(h).toBeDefined();
    expect(tenantsToOpen(h as SearchHit, cluster, at(groups))).toEqual([PLATFORM_GROUP]);
  });

  it('inside the tenants aggregate: its tenant opens, as before', () => {
    expect(tenantsToOpen(hit('mailer', 'workload'), cluster, at([...groups, TENANTS_GROUP]))).toEqual([tenantGroupId('acme')]);
  });

  it('nothing to open when its group is expanded', () => {
    expect(tenantsToOpen(hit('mailer', 'workload'), cluster, at(groups.filter((g) => g !== tenantGroupId('acme'))))).toEqual([]);
  });

  it('a result spread over more than OPEN_TENANTS_MAX groups opens none (the groups are lit instead)', () => {
    const every: SearchHit = { ...hit('mailer', 'workload'), workloads: cluster.workloads.map((w) => w.key) };
    expect(groups.length).toBeGreaterThan(OPEN_TENANTS_MAX);
    expect(tenantsToOpen(every, cluster, at(groups))).toEqual([]);
  });

  it('the customer view opens nothing', () => {
    expect(tenantsToOpen(hit('mailer', 'workload'), cluster, at([tenantGroupId('acme')], 'acme'))).toEqual([]);
  });
});

describe('searchMarks: what a chosen result lights', () => {
  const read = (f: string): string => readFileSync(path.join(appPlatformDir, f), 'utf8');
  const inputs = graphInputsOf(compile(cluster), ingestTexts([{ name: 'flows.jsonl', text: read('flows.jsonl') }]));
  const expanded = buildGraph(inputs, defaultViewState);

  it('a workload: its node and every drawn path from or to it, so its peers are lit with it', () => {
    const h = hit('mailer', 'workload');
    const id = 'w:acme-jobs/Deployment/mailer';
    const m = searchMarks(h, expanded, cluster, defaultViewState);
    const touching = expanded.edges.filter((e) => e.source === id || e.target === id).map((e) => e.id);
    expect(touching.length).toBeGreaterThan(1);
    expect(m.select).toBe(id);
    expect(m.nodes).toEqual([id]);
    // Before: no path was lit, and the peers faded with the rest of the graph.
    expect([...m.edges].sort()).toEqual(touching.sort());
  });

  it('an outside peer: every drawn path to it', () => {
    const world = expanded.nodes.find((n) => n.kind === 'fqdn');
    expect(world).toBeDefined();
    const id = (world as { id: string }).id;
    const h: SearchHit = { ...hit('mailer', 'workload'), workloads: [], nodes: [id], policy: null };
    const m = searchMarks(h, expanded, cluster, defaultViewState);
    expect(m.edges.length).toBeGreaterThan(0);
    for (const e of m.edges) expect(expanded.edges.find((x) => x.id === e)?.target).toBe(id);
  });

  it('a workload inside a collapsed tenant lights the tenant, no path (most are other workloads’)', () => {
    const view = at(groups);
    const collapsed = buildGraph(inputs, view);
    const m = searchMarks(hit('mailer', 'workload'), collapsed, cluster, view);
    expect(m.nodes).toEqual([tenantGroupId('acme')]);
    expect(m.edges).toEqual([]);
  });

  it('a policy: only the paths its rules decide', () => {
    const h = hit('mailer-smtp-relay', 'policy');
    const m = searchMarks(h, expanded, cluster, defaultViewState);
    expect(m.edges.length).toBeGreaterThan(0);
    for (const e of m.edges) expect(expanded.edges.find((x) => x.id === e)?.rules.some((r) => r.name === 'mailer-smtp-relay')).toBe(true);
  });
});
