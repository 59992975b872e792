import { describe, expect, it } from 'vitest';
import type { Entry, Policy } from '../model/policy.ts';
import { formatSelector } from '../model/selector.ts';
import { parseCiliumPolicy } from './CiliumNetworkPolicy.ts';
import { rawDoc, testCtx, valueDoc } from './testDocs.ts';

const header = (kind = 'CiliumNetworkPolicy', ns = 'shop') =>
  `apiVersion: cilium.io/v2\nkind: ${kind}\nmetadata:\n  name: p\n${kind === 'CiliumNetworkPolicy' && ns ? `  namespace: ${ns}\n` : ''}`;
const parseYaml = (yaml: string, ctx = testCtx) => parseCiliumPolicy(rawDoc(yaml), ctx);
const ok = (yaml: string, ctx = testCtx): Policy => {
  const r = parseYaml(yaml, ctx);
  if (!r.value) throw new Error(r.diagnostics.map((d) => `${d.path}: ${d.message}`).join('\n'));
  return r.value;
};
const ingress0 = (body: string): Entry => {
  const e = ok(`${header()}spec:\n  endpointSelector: {}\n  ingress:\n${body}`).rules[0]?.ingress[0];
  if (!e) throw new Error('no entry');
  return e;
};
const egress0 = (body: string): Entry => {
  const e = ok(`${header()}spec:\n  endpointSelector: {}\n  egress:\n${body}`).rules[0]?.egress[0];
  if (!e) throw new Error('no entry');
  return e;
};

describe('envelope', () => {
  it('keys, refs, source line; CNP without namespace uses the default namespace', () => {
    const p = ok(`${header('CiliumNetworkPolicy', '')}spec:\n  endpointSelector: {}\n  ingress: [{}]\n`, { ...testCtx, defaultNamespace: 'dev' });
    expect(p.key).toBe('CiliumNetworkPolicy/dev/p');
    expect(p.ref).toEqual({ kind: 'CiliumNetworkPolicy', namespace: 'dev', name: 'p' });
    expect(p.source).toEqual({ file: 'test.yaml', document: 0, line: 1 });
  });

  it('CCNP is cluster-scoped', () => {
    const p = ok(`${header('CiliumClusterwideNetworkPolicy')}spec:\n  endpointSelector: {}\n  ingress: [{}]\n`);
    expect(p.key).toBe('CiliumClusterwideNetworkPolicy//p');
    expect(p.rules[0]?.policy.namespace).toBeNull();
  });

  it('spec and specs are both used, spec first, with rule paths', () => {
    const p = ok(`${header()}spec:
  description: first
  endpointSelector: {matchLabels: {a: "1"}}
  ingress: [{}]
specs:
  - endpointSelector: {matchLabels: {a: "2"}}
    egress: [{}]
  - endpointSelector: {matchLabels: {a: "3"}}
    ingressDeny: [{fromEntities: [world]}]
`);
    expect(p.rules.map((r) => r.path)).toEqual(['spec', 'specs[0]', 'specs[1]']);
    expect(p.rules[2]?.ingressDeny[0]?.path).toBe('specs[1].ingressDeny[0]');
    expect(p.description).toBe('first');
    expect(p.rules[0]?.description).toBe('first');
  });

  it('enableDefaultDeny is kept per direction, null when not written', () => {
    const p = ok(`${header()}spec:\n  endpointSelector: {}\n  enableDefaultDeny: {egress: false}\n  egress: [{toEntities: [world]}]\n`);
    expect(p.rules[0]?.enableDefaultDeny).toEqual({ ingress: null, egress: false });
  });

  it('nodeSelector in a CCNP gives a nodes subject without scoping', () => {
    const p = ok(`${header('CiliumClusterwideNetworkPolicy')}spec:\n  nodeSelector: {matchLabels: {role: worker}}\n  ingress: [{fromEntities: [cluster]}]\n`);
    expect(p.rules[0]?.subject).toEqual({ kind: 'nodes', selector: { requirements: [{ source: 'any', key: 'role', operator: 'In', values: ['worker'] }] } });
  });
});

