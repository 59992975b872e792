import { describe, it, expect } from 'vitest';
import { codes, lintYaml } from './testing.ts';

const cnp = (spec: string, name = 'p') => `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n${spec}`;
const DNS = `  egress:
    - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s:k8s-app: kube-dns}}]
      toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]
`;

describe('selects-no-endpoint', () => {
  it('reports a subject selector that matches no pod', () => {
    const f = codes(lintYaml({ yaml: cnp('  endpointSelector: {matchLabels: {app: backnd}}\n  ingress: [{}]\n') }), 'selects-no-endpoint');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'warning', policy: { kind: 'CiliumNetworkPolicy', namespace: 'shop', name: 'p' }, path: 'spec' });
    expect(f[0]?.message).toMatch(/matches no pod/);
  });
  it('names hostNetwork pods as the reason, without typo advice or future pods', () => {
    const f = codes(lintYaml({ yaml: cnp('  endpointSelector: {matchLabels: {app: log-agent}}\n  ingress: [{}]\n') }), 'selects-no-endpoint');
    expect(f).toHaveLength(1);
    expect(f[0]?.message).toMatch(/hostNetwork/);
    expect(f[0]?.message).toContain('shop/log-agent');
    expect(f[0]?.message).not.toMatch(/typo|future pod/);
  });
  it('is quiet when the selector matches, and without inventory', () => {
    expect(codes(lintYaml({ yaml: cnp('  endpointSelector: {matchLabels: {app: backend}}\n  ingress: [{}]\n') }), 'selects-no-endpoint')).toEqual([]);
    expect(codes(lintYaml({ yaml: cnp('  endpointSelector: {matchLabels: {app: backnd}}\n  ingress: [{}]\n'), noInventory: true }), 'selects-no-endpoint')).toEqual([]);
  });
});

describe('peer-selects-nothing', () => {
  it('reports a peer selector that matches no pod (scoped to the policy namespace)', () => {
    // app=api exists, but only in pay: without a namespace key the CNP peer means shop.
    const f = codes(lintYaml({ yaml: cnp('  endpointSelector: {matchLabels: {app: backend}}\n  ingress: [{fromEndpoints: [{matchLabels: {app: api}}]}]\n') }), 'peer-selects-nothing');
    expect(f).toHaveLength(1);
    expect(f[0]?.path).toBe('spec.ingress[0].fromEndpoints[0]');
    expect(f[0]?.message).toMatch(/own namespace/);
  });
  it('is quiet when the peer matches', () => {
    const yaml = cnp('  endpointSelector: {matchLabels: {app: backend}}\n  ingress: [{fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: pay, app: api}}]}]\n');
    expect(codes(lintYaml({ yaml }), 'peer-selects-nothing')).toEqual([]);
  });
});

describe('empty-section', () => {
  const yaml = cnp('  endpointSelector: {matchLabels: {app: backend}}\n  egress: [{toEntities: [world]}]\n');
  it('reports ingress: [] beside other items (the direction is not enforced, C9)', () => {
    const f = codes(lintYaml({ yaml, edit: (ps) => ps.map((p) => ({ ...p, rules: p.rules.map((r) => ({ ...r, emptySections: ['ingress'] as const })) })) }), 'empty-section');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ path: 'spec.ingress', severity: 'warning' });
    expect(f[0]?.message).toMatch(/ingress: \[\{\}\]/);
  });
  it('reports ingress: [] written in a real policy (the parser records the empty section)', () => {
    const real = cnp('  endpointSelector: {matchLabels: {app: backend}}\n  ingress: []\n  egress: [{toEntities: [world]}]\n');
    expect(codes(lintYaml({ yaml: real }), 'empty-section')).toHaveLength(1);
  });
  it('is quiet without empty sections, and never repeats the parser\'s empty-rule rejection', () => {
    expect(codes(lintYaml({ yaml }), 'empty-section')).toEqual([]);
    // `ingress: []` alone: the parser rejects the object (empty-rule), so it is not in the model at all.
    expect(() => lintYaml({ yaml: cnp('  endpointSelector: {}\n  ingress: []\n') })).toThrow(/no ingress, ingressDeny, egress or egressDeny item/);
  });
});

