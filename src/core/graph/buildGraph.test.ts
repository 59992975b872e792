import { describe, expect, it } from 'vitest';
import { fullPortSet, portRange, subtract, union } from '../engine/PortSet.ts';
import { buildCluster, policiesFromYaml } from '../engine/testing.ts';
import { buildGraph } from './buildGraph.ts';
import { aggregate, cidr, flowEdge, flowIp, flowWorkload, path, rule, wl, world } from './testing.ts';
import type { ConnectivityInput, GraphInputs, GraphModel, ViewState } from './types.ts';
import { defaultViewState, viewReducer } from './viewState.ts';
import { searchCode } from '../search/searchCode.ts';
import { LazyModuleNotLoaded } from '../util/lazyModule.ts';

const baseline = policiesFromYaml(`
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: { name: tenant-egress-baseline }
spec:
  endpointSelector: { matchExpressions: [{ key: io.cilium.k8s.namespace.labels.tenant, operator: Exists }] }
  egress:
    - toCIDRSet: [{ cidr: 0.0.0.0/0, except: [10.0.0.0/8, 192.168.0.0/16] }]
  egressDeny:
    - toEntities: [world]
      toPorts: [{ ports: [{ port: "25", protocol: TCP }] }]
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: backup, namespace: a-jobs }
spec:
  endpointSelector: {}
  egress:
    - toCIDR: [192.168.0.0/16]
`).policies;

const cluster = buildCluster({
  namespaces: { 'a-web': { tenant: 'acme' }, 'a-jobs': { tenant: 'acme' }, 'g-shop': { tenant: 'globex' }, 'kube-system': {}, edge: {} },
  pods: [
    { ns: 'a-web', name: 'frontend', labels: { app: 'frontend' } },
    { ns: 'a-web', name: 'api', labels: { app: 'api' } },
    { ns: 'a-jobs', name: 'mailer', labels: { app: 'mailer' } },
    { ns: 'g-shop', name: 'store', labels: { app: 'store' } },
    { ns: 'g-shop', name: 'legacy', labels: { app: 'legacy' } },
    { ns: 'kube-system', name: 'coredns', labels: { 'k8s-app': 'kube-dns' } },
    { ns: 'edge', name: 'envoy', labels: { app: 'envoy' } },
  ],
  policies: baseline,
});

const K = {
  frontend: 'a-web/Pod/frontend',
  api: 'a-web/Pod/api',
  mailer: 'a-jobs/Pod/mailer',
  store: 'g-shop/Pod/store',
  legacy: 'g-shop/Pod/legacy',
  dns: 'kube-system/Pod/coredns',
  envoy: 'edge/Pod/envoy',
};
const smtp = portRange('TCP', 25);
const dnsPorts = union(portRange('TCP', 53), portRange('UDP', 53));
const egressAllow = rule('tenant-egress-baseline', 'spec.egress[0]');
const egressDeny = rule('tenant-egress-baseline', 'spec.egressDeny[0]');

const connectivity: ConnectivityInput = {
  paths: [
    path(wl(K.frontend), wl(K.api), { allowed: portRange('TCP', 9000), defaultDenied: subtract(fullPortSet, portRange('TCP', 9000)), allowRules: [rule('same-tenant', 'spec.egress[0]', 'a-web')] }),
    path(wl(K.mailer), world, { allowed: subtract(fullPortSet, smtp), explicitDenied: smtp, allowRules: [egressAllow], denyRules: [egressDeny] }),
    path(wl(K.mailer), cidr('10.0.0.0/8'), { defaultDenied: fullPortSet, defaultDenyFrom: [egressAllow] }),
    path(wl(K.frontend), world, { allowed: subtract(fullPortSet, smtp), explicitDenied: smtp, allowRules: [egressAllow], denyRules: [egressDeny] }),
    path(wl(K.frontend), cidr('192.168.0.0/16'), {
      defaultDenied: fullPortSet,
      nearMisses: [{ rule: egressAllow, why: 'in-except', text: '192.168.0.0/16 is in except' }],
    }),
    // Not drawn: default deny that no policy names and no flow saw.
    path(wl(K.store), wl(K.api), { defaultDenied: fullPortSet }),
    // Not drawn: nobody enforces anything between these two.
    path(wl(K.legacy), wl(K.dns), { allowed: fullPortSet, unenforced: true }),
    path(wl(K.envoy), wl(K.frontend), { allowed: portRange('TCP', 8080), allowRules: [rule('tenant-ingress-baseline', 'spec.ingress[0]')] }),
    path(wl(K.frontend), wl(K.dns), { allowed: dnsPorts, l7Filtered: dnsPorts, allowRules: [egressAllow] }),
  ],
  enforcement: [
    { workload: K.frontend, ingress: true, egress: true },
    { workload: K.api, ingress: true, egress: true },
    { workload: K.mailer, ingress: true, egress: true },
    { workload: K.store, ingress: true, egress: true },
    { workload: K.legacy, ingress: false, egress: false },
    { workload: K.dns, ingress: false, egress: false },
    { workload: K.envoy, ingress: false, egress: false },
  ],
};

