import { describe, expect, it } from 'vitest';
import { workloadKey, type Cluster, type Namespace, type Workload } from '../../core/model/cluster.ts';
import { noFilters } from '../../core/graph/filter.ts';
import type { LoadedData } from '../../workers/protocol.ts';
import { appReducer, appStateFromUrl, initialAppState, selectedWorkload, viewForCluster, workloadSelection } from './appState.ts';
import { readUrlViewState } from './urlState.ts';

const ns = (name: string, tenant?: string): Namespace => ({ name, labels: tenant ? { tenant } : {}, annotations: {}, source: null });
const workload = (namespace: string, name: string): Workload => ({
  key: workloadKey(namespace, 'Deployment', name), kind: 'Deployment', namespace, name, podLabels: { app: name }, labels: {},
  annotations: {}, podAnnotations: {}, serviceAccount: 'default', ports: [], hostNetwork: false, replicas: 1, source: null,
});
const cluster = (workloads: Workload[], namespaces: Namespace[]): Cluster => ({
  name: 'c', namespaces: new Map(namespaces.map((n) => [n.name, n])), workloads, pods: [], endpoints: [], services: [], nodes: [], cidrGroups: [], policies: [], sources: [], diagnostics: [],
});
const small = cluster([workload('a-web', 'web'), workload('kube-system', 'dns')], [ns('a-web', 'a'), ns('kube-system')]);
const data = (c: Cluster): LoadedData => ({ cluster: c, flowRecords: 0, diagnostics: [], excerpts: new Map(), files: [], durationMs: 1 });

describe('appReducer', () => {
  it('a load replaces the data and clears the selection', () => {
    const selected = appReducer(initialAppState, { type: 'select', id: workloadSelection(workloadKey('ns', 'Deployment', 'a')) });
    expect(selected.selection).toBe('w:ns/Deployment/a');
    const next = appReducer(selected, { type: 'loaded', data: data(small), origin: 'user', label: 'f.yaml' });
    expect(next.selection).toBeNull();
    expect(next.data?.cluster).toBe(small);
  });

  it('the first load after opening a link keeps the linked selection, query and filters', () => {
    const url = readUrlViewState('?demo=0&sel=w%3Aa-web%2FDeployment%2Fweb&ns=a-web&verdict=allowed&from=a-web%2Fweb&to=entity%3Aworld&qport=443');
    const s = appReducer(appStateFromUrl(url), { type: 'loaded', data: data(small), origin: 'user', label: '2 files' });
    expect(s.selection).toBe('w:a-web/Deployment/web');
    expect(s.view.filters.namespaces).toEqual(['a-web']);
    expect(s.view.filters.verdicts).toEqual(['allowed']);
    expect(s.query).toEqual({ from: 'a-web/web', to: 'entity:world', port: '443' });
    // Later loads behave as usual.
    expect(appReducer(s, { type: 'loaded', data: data(small), origin: 'user', label: 'x' }).selection).toBeNull();
  });

  it('collapse actions make the collapsed set explicit; filters are not collapse choices', () => {
    let s = appReducer(initialAppState, { type: 'view', action: { type: 'set-filters', filters: { port: 443 } } });
    expect(s.collapsedExplicit).toBe(false);
    expect(s.view.filters.port).toBe(443);
    s = appReducer(s, { type: 'view', action: { type: 'toggle-collapsed', group: 'g:t:a' } });
    expect(s.collapsedExplicit).toBe(true);
    expect(s.view.collapsed).toEqual(['g:t:a']);
  });

  it('the level a load opens at is the app\'s choice: the next load chooses again', () => {
    const s = appReducer(initialAppState, { type: 'view', action: { type: 'open-at', collapsed: ['g:t:b', 'g:platform'] } });
    expect(s.view.collapsed).toEqual(['g:platform', 'g:t:b']);
    expect(s.collapsedExplicit).toBe(false);
  });

  it('entering or leaving the customer view starts the collapse choice over: the opening decides again', () => {
    // Before: a choice made before stayed explicit, so the customer view never decided its opening
    // after a toggle; nor did the support view after leaving it (a big cluster drawn expanded).
    let s = appReducer(initialAppState, { type: 'view', action: { type: 'toggle-collapsed', group: 'g:t:a' } });
    s = appReducer(s, { type: 'view', action: { type: 'set-customer-tenant', tenant: 'a' } });
    expect([s.view.collapsed, s.collapsedExplicit]).toEqual([[], false]);
    s = appReducer(s, { type: 'view', action: { type: 'toggle-collapsed', group: 'g:platform' } });
    expect(s.collapsedExplicit).toBe(true);
    // The same tenant again changes nothing: the customer's choice stays.
    expect(appReducer(s, { type: 'view', action: { type: 'set-customer-tenant', tenant: 'a' } })).toEqual(s);
    s = appReducer(s, { type: 'view', action: { type: 'set-customer-tenant', tenant: null } });
    expect([s.view.collapsed, s.collapsedExplicit]).toEqual([[], false]);
  });

  it('run and clear a query', () => {
    const s = appReducer(initialAppState, { type: 'run-query', query: { from: 'a/b', to: 'c/d', port: '80' } });
    expect(s.query?.port).toBe('80');
    expect(appReducer(s, { type: 'clear-query' }).query).toBeNull();
  });
});

describe('viewForCluster', () => {
  it('drops filters and collapsed groups the cluster does not have', () => {
    const v = viewForCluster(
      { groupingLabel: 'tenant', collapsed: ['g:t:a', 'g:t:zzz'], filters: { ...noFilters, groups: ['g:t:zzz', 'g:t:a'], namespaces: ['nope', 'a-web'] }, customerTenant: null },
      true,
      small,
    );
    expect(v.collapsed).toEqual(['g:t:a']);
    expect(v.filters.groups).toEqual(['g:t:a']);
    expect(v.filters.namespaces).toEqual(['a-web']);
  });

  it('without an explicit choice, big clusters open collapsed', () => {
    const many = cluster(Array.from({ length: 301 }, (_, i) => workload(`t${i % 3}`, `w${i}`)), [0, 1, 2].map((i) => ns(`t${i}`, `t${i}`)));
    expect(viewForCluster(initialAppState.view, false, many).collapsed).toEqual(['g:t:t0', 'g:t:t1', 'g:t:t2']);
    expect(viewForCluster({ ...initialAppState.view, collapsed: [] }, true, many).collapsed).toEqual([]);
  });
});

describe('selection ids', () => {
  it('maps workload keys and element ids', () => {
    expect(selectedWorkload('w:a/Deployment/b')).toBe('a/Deployment/b');
    expect(selectedWorkload('e:w:a|o:world|allowed')).toBeNull();
    expect(selectedWorkload(null)).toBeNull();
  });
});
