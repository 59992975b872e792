import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compile } from '../../core/engine/compile.ts';
import { ingestTexts } from '../../core/flows/ingest.ts';
import { buildGraph } from '../../core/graph/buildGraph.ts';
import { graphInputsOf } from '../../core/graph/graphInputs.ts';
import { defaultViewState } from '../../core/graph/viewState.ts';
import { loadInputs } from '../../core/load/loadInputs.ts';
import { pathRows, pathsCaption } from './pathRows.ts';
import { appPlatformDir } from '../../../test/paths.ts';

const dir = appPlatformDir;
const read = (f: string): string => readFileSync(path.join(dir, f), 'utf8');
const cluster = loadInputs([
  { name: 'policies.yaml', data: read('policies.yaml') },
  { name: 'inventory.yaml', data: read('inventory.yaml') },
]).cluster;
const inputs = graphInputsOf(compile(cluster), ingestTexts([{ name: 'flows.jsonl', text: read('flows.jsonl') }]));

describe('pathRows: the graph as text', () => {
  const graph = buildGraph(inputs, defaultViewState);
  const rows = pathRows(graph);

  it('has one row per drawn path, in the same order, with the verdict in words', () => {
    expect(rows.map((r) => r.id)).toEqual(graph.edges.map((e) => e.id));
    const smtp = rows.find((r) => r.id === 'e:w:acme-jobs/Deployment/mailer|o:world~25/TCP|explicit-deny');
    expect(smtp).toMatchObject({ from: 'acme-jobs/mailer', verdict: 'explicit-deny', verdictText: 'Denied by a deny rule', ports: '25/TCP' });
    expect(rows.every((r) => r.from !== '(not shown)' && r.to !== '(not shown)')).toBe(true);
  });

  it('counts observed flows and says when they disagree with policy', () => {
    expect(rows.some((r) => r.flows !== null && r.flows > 0)).toBe(true);
    const mismatched = graph.edges.filter((e) => e.mismatch !== null).length;
    expect(rows.filter((r) => r.mismatch !== null)).toHaveLength(mismatched);
  });

  it('follows the view: a collapsed tenant is one row end, named as the graph names it (tenant, workload count)', () => {
    const collapsed = buildGraph(inputs, { ...defaultViewState, collapsed: ['g:t:globex'] });
    const r = pathRows(collapsed);
    expect(r.length).toBe(collapsed.edges.length);
    expect(r.some((x) => x.from === 'tenant globex (3 workloads)' || x.to === 'tenant globex (3 workloads)')).toBe(true);
    expect(r.some((x) => x.from.startsWith('globex-shop/') || x.to.startsWith('globex-shop/'))).toBe(false);
  });

  it('names the collapsed platform as the graph does, never as a tenant (the customer view read "tenant platform (collapsed)", then "platform (collapsed)")', () => {
    const r = pathRows(buildGraph(inputs, { ...defaultViewState, collapsed: ['g:platform'] }));
    const ends = r.flatMap((x) => [x.from, x.to]);
    expect(ends).toContain('platform (4 workloads)');
    expect(ends.filter((e) => /tenant platform|collapsed/.test(e))).toEqual([]);
  });

  it('names the tenants drawn as one node as the graph does (read "3 tenants (as one node)")', () => {
    const g = buildGraph(inputs, { ...defaultViewState, collapsed: [...graph.groups, 'g:tenants'] });
    const ends = pathRows(g).flatMap((x) => [x.from, x.to]);
    expect(ends).toContain('3 tenants (10 workloads)');
    expect(ends).toContain('platform (4 workloads)');
  });
});

describe('pathsCaption', () => {
  it('agrees in number: one path (read "1 paths")', () => {
    expect(pathsCaption(1, 0)).toBe('Paths with verdicts: 1 path, 0 denied');
    expect(pathsCaption(1520, 12)).toBe('Paths with verdicts: 1,520 paths, 12 denied');
  });
});