const inputs: GraphInputs = { cluster, connectivity, flows: null };

function edge(g: GraphModel, source: string, target: string, verdict: string) {
  return g.edges.find((e) => e.source === source && e.target === target && e.verdict === verdict);
}
const w = (k: string): string => `w:${k}`;

describe('buildGraph: nodes', () => {
  const g = buildGraph(inputs, defaultViewState);

  it('nests workloads in namespaces in tenants; unlabelled namespaces form the platform group', () => {
    const node = (id: string) => g.nodes.find((n) => n.id === id);
    expect(node(w(K.frontend))?.parent).toBe('ns:a-web');
    expect(node('ns:a-web')?.parent).toBe('g:t:acme');
    expect(node('ns:a-jobs')?.parent).toBe('g:t:acme');
    expect(node('ns:kube-system')?.parent).toBe('g:platform');
    expect(node('ns:edge')?.parent).toBe('g:platform');
    expect(g.groups).toEqual(['g:platform', 'g:t:acme', 'g:t:globex']);
    expect(node('g:t:acme')?.workloads).toBe(3);
  });

  it('labels cluster DNS and summarises unrestricted workloads on the node', () => {
    const dns = g.nodes.find((n) => n.id === w(K.dns));
    expect(dns?.dns).toBe(true);
    expect(dns?.unrestricted).toEqual(['ingress', 'egress']);
    expect(g.nodes.find((n) => n.id === w(K.api))?.unrestricted).toEqual([]);
  });

  it('has outside nodes for what policies name: the internet and each excepted range', () => {
    const ids = g.nodes.filter((n) => n.parent === null && n.kind !== 'group').map((n) => n.id);
    expect(ids).toEqual(expect.arrayContaining(['o:world', 'o:cidr:10.0.0.0/8', 'o:cidr:192.168.0.0/16']));
  });

  it('parents come before children and every leaf has a position', () => {
    const seen = new Set<string>();
    for (const n of g.nodes) {
      if (n.parent !== null) expect(seen.has(n.parent)).toBe(true);
      seen.add(n.id);
    }
    const parents = new Set(g.nodes.map((n) => n.parent));
    for (const n of g.nodes) if (!parents.has(n.id)) expect(n.position).not.toBeNull();
  });
});

describe('buildGraph: which edges are drawn', () => {
  const g = buildGraph(inputs, defaultViewState);

  it('draws allowed paths where a side enforces policy, with deciding rules and ports', () => {
    const e = edge(g, w(K.frontend), w(K.api), 'allowed');
    expect(e?.portsText).toBe('9000/TCP');
    expect(e?.rules.map((r) => r.name)).toEqual(['same-tenant']);
    expect(e?.policy).toBe(true);
    expect(e?.observed).toBeNull();
    expect(edge(g, w(K.envoy), w(K.frontend), 'allowed')?.portsText).toBe('8080/TCP');
  });

  it('draws L7-filtered ports as their own verdict', () => {
    expect(edge(g, w(K.frontend), w(K.dns), 'l7-filtered')?.portsText).toBe('53/TCP+UDP');
    expect(edge(g, w(K.frontend), w(K.dns), 'allowed')).toBeUndefined();
  });

  it('draws nothing between workloads where no side enforces policy', () => {
    expect(g.edges.filter((e) => e.source === w(K.legacy))).toEqual([]);
  });

  it('does not draw default-deny pairs that no policy names and no flow saw', () => {
    expect(g.edges.filter((e) => e.source === w(K.store))).toEqual([]);
    expect(edge(g, w(K.frontend), w(K.api), 'default-deny')).toBeUndefined();
  });
});