describe('B.5.2 empty and missing forms', () => {
  it('ingress: [{}] is an item with no peers and no ports (matches nothing)', () => {
    const e = ingress0('    - {}\n');
    expect(e).toMatchObject({ path: 'spec.ingress[0]', direction: 'ingress', action: 'allow', peers: { kind: 'wildcard' }, ports: [], icmps: [] });
  });

  it('fromEndpoints: [] is none, fromEndpoints: (null) is absent', () => {
    expect(ingress0('    - fromEndpoints: []\n      toPorts: [{ports: [{port: "80"}]}]\n').peers).toEqual({ kind: 'none' });
    expect(ingress0('    - fromEndpoints:\n      toPorts: [{ports: [{port: "80"}]}]\n').peers).toEqual({ kind: 'wildcard' });
  });

  it.each(['fromCIDR', 'fromCIDRSet', 'fromEntities', 'fromNodes'])('%s: [] is none', (f) => {
    expect(ingress0(`    - ${f}: []\n`).peers).toEqual({ kind: 'none' });
  });

  it.each(['toEndpoints', 'toCIDR', 'toCIDRSet', 'toEntities', 'toNodes'])('%s: [] is none', (f) => {
    expect(egress0(`    - ${f}: []\n`).peers).toEqual({ kind: 'none' });
  });

  it('an empty list next to a non-empty one still makes the item select nothing', () => {
    const e = ingress0('    - fromEndpoints: []\n      fromEntities: [world]\n');
    expect(e.peers).toEqual({ kind: 'none' });
  });

  it('toFQDNs: [] / toServices: [] are treated like absent fields (wildcard), with a warning', () => {
    const r = parseYaml(`${header()}spec:\n  endpointSelector: {}\n  egress:\n    - toFQDNs: []\n      toPorts: [{ports: [{port: "443", protocol: TCP}]}]\n`);
    expect(r.value?.rules[0]?.egress[0]?.peers).toEqual({ kind: 'wildcard' });
    expect(r.diagnostics.find((d) => d.code === 'empty-peer-list-ignored')?.message).toContain('every peer');
  });

  it('toPorts omitted = L3-only (no ports); ports omitted in a PortRule matches nothing (warned)', () => {
    expect(ingress0('    - fromEntities: [world]\n').ports).toEqual([]);
    const r = parseYaml(`${header()}spec:\n  endpointSelector: {}\n  ingress:\n    - toPorts: [{}]\n`);
    expect(r.value?.rules[0]?.ingress[0]?.ports).toEqual([{ path: 'spec.ingress[0].toPorts[0]', ports: [], l7: null, serverNames: [] }]);
    expect(r.diagnostics.some((d) => d.code === 'no-ports')).toBe(true);
  });

  it('matchLabels: {} + matchExpressions: [] is the same as {}', () => {
    const p = ok(`${header('CiliumClusterwideNetworkPolicy')}spec:\n  endpointSelector: {matchLabels: {}, matchExpressions: []}\n  ingress: [{}]\n`);
    expect(p.rules[0]?.subject.selector).toEqual({ requirements: [] });
  });
});

describe('peers', () => {
  it('entities', () => {
    const e = egress0('    - toEntities: [world, cluster, host, remote-node, kube-apiserver, health, init, ingress, unmanaged, all, none]\n');
    expect(e.peers.kind === 'list' && e.peers.items.map((p) => (p.kind === 'entity' ? p.entity : '?'))).toEqual([
      'world', 'cluster', 'host', 'remote-node', 'kube-apiserver', 'health', 'init', 'ingress', 'unmanaged', 'all', 'none',
    ]);
  });

  it('CIDR (bare IPs become host prefixes) and CIDRSet with except, group ref and selector', () => {
    const e = egress0('    - toCIDR: [1.1.1.1, "2001:db8::/32"]\n');
    expect(e.peers.kind === 'list' && e.peers.items.map((p) => (p.kind === 'cidr' ? p.cidr.text : '?'))).toEqual(['1.1.1.1/32', '2001:db8::/32']);
    const s = egress0('    - toCIDRSet:\n        - {cidr: 10.0.0.0/8, except: [10.96.0.0/12]}\n        - {cidrGroupRef: corp}\n        - {cidrGroupSelector: {matchLabels: {env: prod}}}\n');
    const items = s.peers.kind === 'list' ? s.peers.items : [];
    expect(items[0]).toMatchObject({ kind: 'cidr', path: 'spec.egress[0].toCIDRSet[0]', cidr: { text: '10.0.0.0/8' }, except: [{ text: '10.96.0.0/12' }] });
    expect(items[1]).toEqual({ kind: 'cidrGroup', path: 'spec.egress[0].toCIDRSet[1]', ref: 'corp', selector: null, except: [] });
    expect(items[2]).toMatchObject({ kind: 'cidrGroup', ref: null, selector: { requirements: [{ source: 'any', key: 'env' }] } });
  });

  it('FQDNs', () => {
    const e = egress0('    - toFQDNs: [{matchName: api.github.com}, {matchPattern: "*.cilium.io"}]\n');
    expect(e.peers.kind === 'list' && e.peers.items).toEqual([
      { kind: 'fqdn', path: 'spec.egress[0].toFQDNs[0]', matchName: 'api.github.com', matchPattern: null },
      { kind: 'fqdn', path: 'spec.egress[0].toFQDNs[1]', matchName: null, matchPattern: '*.cilium.io' },
    ]);
  });

  it('toServices by name and by selector; namespace kept or null', () => {
    const e = egress0('    - toServices:\n        - k8sService: {serviceName: db, namespace: data}\n        - k8sServiceSelector: {selector: {matchLabels: {app: x}}}\n');
    const items = e.peers.kind === 'list' ? e.peers.items : [];
    expect(items[0]).toEqual({ kind: 'service', path: 'spec.egress[0].toServices[0]', serviceName: 'db', namespace: 'data', selector: null });
    expect(items[1]).toMatchObject({ kind: 'service', serviceName: null, namespace: null, selector: { requirements: [{ key: 'app' }] } });
  });

  it('fromNodes/toNodes (with --enable-node-selector-labels, nodesPeers.test) and groups', () => {
    const n = ok(`${header()}spec:\n  endpointSelector: {}\n  ingress:\n    - fromNodes: [{matchLabels: {role: cp}}]\n`, { ...testCtx, nodeSelectorLabels: true }).rules[0]?.ingress[0] as Entry;
    expect(n.peers.kind === 'list' && n.peers.items[0]?.kind).toBe('nodes');
    const g = egress0('    - toGroups: [{aws: {securityGroupsIds: [sg-1]}}]\n');
    expect(g.peers.kind === 'list' && g.peers.items[0]).toEqual({ kind: 'groups', path: 'spec.egress[0].toGroups[0]', provider: 'aws' });
  });
});