describe('deny-only-default-deny', () => {
  it('reports a deny-only policy that locks its pods down (#14992)', () => {
    const f = codes(lintYaml({ yaml: cnp('  endpointSelector: {matchLabels: {app: backend}}\n  ingressDeny: [{fromEntities: [world]}]\n') }), 'deny-only-default-deny');
    expect(f).toHaveLength(1);
    expect(f[0]?.message).toMatch(/shop\/backend will drop every ingress connection/);
    expect(f[0]?.fix).toMatch(/enableDefaultDeny: \{ingress: false\}/);
  });
  it('suggests an allow-all item before Cilium 1.16', () => {
    const f = codes(lintYaml({ yaml: cnp('  endpointSelector: {matchLabels: {app: backend}}\n  ingressDeny: [{fromEntities: [world]}]\n'), settings: { ciliumVersion: '1.15' } }), 'deny-only-default-deny');
    expect(f[0]?.fix).toMatch(/fromEntities: \[all\]/);
  });
  it('is quiet with enableDefaultDeny false, or when another policy already allows ingress', () => {
    expect(codes(lintYaml({ yaml: cnp('  endpointSelector: {matchLabels: {app: backend}}\n  enableDefaultDeny: {ingress: false}\n  ingressDeny: [{fromEntities: [world]}]\n') }), 'deny-only-default-deny')).toEqual([]);
    const both = cnp('  endpointSelector: {matchLabels: {app: backend}}\n  ingressDeny: [{fromEntities: [world]}]\n') + '\n---\n' + cnp('  endpointSelector: {matchLabels: {app: backend}}\n  ingress: [{fromEndpoints: [{}]}]\n', 'q');
    expect(codes(lintYaml({ yaml: both }), 'deny-only-default-deny')).toEqual([]);
  });
});

describe('cidr-covers-cluster', () => {
  it('reports a CIDR holding pod and node addresses (#19601)', () => {
    const f = codes(lintYaml({ yaml: cnp('  endpointSelector: {matchLabels: {app: frontend}}\n  egress: [{toCIDRSet: [{cidr: 10.244.0.0/16}]}, {toCIDR: [172.18.0.0/16]}]\n') }), 'cidr-covers-cluster');
    expect(f.map((x) => x.path)).toEqual(['spec.egress[0].toCIDRSet[0]', 'spec.egress[1].toCIDR[0]']);
    expect(f[0]?.message).toMatch(/5 pod address\(es\).*never select pods/);
    expect(f[0]?.fix).toMatch(/toEndpoints/);
    expect(f[1]?.message).toMatch(/node address/);
  });
  it('is quiet when the pods are in except, for outside ranges, and for nodes with policy-cidr-match-mode=nodes', () => {
    const yaml = cnp('  endpointSelector: {matchLabels: {app: frontend}}\n  egress: [{toCIDRSet: [{cidr: 0.0.0.0/0, except: [10.0.0.0/8, 172.16.0.0/12]}]}, {toCIDR: [8.8.8.8/32]}]\n');
    expect(codes(lintYaml({ yaml }), 'cidr-covers-cluster')).toEqual([]);
    const nodesOnly = cnp('  endpointSelector: {matchLabels: {app: frontend}}\n  egress: [{toCIDR: [172.18.0.0/16]}]\n');
    expect(codes(lintYaml({ yaml: nodesOnly, settings: { policyCidrMatchMode: 'nodes' } }), 'cidr-covers-cluster')).toEqual([]);
  });
});

describe('fqdn-without-dns-rule', () => {
  const fqdn = cnp('  endpointSelector: {matchLabels: {app: frontend}}\n  egress: [{toFQDNs: [{matchName: api.github.com}], toPorts: [{ports: [{port: "443", protocol: TCP}]}]}]\n');
  it('reports toFQDNs without a DNS rule for the same pod (C24)', () => {
    const f = codes(lintYaml({ yaml: fqdn }), 'fqdn-without-dns-rule');
    expect(f).toHaveLength(1);
    expect(f[0]?.message).toMatch(/no policy selecting shop\/frontend has a DNS rule/);
  });
  it('reports DNS patterns that refuse the name', () => {
    const refusing = fqdn + '\n---\n' + cnp(DNS.replace('"*"', 'example.com').replace('matchPattern', 'matchName') + '  endpointSelector: {matchLabels: {app: frontend}}\n', 'dns');
    const f = codes(lintYaml({ yaml: refusing }), 'fqdn-without-dns-rule');
    expect(f).toHaveLength(1);
    expect(f[0]?.message).toMatch(/REFUSED/);
  });
  it('is quiet with a DNS rule in another policy selecting the pod (C25)', () => {
    const ok = fqdn + '\n---\n' + cnp('  endpointSelector: {matchLabels: {app: frontend}}\n' + DNS, 'dns');
    expect(codes(lintYaml({ yaml: ok }), 'fqdn-without-dns-rule')).toEqual([]);
  });
});