describe('buildGraph: egress exceptions', () => {
  const g = buildGraph(inputs, defaultViewState);

  it('internet allowed except 25/TCP: allowed edge to the internet plus a denied edge to a 25/TCP stub', () => {
    const allowed = edge(g, w(K.mailer), 'o:world', 'allowed');
    expect(allowed?.portsText).toBe('all except 25/TCP');
    expect(edge(g, w(K.mailer), 'o:world', 'explicit-deny')).toBeUndefined();
    const denied = edge(g, w(K.mailer), 'o:world~25/TCP', 'explicit-deny');
    expect(denied?.portsText).toBe('25/TCP');
    expect(denied?.rules).toEqual([egressDeny]);
    const stub = g.nodes.find((n) => n.id === 'o:world~25/TCP');
    expect(stub).toMatchObject({ kind: 'carve-out', label: 'internet 25/TCP', parent: null });
    // Every source denied the same ports shares one stub.
    expect(edge(g, w(K.frontend), 'o:world~25/TCP', 'explicit-deny')).toBeDefined();
  });

  it('0.0.0.0/0 except private ranges: a default-deny edge to each excepted range', () => {
    // Named because the source may reach the range it is carved out of.
    expect(edge(g, w(K.mailer), 'o:cidr:10.0.0.0/8', 'default-deny')?.portsText).toBe('all ports');
    // Not listed by connectivity at all: added, decided by the rule whose except carves it out.
    expect(edge(g, w(K.frontend), 'o:cidr:10.0.0.0/8', 'default-deny')?.rules).toEqual([egressAllow]);
    // Named by the engine's near miss.
    expect(edge(g, w(K.frontend), 'o:cidr:192.168.0.0/16', 'default-deny')?.nearMisses[0]?.why).toBe('in-except');
  });

  it('stubs sit right below the node they carve from', () => {
    const pos = (id: string) => g.nodes.find((n) => n.id === id)?.position;
    expect(pos('o:world~25/TCP')?.x).toBe(pos('o:world')?.x);
    expect(pos('o:world~25/TCP')?.y).toBeGreaterThan(pos('o:world')?.y ?? Infinity);
  });
});

