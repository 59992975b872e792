import { describe, expect, it } from 'vitest';
import { workloadKey, type Cluster, type Namespace, type Pod, type Workload } from '../../core/model/cluster.ts';
import { policyKey, type Policy, type PolicyRef } from '../../core/model/policy.ts';
import type { LoadedData } from '../../workers/protocol.ts';
import { buildCluster } from '../../core/engine/testing.ts';
import { groupIds } from '../../core/graph/viewState.ts';
import { overview } from '../panels/overview.ts';
import { loadedText, namespaceNames, summarize } from './summary.ts';

const ns = (name: string, labels: Record<string, string> = {}): Namespace => ({ name, labels, annotations: {}, source: null });
const workload = (namespace: string, name: string): Workload => ({
  key: workloadKey(namespace, 'Deployment', name), kind: 'Deployment', namespace, name, podLabels: { app: name }, labels: {},
  annotations: {}, podAnnotations: {}, serviceAccount: 'default', ports: [], hostNetwork: false, replicas: 1, source: null,
});
const pod = (w: Workload, name: string): Pod => ({
  namespace: w.namespace, name, labels: {}, annotations: {}, ips: ['10.0.0.1'], nodeName: null, hostIP: null, hostNetwork: false,
  serviceAccount: 'default', ports: [], owners: [], workload: w.key, phase: 'Running', source: null,
});
const policy = (ref: PolicyRef): Policy => ({ key: policyKey(ref), ref, source: { file: 'p.yaml', document: 0, line: 1 }, rules: [] });

const web = workload('a-web', 'web');
const api = workload('a-web', 'api');
const lone = workload('orphans', 'lone');
const cluster: Cluster = {
  name: 'c1',
  namespaces: new Map([['a-web', ns('a-web', { tenant: 'a' })], ['a-jobs', ns('a-jobs', { tenant: 'a' })], ['b', ns('b', { tenant: 'b' })], ['kube-system', ns('kube-system')]]),
  workloads: [web, api, lone],
  pods: [pod(web, 'web-1'), pod(web, 'web-2'), pod(api, 'api-1')],
  endpoints: [], services: [], nodes: [], cidrGroups: [],
  policies: [
    policy({ kind: 'CiliumNetworkPolicy', namespace: 'a-web', name: 'same-tenant' }),
    policy({ kind: 'CiliumClusterwideNetworkPolicy', namespace: null, name: 'baseline' }),
    policy({ kind: 'NetworkPolicy', namespace: 'ghost', name: 'np' }),
  ],
  sources: [],
  diagnostics: [],
};
const data: LoadedData = {
  cluster, flowRecords: 12, excerpts: new Map(), files: [], durationMs: 1,
  diagnostics: [
    { file: 'x', document: 0, line: 1, column: 1, path: '', severity: 'error', code: 'c', message: 'm' },
    { file: 'x', document: 0, line: 2, column: 1, path: '', severity: 'warning', code: 'c', message: 'm' },
  ],
};

describe('summarize', () => {
  it('counts workloads, implied namespaces, tenants, policies, flows and diagnostics by severity', () => {
    expect(summarize(data)).toEqual({
      clusterName: 'c1', workloads: 3, pods: 3, namespaces: 6, tenants: 2, policies: 3, flows: 12,
      diagnostics: { total: 2, error: 1, warning: 1, info: 0 },
    });
  });
});

describe('loadedText: the error report’s loaded line', () => {
  it('agrees in number: one workload, one policy, one flow, one diagnostic (read "1 workloads, 1 policies")', () => {
    const one = { ...summarize(data), workloads: 1, policies: 1, flows: 1, diagnostics: { total: 1, error: 1, warning: 0, info: 0 } };
    expect(loadedText('pasted.yaml', one)).toBe('pasted.yaml: 1 workload, 1 policy, 1 flow, 1 diagnostic');
    expect(loadedText('3 files', { ...summarize(data), flows: 12000 })).toBe('3 files: 3 workloads, 3 policies, 12,000 flows, 2 diagnostics');
  });
});

describe('overview', () => {
  const o = overview(cluster);
  it('groups namespaces by tenant, tenants A–Z, untenanted last', () => {
    expect(o.tenants.map((t) => [t.tenant, t.namespaces.map((n) => n.name)])).toEqual([
      ['a', ['a-jobs', 'a-web']],
      ['b', ['b']],
      [null, ['ghost', 'kube-system', 'orphans']],
    ]);
  });
  it('attaches pods to workloads and namespaced policies to namespaces; cluster-wide ones apart', () => {
    const aWeb = o.tenants[0]?.namespaces[1];
    expect(aWeb?.workloads.map((r) => [r.workload.name, r.pods.length])).toEqual([['api', 1], ['web', 2]]);
    expect(aWeb?.policies.map((p) => p.ref.name)).toEqual(['same-tenant']);
    expect(o.clusterwide.map((p) => p.ref.name)).toEqual(['baseline']);
    const ghost = o.tenants[2]?.namespaces[0];
    expect(ghost?.namespace).toBeNull();
  });
});

describe('namespaceNames and groupIds of a loaded cluster', () => {
  it('are computed once per cluster, and each caller gets its own copy to sort or change', () => {
    const cluster = buildCluster({ namespaces: { shop: { tenant: 'acme' }, bank: { tenant: 'zeta' } }, pods: [{ ns: 'shop', name: 'a', labels: {} }, { ns: 'bank', name: 'b', labels: {} }] });
    const names = namespaceNames(cluster);
    expect(names).toEqual(['bank', 'shop']);
    names.reverse().push('x');
    expect(namespaceNames(cluster)).toEqual(['bank', 'shop']);
    const groups = groupIds(cluster, 'tenant');
    expect(groups).toEqual(['g:t:acme', 'g:t:zeta']);
    groups.length = 0;
    expect(groupIds(cluster, 'tenant')).toEqual(['g:t:acme', 'g:t:zeta']);
    // Another grouping label is another answer for the same cluster.
    expect(groupIds(cluster, 'team')).toEqual(['g:t:bank', 'g:t:shop']);
  });
});