describe('named-port-unresolved', () => {
  it('reports a port name no destination declares', () => {
    const f = codes(lintYaml({ yaml: cnp('  endpointSelector: {matchLabels: {app: backend}}\n  ingress: [{toPorts: [{ports: [{port: grpc, protocol: TCP}]}]}]\n') }), 'named-port-unresolved');
    expect(f).toHaveLength(1);
    expect(f[0]?.path).toBe('spec.ingress[0].toPorts[0].ports[0]');
    expect(f[0]?.message).toMatch(/none of shop\/backend has a container port named "grpc"/);
  });
  it('reports an egress name towards peers that declare none', () => {
    const f = codes(lintYaml({ yaml: cnp('  endpointSelector: {matchLabels: {app: frontend}}\n  egress: [{toEndpoints: [{matchLabels: {app: db}}], toPorts: [{ports: [{port: http}]}]}]\n') }), 'named-port-unresolved');
    expect(f).toHaveLength(1);
  });
  it('is quiet when the destination declares it (C19)', () => {
    expect(codes(lintYaml({ yaml: cnp('  endpointSelector: {matchLabels: {app: backend}}\n  ingress: [{toPorts: [{ports: [{port: http}]}]}]\n') }), 'named-port-unresolved')).toEqual([]);
    expect(codes(lintYaml({ yaml: cnp('  endpointSelector: {matchLabels: {app: frontend}}\n  egress: [{toEndpoints: [{matchLabels: {app: db}}], toPorts: [{ports: [{port: postgres}]}]}]\n') }), 'named-port-unresolved')).toEqual([]);
  });
});

describe('apiserver-service-port', () => {
  const api = (port: string) => cnp(`  endpointSelector: {matchLabels: {app: frontend}}\n  egress: [{toEntities: [kube-apiserver], toPorts: [{ports: [{port: "${port}", protocol: TCP}]}]}]\n`);
  it('reports kube-apiserver on 443 (C36)', () => {
    const f = codes(lintYaml({ yaml: api('443') }), 'apiserver-service-port');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ path: 'spec.egress[0].toPorts[0].ports[0]', fix: 'port: "6443"' });
  });
  it('is quiet on 6443', () => {
    expect(codes(lintYaml({ yaml: api('6443') }), 'apiserver-service-port')).toEqual([]);
  });
});

describe('l7-shadowed', () => {
  const http = cnp('  endpointSelector: {matchLabels: {app: backend}}\n  ingress: [{fromEndpoints: [{matchLabels: {app: frontend}}], toPorts: [{ports: [{port: "8080", protocol: TCP}], rules: {http: [{method: GET, path: /public}]}}]}]\n');
  it('reports HTTP rules voided by a plain allow on the same port (C29)', () => {
    const plain = cnp('  endpointSelector: {matchLabels: {app: backend}}\n  ingress: [{fromEndpoints: [{matchLabels: {app: frontend}}], toPorts: [{ports: [{port: "8080", protocol: TCP}]}]}]\n', 'p1');
    const f = codes(lintYaml({ yaml: `${http}\n---\n${plain}` }), 'l7-shadowed');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'warning', path: 'spec.ingress[0]', related: [{ name: 'p1' }] });
    expect(f[0]?.message).toMatch(/void for shop\/frontend on TCP 8080: CNP shop\/p1 spec.ingress\[0\]/);
  });
  it('is quiet when the other allow is on another port or for other peers', () => {
    const other = cnp('  endpointSelector: {matchLabels: {app: backend}}\n  ingress: [{fromEndpoints: [{matchLabels: {app: frontend}}], toPorts: [{ports: [{port: "9090", protocol: TCP}]}]}, {fromEndpoints: [{matchLabels: {app: db}}]}]\n', 'p1');
    expect(codes(lintYaml({ yaml: `${http}\n---\n${other}` }), 'l7-shadowed')).toEqual([]);
  });
});

