import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compile } from '../engine/compile.ts';
import { connectivity } from '../engine/connectivity.ts';
import { buildGraph } from '../graph/buildGraph.ts';
import { connectivityInput } from '../graph/fromEngine.ts';
import { defaultViewState } from '../graph/viewState.ts';
import type { ViewState } from '../graph/types.ts';
import { lint } from '../lint/lint.ts';
import { loadInputs } from '../load/loadInputs.ts';
import { findingMarks, findingsByPolicy, policySubjects } from './targets.ts';
import { appPlatformDir } from '../../../test/paths.ts';

const read = (name: string) => ({ name, data: readFileSync(path.join(appPlatformDir, name), 'utf8') });
const cluster = loadInputs([read('policies.yaml'), read('inventory.yaml')]).cluster;
const model = compile(cluster);
const findings = lint(cluster, model);
const graphFor = (view: ViewState) => buildGraph({ cluster, connectivity: connectivityInput(connectivity(model, { includeDenied: true }), cluster, model.settings), flows: null }, view);
const widened = findings.find((f) => f.code === 'widened-by-other-policy' && f.policy.name === 'db-only-from-blog')!;

describe('finding targets', () => {
  it('groups findings by policy key', () => {
    const by = findingsByPolicy(findings);
    expect(by.get('CiliumNetworkPolicy/initech-blog/db-only-from-blog' as never)).toContain(widened);
    expect([...by.values()].flat()).toHaveLength(findings.length);
  });

  it('policy subjects are the workloads its rules select', () => {
    const s = policySubjects(model);
    expect([...(s.get('CiliumNetworkPolicy/initech-blog/db-only-from-blog' as never) ?? [])]).toEqual(['initech-blog/Deployment/db']);
    expect(s.get('CiliumClusterwideNetworkPolicy//tenant-egress-baseline' as never)?.size).toBe(10);
  });

  it('the widened finding lights up the db and the paths into it that same-tenant allows', () => {
    const graph = graphFor(defaultViewState);
    const m = findingMarks(widened, graph, cluster, defaultViewState, policySubjects(model));
    expect(m.nodes).toEqual(['w:initech-blog/Deployment/db']);
    expect(m.edges.length).toBeGreaterThan(0);
    const edges = graph.edges.filter((e) => m.edges.includes(e.id));
    expect(edges.every((e) => e.source === 'w:initech-blog/Deployment/db' || e.target === 'w:initech-blog/Deployment/db')).toBe(true);
    expect(edges.some((e) => e.source === 'w:initech-admin/Deployment/admin-panel' && e.rules.some((r) => r.name === 'same-tenant'))).toBe(true);
  });

  it('with the tenant collapsed, its group stands for the workload', () => {
    const view: ViewState = { ...defaultViewState, collapsed: ['g:t:initech'] };
    const graph = graphFor(view);
    expect(graph.nodes.some((n) => n.id === 'g:t:initech')).toBe(true);
    expect(findingMarks(widened, graph, cluster, view, policySubjects(model)).nodes).toEqual(['g:t:initech']);
  });
});