describe('ports, ICMP, L7, authentication', () => {
  it('port number, name (lower-cased), "0", endPort, protocol default ANY and case-insensitive', () => {
    const e = ingress0(
      '    - toPorts:\n        - ports:\n            - {port: "80"}\n            - {port: HTTP-Alt, protocol: tcp}\n            - {port: "0", protocol: udp}\n            - {port: "8000", endPort: 8100, protocol: SCTP}\n            - {port: "9000", endPort: 9000}\n',
    );
    expect(e.ports[0]?.ports.map(({ protocol, port, endPort }) => ({ protocol, port, endPort }))).toEqual([
      { protocol: 'ANY', port: 80, endPort: null },
      { protocol: 'TCP', port: 'http-alt', endPort: null },
      { protocol: 'UDP', port: 0, endPort: null },
      { protocol: 'SCTP', port: 8000, endPort: 8100 },
      { protocol: 'ANY', port: 9000, endPort: null },
    ]);
    expect(e.ports[0]?.ports[1]?.path).toBe('spec.ingress[0].toPorts[0].ports[1]');
  });

  it('deny items take ports but drop L7 rules (pruned, with the consequence)', () => {
    const r = parseYaml(`${header()}spec:\n  endpointSelector: {}\n  egressDeny:\n    - toEntities: [world]\n      toPorts:\n        - ports: [{port: "25", protocol: TCP}]\n          rules: {http: [{}]}\n`);
    const e = r.value?.rules[0]?.egressDeny[0];
    expect(e).toMatchObject({ action: 'deny', direction: 'egress', ports: [{ ports: [{ port: 25, protocol: 'TCP' }], l7: null }] });
    expect(r.diagnostics.find((d) => d.code === 'unknown-field')?.message).toContain('deny applies to port 25/TCP as a whole');
  });

  it('icmps with numbers and CamelCase names per family', () => {
    const e = ingress0('    - icmps:\n        - fields:\n            - {type: 8}\n            - {type: EchoRequest}\n            - {family: IPv6, type: EchoRequest}\n            - {family: IPv6, type: 135}\n');
    expect(e.icmps.map(({ family, type }) => `${family}/${type}`)).toEqual(['IPv4/8', 'IPv4/8', 'IPv6/128', 'IPv6/135']);
    expect(e.icmps[2]?.path).toBe('spec.ingress[0].icmps[0].fields[2]');
  });

  it('HTTP, DNS, Kafka and generic L7 rules; serverNames', () => {
    const http = ingress0('    - toPorts:\n        - ports: [{port: "80", protocol: TCP}]\n          rules:\n            http: [{method: GET, path: /public, headers: ["X-A: 1"]}, {}]\n');
    expect(http.ports[0]?.l7).toEqual({ kind: 'http', rules: [{ method: 'GET', path: '/public', headers: ['X-A: 1'] }, {}] });
    const dns = egress0('    - toEndpoints: [{}]\n      toPorts:\n        - ports: [{port: "53", protocol: ANY}]\n          rules: {dns: [{matchPattern: "*"}]}\n');
    expect(dns.ports[0]?.l7).toEqual({ kind: 'dns', rules: [{ matchName: null, matchPattern: '*' }] });
    const kafka = ingress0('    - toPorts:\n        - ports: [{port: "9092", protocol: TCP}]\n          rules: {kafka: [{role: produce, topic: t}]}\n');
    expect(kafka.ports[0]?.l7).toEqual({ kind: 'kafka', rules: [{ role: 'produce', topic: 't' }] });
    const gen = ingress0('    - toPorts:\n        - ports: [{port: "9000", protocol: TCP}]\n          rules: {l7proto: r2d2, l7: [{cmd: READ}]}\n');
    expect(gen.ports[0]?.l7).toEqual({ kind: 'generic', l7proto: 'r2d2', rules: [{ cmd: 'READ' }] });
    const sni = egress0('    - toPorts:\n        - ports: [{port: "443", protocol: TCP}]\n          serverNames: [one.one.one.one]\n');
    expect(sni.ports[0]?.serverNames).toEqual(['one.one.one.one']);
  });

  it('authentication mode required', () => {
    expect(ingress0('    - fromEntities: [cluster]\n      authentication: {mode: required}\n').authRequired).toBe(true);
    expect(ingress0('    - fromEntities: [cluster]\n      authentication: {mode: disabled}\n').authRequired).toBe(false);
  });
});