describe('widened-by-other-policy', () => {
  const narrow = cnp('  endpointSelector: {matchLabels: {app: db}}\n  ingress: [{fromEndpoints: [{matchLabels: {app: backend}}], toPorts: [{ports: [{port: "5432", protocol: TCP}]}]}]\n', 'db-only-from-backend');
  it('reports the policy that widens it, beyond its peers\' namespace', () => {
    const wide = cnp('  endpointSelector: {}\n  ingress: [{fromEndpoints: [{matchExpressions: [{key: k8s:io.kubernetes.pod.namespace, operator: In, values: [shop, pay]}]}]}]\n', 'same-team');
    const f = codes(lintYaml({ yaml: `${narrow}\n---\n${wide}` }), 'widened-by-other-policy');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'warning', policy: { name: 'db-only-from-backend' }, path: 'spec.ingress[0]', related: [{ name: 'same-team' }] });
    expect(f[0]?.message).toMatch(/pay\/api → shop\/db on TCP 5432/);
  });
  it('reports same-namespace widening by default, as info (off only when asked)', () => {
    const wide = cnp('  endpointSelector: {}\n  ingress: [{fromEndpoints: [{}]}]\n', 'same-ns');
    const f = codes(lintYaml({ yaml: `${narrow}\n---\n${wide}` }), 'widened-by-other-policy');
    expect(f.map((x) => [x.severity, x.policy.name])).toEqual([['info', 'db-only-from-backend']]);
    expect(codes(lintYaml({ yaml: `${narrow}\n---\n${wide}`, options: { sameNamespaceWidening: false } }), 'widened-by-other-policy')).toEqual([]);
  });
  it('is quiet when the other policy opens other ports only, or the narrowing is not pod-specific', () => {
    const otherPort = cnp('  endpointSelector: {}\n  ingress: [{fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: pay}}], toPorts: [{ports: [{port: "8080", protocol: TCP}]}]}]\n', 'metrics');
    expect(codes(lintYaml({ yaml: `${narrow}\n---\n${otherPort}` }), 'widened-by-other-policy')).toEqual([]);
    const world = cnp('  endpointSelector: {matchLabels: {app: db}}\n  ingress: [{fromEntities: [world], toPorts: [{ports: [{port: "5432"}]}]}]\n', 'from-world');
    const wide = cnp('  endpointSelector: {}\n  ingress: [{fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: pay}}]}]\n', 'from-pay');
    expect(codes(lintYaml({ yaml: `${world}\n---\n${wide}` }), 'widened-by-other-policy')).toEqual([]);
  });
});

describe('version-dependent', () => {
  const ranged = cnp('  endpointSelector: {matchLabels: {app: backend}}\n  enableDefaultDeny: {ingress: true}\n  ingress: [{toPorts: [{ports: [{port: "8000", endPort: 8100, protocol: TCP}]}]}]\n');
  it('reports endPort and enableDefaultDeny before 1.16', () => {
    const f = codes(lintYaml({ yaml: ranged, settings: { ciliumVersion: '1.15' } }), 'version-dependent');
    expect(f.map((x) => x.path)).toEqual(['spec.enableDefaultDeny', 'spec.ingress[0].toPorts[0].ports[0]']);
    expect(f[1]?.message).toMatch(/ports 8001-8100 are not allowed/);
  });
  it('reports CNP namespace-label peers as version-dependent', () => {
    const f = codes(lintYaml({ yaml: cnp('  endpointSelector: {matchLabels: {app: backend}}\n  ingress: [{fromEndpoints: [{matchLabels: {k8s:io.cilium.k8s.namespace.labels.team: fin}}]}]\n') }), 'version-dependent');
    expect(f).toHaveLength(1);
    expect(f[0]?.severity).toBe('info');
  });
  it('is quiet on 1.19 for ranges and enableDefaultDeny', () => {
    expect(codes(lintYaml({ yaml: ranged }), 'version-dependent')).toEqual([]);
  });
});