describe('buildGraph: observed flows', () => {
  const flows = aggregate([
    flowEdge(flowWorkload('a-web', 'frontend'), flowWorkload('a-web', 'api'), 'TCP', 9000, { FORWARDED: 12 }),
    flowEdge(flowWorkload('g-shop', 'store'), flowWorkload('a-web', 'api'), 'TCP', 9000, { DROPPED: 3 }, { POLICY_DENIED: 3 }),
    flowEdge(flowWorkload('a-jobs', 'mailer'), flowIp('198.51.100.25'), 'TCP', 25, { DROPPED: 2 }, { POLICY_DENY: 2 }),
    flowEdge(flowWorkload('a-jobs', 'mailer'), flowIp('198.51.100.25'), 'TCP', 587, { FORWARDED: 5 }),
    flowEdge(flowWorkload('g-shop', 'legacy'), flowWorkload('kube-system', 'coredns'), 'UDP', 53, { FORWARDED: 7 }),
    flowEdge(flowWorkload('g-shop', 'store'), flowWorkload('a-web', 'frontend'), 'TCP', 8080, { AUDIT: 1 }),
    flowEdge(flowWorkload('a-web', 'frontend'), flowIp('10.1.2.3'), 'TCP', 443, { FORWARDED: 1 }),
    flowEdge(flowWorkload('a-jobs', 'mailer'), flowIp('10.9.9.9'), 'TCP', 443, { FORWARDED: 2 }),
  ]);
  const g = buildGraph({ ...inputs, flows }, defaultViewState);

  it('an observed flow joins the policy edge it confirms, with its counts', () => {
    const e = edge(g, w(K.frontend), w(K.api), 'allowed');
    expect(e?.policy).toBe(true);
    expect(e?.observed).toEqual({ flows: 12, verdicts: { FORWARDED: 12 }, ports: '9000/TCP' });
    expect(e?.mismatch).toBeNull();
  });

  it('draws denied paths that flows saw', () => {
    const e = edge(g, w(K.store), w(K.api), 'default-deny');
    expect(e?.observed?.flows).toBe(3);
    expect(e?.policy).toBe(false);
  });

  it('an observed address goes to the narrowest range a policy names, else to the internet', () => {
    expect(edge(g, w(K.mailer), 'o:world', 'allowed')?.observed?.flows).toBe(5);
    expect(edge(g, w(K.mailer), 'o:world~25/TCP', 'explicit-deny')?.observed?.flows).toBe(2);
    expect(edge(g, w(K.frontend), 'o:cidr:10.0.0.0/8', 'allowed')?.observed?.flows).toBe(1);
  });

  it('observed traffic nobody enforces is drawn as not-enforced', () => {
    expect(edge(g, w(K.legacy), w(K.dns), 'not-enforced')?.observed?.flows).toBe(7);
  });

  it('flags flows that disagree with policy', () => {
    // The mailer may not reach 10.0.0.0/8 (excepted range), yet flows passed.
    const stale = edge(g, w(K.mailer), 'o:cidr:10.0.0.0/8', 'default-deny');
    expect(stale?.mismatch).toBe('observed-allowed-predicted-denied');
    expect(stale?.observed?.flows).toBe(2);
    // No path is known for frontend → 10.0.0.0/8: the flow's own verdict, no mismatch claimed.
    expect(edge(g, w(K.frontend), 'o:cidr:10.0.0.0/8', 'allowed')?.mismatch).toBeNull();
    const audit = g.edges.find((e) => e.source === w(K.store) && e.target === w(K.frontend));
    expect(audit?.mismatch).toBe('observed-allowed-predicted-denied');
    expect(g.counts.mismatches).toBeGreaterThan(0);
  });

  it('without connectivity, verdicts come from the flows themselves', () => {
    const f = buildGraph({ ...inputs, connectivity: null, flows }, defaultViewState);
    expect(edge(f, w(K.mailer), 'o:world', 'allowed')?.observed?.flows).toBe(5);
    expect(edge(f, w(K.mailer), 'o:world~25/TCP', 'explicit-deny')?.observed?.flows).toBe(2);
    expect(edge(f, w(K.store), w(K.api), 'default-deny')?.observed?.flows).toBe(3);
    expect(f.edges.every((e) => !e.policy)).toBe(true);
  });

  it('takes mismatch classes from the cross-check when given', () => {
    const key = flows.edges.find((e) => e.port === 9000 && e.source.key === 'a-web/Pod/frontend')?.key ?? '';
    const m = buildGraph({ ...inputs, flows, mismatches: new Map([[key, 'stale-identity']]) }, defaultViewState);
    expect(edge(m, w(K.frontend), w(K.api), 'allowed')?.mismatch).toBe('stale-identity');
  });
});

describe('buildGraph: collapsed tenants', () => {
  const flows = aggregate([
    flowEdge(flowWorkload('g-shop', 'store'), flowWorkload('a-web', 'api'), 'TCP', 9000, { DROPPED: 3 }, { POLICY_DENIED: 3 }),
    flowEdge(flowWorkload('g-shop', 'store'), flowWorkload('a-web', 'frontend'), 'TCP', 8080, { FORWARDED: 4 }),
    flowEdge(flowWorkload('g-shop', 'legacy'), flowWorkload('a-web', 'frontend'), 'TCP', 8080, { FORWARDED: 6 }),
  ]);
  const view: ViewState = viewReducer(defaultViewState, { type: 'toggle-collapsed', group: 'g:t:acme' });
  const g = buildGraph({ ...inputs, connectivity: null, flows }, view);
  const both = buildGraph({ ...inputs, connectivity: null, flows }, viewReducer(view, { type: 'toggle-collapsed', group: 'g:t:globex' }));

  it('replaces the tenant by one node and hides what was inside', () => {
    expect(g.nodes.find((n) => n.id === 'g:t:acme')).toMatchObject({ collapsed: true, workloads: 3, parent: null });
    expect(g.nodes.some((n) => n.parent === 'g:t:acme' || n.id === 'ns:a-web' || n.id === w(K.api))).toBe(false);
    expect(g.nodes.find((n) => n.id === 'g:t:acme')?.position).not.toBeNull();
  });

  it('aggregates edges at tenant level: counts summed, allowed and denied parts both shown', () => {
    const allowed = edge(both, 'g:t:globex', 'g:t:acme', 'allowed');
    const denied = edge(both, 'g:t:globex', 'g:t:acme', 'default-deny');
    expect(allowed?.observed?.flows).toBe(10);
    expect(allowed?.members).toBe(2);
    expect(denied?.observed?.flows).toBe(3);
  });

  it('drops traffic inside a collapsed group, keeps edges to the outside', () => {
    const c = buildGraph(inputs, view);
    expect(c.edges.some((e) => e.source === 'g:t:acme' && e.target === 'g:t:acme')).toBe(false);
    expect(edge(c, 'g:t:acme', 'o:world', 'allowed')?.members).toBe(2);
    expect(edge(c, 'g:t:acme', 'o:world~25/TCP', 'explicit-deny')).toBeDefined();
    expect(edge(c, w(K.envoy), 'g:t:acme', 'allowed')).toBeDefined();
  });
});