describe('unknown fields are pruned (warning) and the policy loads without them', () => {
  const warnings = (yaml: string) => {
    const r = parseYaml(yaml);
    expect(r.value).not.toBeNull();
    return r.diagnostics.filter((d) => d.severity === 'warning');
  };

  it('HTTP: instead of http: drops the L7 rule', () => {
    const w = warnings(`${header()}spec:\n  endpointSelector: {}\n  ingress:\n    - toPorts:\n        - ports: [{port: "80", protocol: TCP}]\n          rules:\n            HTTP: [{method: GET}]\n`);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ path: 'spec.ingress[0].toPorts[0].rules.HTTP', line: 12, code: 'unknown-field' });
    expect(w[0]?.message).toContain('did you mean "http"');
    expect(w[0]?.message).toContain('port 80/TCP is allowed without HTTP filtering');
  });

  it('toPort typo: the peers are then allowed on every port', () => {
    const w = warnings(`${header()}spec:\n  endpointSelector: {}\n  ingress:\n    - fromEntities: [world]\n      toPort: [{ports: [{port: "80"}]}]\n`);
    expect(w[0]?.message).toContain('did you mean "toPorts"');
    expect(w[0]?.message).toContain('all ports and protocols');
  });

  it('fromEndpoint typo: the item then applies to every peer on its ports', () => {
    const r = parseYaml(`${header()}spec:\n  endpointSelector: {}\n  ingress:\n    - fromEndpoint: [{}]\n      toPorts: [{ports: [{port: "80"}]}]\n`);
    expect(r.value?.rules[0]?.ingress[0]?.peers).toEqual({ kind: 'wildcard' });
    expect(r.diagnostics[0]?.message).toContain('every peer (including world) on its ports');
  });

  it('toFQDNs in egressDeny is pruned', () => {
    const r = parseYaml(`${header()}spec:\n  endpointSelector: {}\n  egressDeny:\n    - toFQDNs: [{matchName: a.io}]\n      toPorts: [{ports: [{port: "443"}]}]\n`);
    expect(r.value?.rules[0]?.egressDeny[0]?.peers).toEqual({ kind: 'wildcard' });
    expect(r.diagnostics[0]?.message).toContain('egressDeny cannot select FQDNs');
  });

  it('unknown rule-level and selector-level fields', () => {
    const w = warnings(`${header()}spec:\n  endpointSelector: {matchLabels: {a: b}, matchLabel: {c: d}}\n  ingres: [{}]\n  egress: [{}]\n`);
    expect(w.map((d) => d.path)).toEqual(['spec.ingres', 'spec.endpointSelector.matchLabel']);
  });
});

describe('informational diagnostics', () => {
  it('enableDefaultDeny without items in that direction has no effect', () => {
    const r = parseCiliumPolicy(
      valueDoc({ kind: 'CiliumNetworkPolicy', metadata: { name: 'p' }, spec: { endpointSelector: {}, egress: [{}], enableDefaultDeny: { ingress: true } } }),
      testCtx,
    );
    expect(r.diagnostics.find((d) => d.code === 'default-deny-no-effect')?.path).toBe('spec.enableDefaultDeny.ingress');
  });

  it('a CNP subject formatted for explanations', () => {
    const p = ok(`${header()}spec:\n  endpointSelector: {matchLabels: {"k8s:app": web}}\n  ingress: [{}]\n`);
    expect(formatSelector(p.rules[0]!.subject.selector)).toBe('k8s:app=web, k8s:io.kubernetes.pod.namespace=shop');
  });
});