describe('buildGraph: determinism and filters', () => {
  it('the same input in any order gives the same model', () => {
    const a = buildGraph(inputs, defaultViewState);
    const shuffled = { ...connectivity, paths: [...connectivity.paths].reverse() };
    const b = buildGraph({ ...inputs, connectivity: shuffled }, defaultViewState);
    expect(b).toEqual(a);
  });

  it('filtering hides without moving what stays', () => {
    const all = buildGraph(inputs, defaultViewState);
    const f = buildGraph(inputs, viewReducer(defaultViewState, { type: 'set-filters', filters: { verdicts: ['explicit-deny'] } }));
    expect(f.edges.every((e) => e.verdict === 'explicit-deny')).toBe(true);
    expect(f.edges.length).toBeGreaterThan(0);
    for (const n of f.nodes) expect(n.position).toEqual(all.nodes.find((m) => m.id === n.id)?.position);
    expect(f.layoutKey).toBe(all.layoutKey);
    expect(f.nodes.some((n) => n.id === w(K.api))).toBe(false);
  });

  it('a group filter keeps the group and whoever it talks to', () => {
    const f = buildGraph(inputs, viewReducer(defaultViewState, { type: 'set-filters', filters: { groups: ['g:t:globex'] } }));
    expect(f.nodes.some((n) => n.id === w(K.store))).toBe(true);
    expect(f.nodes.some((n) => n.id === w(K.mailer))).toBe(false);
    expect(f.edges).toEqual([]);
    const a = buildGraph(inputs, viewReducer(defaultViewState, { type: 'set-filters', filters: { namespaces: ['a-jobs'] } }));
    expect(a.edges.every((e) => e.source === w(K.mailer) || e.target === w(K.mailer))).toBe(true);
    expect(a.nodes.some((n) => n.id === 'o:world')).toBe(true);
  });

  it('search, port, protocol and observed-only filters', () => {
    const s = buildGraph(inputs, viewReducer(defaultViewState, { type: 'set-filters', filters: { search: 'MAIL' } }));
    expect(s.nodes.some((n) => n.id === w(K.mailer))).toBe(true);
    expect(s.nodes.some((n) => n.id === w(K.api))).toBe(false);
    const p = buildGraph(inputs, viewReducer(defaultViewState, { type: 'set-filters', filters: { port: 9000 } }));
    expect(p.edges.map((e) => e.id)).toContain(`e:${w(K.frontend)}|${w(K.api)}|allowed`);
    expect(p.edges.some((e) => e.target === w(K.dns))).toBe(false);
    const u = buildGraph(inputs, viewReducer(defaultViewState, { type: 'set-filters', filters: { protocols: ['UDP'], verdicts: ['l7-filtered'] } }));
    expect(u.edges.map((e) => e.target)).toEqual([w(K.dns)]);
    const o = buildGraph(inputs, viewReducer(defaultViewState, { type: 'set-filters', filters: { show: 'observed' } }));
    expect(o.edges).toEqual([]);
  });

  it('the search is a lazy chunk in the browser (searchCode.ts): a search text throws until it is loaded, no text needs none', async () => {
    const putBack = searchCode.unloadForTests();
    try {
      expect(buildGraph(inputs, viewReducer(defaultViewState, { type: 'set-filters', filters: { search: '  ' } })).nodes.some((n) => n.id === w(K.api))).toBe(true);
      expect(() => buildGraph(inputs, viewReducer(defaultViewState, { type: 'set-filters', filters: { search: 'MAIL' } }))).toThrow(LazyModuleNotLoaded);
      await searchCode.load();
      expect(buildGraph(inputs, viewReducer(defaultViewState, { type: 'set-filters', filters: { search: 'MAIL' } })).nodes.some((n) => n.id === w(K.api))).toBe(false);
    } finally {
      putBack();
    }
  });
});
