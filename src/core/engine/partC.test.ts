import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Policy } from '../model/policy.ts';
import { policiesFromYaml } from './testing.ts';
import { asker, setPartCInventoryYaml } from './partC.fixture.ts';
import type { Decision } from './types.ts';
import { semanticsDir } from '../../../test/paths.ts';

const yamlText = readFileSync(path.join(semanticsDir, 'policies.yaml'), 'utf8');
setPartCInventoryYaml(readFileSync(path.join(semanticsDir, 'cluster.yaml'), 'utf8'));
const parsed = policiesFromYaml(yamlText);
const byName = new Map<string, Policy>(parsed.policies.map((p) => [p.ref.name, p]));
const pol = (...names: string[]): Policy[] =>
  names.map((n) => {
    const p = byName.get(n);
    if (!p) throw new Error(`policy ${n} did not load`);
    return p;
  });
const withPolicies = (...names: string[]) => asker(pol(...names));

const allowed = (d: Decision) => expect(d.verdict, JSON.stringify([d.egress.text, d.ingress.text])).toBe('allowed');
const denied = (d: Decision) => expect(d.verdict, JSON.stringify([d.egress.text, d.ingress.text])).toBe('denied');
const paths = (refs: readonly { name: string; path: string }[]) => refs.map((r) => `${r.name} ${r.path}`);

describe('Part C scenarios through decide()', () => {
  it('C1 no policy: allowed, both sides no-policy', () => {
    const d = withPolicies()('shop/frontend', 'shop/backend');
    allowed(d);
    expect(d.egress.reason).toBe('no-policy');
    expect(d.ingress.reason).toBe('no-policy');
  });

  it('C2 L3+L4 allow, attributed to P1 ingress[0] as L3-L4', () => {
    const d = withPolicies('p1')('shop/frontend', 'shop/backend');
    allowed(d);
    expect(d.ingress.reason).toBe('allowed');
    expect(paths(d.ingress.rules)).toEqual(['p1 spec.ingress[0]']);
    expect(d.ingress.matched[0]?.matchType).toBe('L3-L4');
  });

  it('C3 L3 matched, L4 not: default deny with a wrong-port near miss', () => {
    const d = withPolicies('p1')('shop/frontend', 'shop/backend', { port: 9090 });
    denied(d);
    expect(d.ingress.reason).toBe('default-deny');
    expect(paths(d.ingress.defaultDenyFrom)).toEqual(['p1 spec']);
    expect(d.ingress.nearMisses.map((n) => n.why)).toContain('wrong-port');
  });

  it('C4 wrong peer: default deny, peer-not-selected near miss', () => {
    const d = withPolicies('p1')('shop/db', 'shop/backend');
    denied(d);
    expect(d.ingress.reason).toBe('default-deny');
    expect(d.ingress.nearMisses.map((n) => n.why)).toContain('peer-not-selected');
  });

  it('C5 implicit namespace scoping (CNP) vs CCNP', () => {
    denied(withPolicies('p1')('pay/frontend', 'shop/backend'));
    const ccnp = policiesFromYaml(`
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: c5}
spec:
  endpointSelector: {matchLabels: {app: backend}}
  ingress:
  - fromEndpoints: [{matchLabels: {app: frontend}}]
    toPorts: [{ports: [{port: "8080", protocol: TCP}]}]`).policies;
    allowed(asker(ccnp)('pay/frontend', 'shop/backend'));
  });

  it('C6 explicit cross-namespace peer; protocol omitted = ANY', () => {
    const ask = withPolicies('p2');
    allowed(ask('pay/api', 'shop/backend'));
    allowed(ask('pay/api', 'shop/backend', { proto: 'UDP' }));
    allowed(ask('pay/api', 'shop/backend', { proto: 'SCTP' }));
  });

  it('C7 a CNP subject cannot be moved to another namespace', () => {
    const d = withPolicies('p-c7')('shop/frontend', 'pay/api', { port: 80 });
    allowed(d);
    expect(d.ingress.reason).toBe('no-policy');
  });

  it('C8 ingress: [{}] locks down; local host allowed (allow-localhost), remote node denied', () => {
    const ask = withPolicies('p3');
    const d = ask('shop/frontend', 'shop/backend');
    denied(d);
    expect(d.ingress.reason).toBe('default-deny');
    const host = ask('172.18.0.3', 'shop/backend');
    allowed(host);
    expect(host.ingress.attribution).toBe('allow-localhost-ingress');
    expect(host.egress.reason).toBe('not-applicable');
    denied(ask('172.18.0.2', 'shop/backend'));
    // allow-localhost=policy: the host needs an explicit rule.
    denied(asker(pol('p3'), { allowLocalhost: 'policy' })('172.18.0.3', 'shop/backend'));
  });

  it('C9 ingress: [] is not a lock-down', () => {
    const ask = withPolicies('p4');
    const d = ask('shop/frontend', 'shop/backend');
    allowed(d);
    expect(d.ingress.reason).toBe('no-policy');
    const e = ask('shop/backend', 'shop/db', { port: 5432 });
    denied(e);
    expect(e.egress.reason).toBe('default-deny');
    // A rule with only `ingress: []` is rejected by the agent: the parser drops it, nothing applies.
    expect(byName.has('p4-only-empty')).toBe(false);
    expect(parsed.diagnostics.some((x) => x.severity === 'error')).toBe(true);
    allowed(withPolicies()('shop/frontend', 'shop/backend'));
  });

  it('C10 fromEndpoints: [{}] in a CNP = same namespace, all ports', () => {
    const ask = withPolicies('p5');
    const d = ask('shop/db', 'shop/backend', { port: 1234 });
    allowed(d);
    expect(d.ingress.matched[0]?.matchType).toBe('L3-Only');
    denied(ask('pay/api', 'shop/backend'));
    denied(ask('8.8.8.8', 'shop/backend'));
  });

  it('C11 toPorts without peers = any peer, world included', () => {
    const ask = withPolicies('p6');
    const w = ask('8.8.8.8', 'shop/backend');
    allowed(w);
    expect(w.egress.reason).toBe('not-applicable');
    expect(w.ingress.matched[0]?.matchType).toBe('L4-Only');
    allowed(ask('pay/api', 'shop/backend'));
    denied(ask('shop/db', 'shop/backend', { port: 22 }));
    const icmp = ask('shop/frontend', 'shop/backend', { port: 8, proto: 'ICMP' });
    denied(icmp);
    expect(icmp.ingress.nearMisses.map((n) => n.why)).toContain('icmp-needs-icmps');
  });

  it('C12 explicit empty peer list selects nothing but enables default deny', () => {
    const d = withPolicies('p7')('shop/frontend', 'shop/backend');
    denied(d);
    expect(d.ingress.reason).toBe('default-deny');
    expect(d.ingress.nearMisses.map((n) => n.why)).toContain('empty-peer-list');
  });

  it('C13 L4 deny beats L3 allow', () => {
    const ask = withPolicies('p8');
    const d = ask('shop/frontend', 'shop/backend');
    denied(d);
    expect(d.ingress.reason).toBe('explicit-deny');
    expect(paths(d.ingress.rules)).toEqual(['p8 spec.ingressDeny[0]']);
    allowed(ask('shop/frontend', 'shop/backend', { port: 8081 }));
    allowed(ask('shop/frontend', 'shop/backend', { port: 8, proto: 'ICMP' }));
  });

  it('C14 L3 deny beats L3+L4 allow', () => {
    const d = withPolicies('p1', 'p9')('shop/frontend', 'shop/backend');
    denied(d);
    expect(d.ingress.reason).toBe('explicit-deny');
    expect(paths(d.ingress.rules)).toEqual(['p9 spec.ingressDeny[0]']);
  });

  it('C15 a deny-only policy still enables default deny', () => {
    const ask = withPolicies('p10');
    expect(ask('8.8.8.8', 'shop/backend').ingress.reason).toBe('explicit-deny');
    const d = ask('shop/db', 'shop/backend');
    denied(d);
    expect(d.ingress.reason).toBe('default-deny');
  });

  it('C16 deny-only with enableDefaultDeny: false; P1 makes it default-deny again', () => {
    const ask = withPolicies('p11');
    const d = ask('shop/db', 'shop/backend');
    allowed(d);
    expect(d.ingress.attribution).toBe('allow-any-ingress');
    expect(ask('8.8.8.8', 'shop/backend').ingress.reason).toBe('explicit-deny');
    const both = withPolicies('p11', 'p1')('shop/db', 'shop/backend');
    denied(both);
    expect(paths(both.ingress.defaultDenyFrom)).toEqual(['p1 spec']);
  });

  it('C17 CCNP deny world, allow everything else', () => {
    const ask = withPolicies('g1', 'p-world-8080');
    const d = ask('pay/api', 'shop/backend', { port: 9999 });
    allowed(d);
    expect(d.ingress.rules[0]?.kind).toBe('CiliumClusterwideNetworkPolicy');
    const w = ask('8.8.8.8', 'shop/backend');
    denied(w);
    expect(paths(w.ingress.rules)).toEqual(['g1 spec.ingressDeny[0]']);
  });

  it('C18 port range (inclusive, TCP only); not enforced before 1.16', () => {
    const ask = withPolicies('p12');
    allowed(ask('shop/frontend', 'shop/backend', { port: 8080 }));
    allowed(ask('shop/frontend', 'shop/backend', { port: 8100 }));
    denied(ask('shop/frontend', 'shop/backend', { port: 8101 }));
    denied(ask('shop/frontend', 'shop/backend', { port: 8080, proto: 'UDP' }));
    const old = asker(pol('p12'), { ciliumVersion: '1.15' })('shop/frontend', 'shop/backend', { port: 8080 });
    denied(old);
    expect(old.notes.join(' ')).toMatch(/1\.16/);
  });

  it('C19 named port resolves on the destination', () => {
    const ask = withPolicies('p13');
    allowed(ask('shop/frontend', 'shop/backend', { port: 8080 }));
    allowed(ask('shop/frontend', 'shop/backend', { port: 'http' }));
    denied(ask('shop/frontend', 'shop/backend', { port: 80 }));
  });

  it('C20 policies see the target port after DNAT, not the Service port', () => {
    denied(withPolicies('p14')('shop/frontend', 'shop/backend', { port: 8080 }));
    const d = withPolicies('p14-8080')('shop/frontend', 'shop/backend', { port: 8080 });
    allowed(d);
    expect(d.egress.reason).toBe('allowed');
  });

  it('C21 CIDR except holes and CIDRs never select pods', () => {
    const ask = withPolicies('p15');
    allowed(ask('shop/frontend', '10.20.0.5', { port: 443 }));
    const ex = ask('shop/frontend', '10.96.0.10', { port: 443 });
    denied(ex);
    expect(ex.egress.nearMisses.map((n) => n.why)).toContain('in-except');
    // Which except range it fell in is named (was 'also inside an except range').
    expect(ex.egress.nearMisses.find((n) => n.why === 'in-except')?.text).toBe('10.96.0.10 is inside 10.0.0.0/8 but also inside its except range 10.96.0.0/12 (spec.egress[0].toCIDRSet[0])');
    const pod = ask('shop/frontend', '10.244.1.30', { port: 5432 });
    denied(pod);
    expect(pod.egress.nearMisses.map((n) => n.why)).toContain('cidr-not-for-cluster');
    denied(ask('shop/frontend', '8.8.8.8', { port: 443 }));
    expect(byName.has('p15-bad-except')).toBe(false);
  });

  it('C22 world entity vs CIDR vs nodes', () => {
    const ask = withPolicies('p16');
    allowed(ask('shop/frontend', '8.8.8.8', { port: 53, proto: 'UDP' }));
    denied(ask('shop/frontend', '172.18.0.2', { port: 10250 }));
    denied(ask('shop/frontend', 'shop/db', { port: 5432 }));
    denied(withPolicies('p16-cidr')('shop/frontend', '172.18.0.2', { port: 10250 }));
    allowed(asker(pol('p16-cidr'), { policyCidrMatchMode: 'nodes' })('shop/frontend', '172.18.0.2', { port: 10250 }));
    allowed(withPolicies('p16-remote-node')('shop/frontend', '172.18.0.2', { port: 10250 }));
  });

  it('C23 cluster entity', () => {
    const ask = withPolicies('p17');
    allowed(ask('pay/api', 'shop/backend'));
    allowed(ask('172.18.0.2', 'shop/backend'));
    denied(ask('8.8.8.8', 'shop/backend'));
  });

  it('C24 FQDN without a DNS rule matches nothing', () => {
    const ask = withPolicies('p18');
    denied(ask('shop/frontend', 'kube-system/coredns', { port: 53, proto: 'UDP' }));
    const withL4Dns = withPolicies('p18', 'p18-dns-l4');
    allowed(withL4Dns('shop/frontend', 'kube-system/coredns', { port: 53, proto: 'UDP' }));
    const d = withL4Dns('shop/frontend', 'fqdn:api.github.com@140.82.112.3', { port: 443 });
    denied(d);
    expect(d.egress.nearMisses.map((n) => n.why)).toContain('fqdn-no-dns-rule');
    denied(withL4Dns('shop/frontend', '140.82.112.3', { port: 443, names: ['api.github.com'] }));
  });

  it('C25 FQDN with a DNS rule', () => {
    const ask = withPolicies('p18', 'p19');
    const dns = ask('shop/frontend', 'kube-system/coredns', { port: 53, proto: 'UDP', l7: { kind: 'dns', query: 'api.github.com' } });
    allowed(dns);
    expect(dns.egress.l7).toBe('filtered');
    const d = ask('shop/frontend', '140.82.112.3', { port: 443, names: ['api.github.com'] });
    allowed(d);
    expect(paths(d.egress.rules)).toEqual(['p18 spec.egress[0]']);
    allowed(ask('shop/frontend', 'fqdn:api.github.com', { port: 443 }));
    denied(ask('shop/frontend', '140.82.112.3', { port: 80, names: ['api.github.com'] }));
    const other = withPolicies('p18', 'p19-example');
    const refused = other('shop/frontend', 'kube-system/coredns', { port: 53, proto: 'UDP', l7: { kind: 'dns', query: 'api.github.com' } });
    denied(refused);
    expect(refused.l7?.verdict).toBe('denied');
    expect(refused.egress.verdict).toBe('allowed');
    denied(other('shop/frontend', 'fqdn:api.github.com', { port: 443 }));
  });

  it('C27 ingress allowed, egress denied: the source egress decides', () => {
    const d = withPolicies('p1', 'p20')('shop/frontend', 'shop/backend');
    denied(d);
    expect(d.egress.reason).toBe('default-deny');
    expect(d.ingress.reason).toBe('allowed');
  });

  it('C28 replies pass by conntrack; new connections from the server do not', () => {
    const ask = withPolicies('p1', 'p21');
    allowed(ask('shop/frontend', 'shop/backend'));
    const reply = ask('shop/backend', 'shop/frontend', { port: 8080, reply: true });
    allowed(reply);
    expect(reply.notes[0]).toMatch(/connection tracking/);
    const fresh = ask('shop/backend', 'shop/frontend', { port: 9000 });
    denied(fresh);
    expect(fresh.egress.reason).toBe('default-deny');
  });

  it('C29 L7 HTTP restriction, and shadowing by a plain L4 allow', () => {
    const ask = withPolicies('p22');
    const syn = ask('shop/frontend', 'shop/backend');
    allowed(syn);
    expect(syn.ingress.l7).toBe('filtered');
    expect(syn.ingress.l7Rules[0]?.allowed).toEqual(['GET /public']);
    allowed(ask('shop/frontend', 'shop/backend', { l7: { kind: 'http', method: 'GET', path: '/public' } }));
    const post = ask('shop/frontend', 'shop/backend', { l7: { kind: 'http', method: 'POST', path: '/public' } });
    denied(post);
    expect(post.l7?.verdict).toBe('denied');
    expect(post.ingress.reason).toBe('allowed');
    denied(ask('shop/frontend', 'shop/backend', { l7: { kind: 'http', method: 'GET', path: '/public/x' } }));
    const shadow = withPolicies('p22', 'p1')('shop/frontend', 'shop/backend', { l7: { kind: 'http', method: 'POST', path: '/admin' } });
    allowed(shadow);
    expect(shadow.ingress.l7).toBe('unrestricted');
  });

  // The reference's C30 (L7 DENY) is the behaviour of Cilium before 1.16.10 / 1.17.4
  // (cilium/cilium#38676); cilium/cilium#38841 (1.18.0, backported to 1.17.4 and 1.16.10) adds an
  // L7 allow-all to L7 rules of an endpoint not in default deny (pkg/policy/rule_test.go
  // TestHTTPWildcardInDefaultAllow). The engine takes a 1.17 cluster as its latest patch release.
  it('C30 enableDefaultDeny: false: L7 rules filter no request (1.17: a note names the patch releases that did)', () => {
    const ask = withPolicies('p23');
    allowed(ask('shop/db', 'shop/backend', { port: 5432 }));
    const d = ask('shop/frontend', 'shop/backend', { l7: { kind: 'http', method: 'GET', path: '/private' } });
    allowed(d);
    expect(d.l7?.text).toContain('#38841');
    const old = policiesFromYaml(yamlText, { ciliumVersion: '1.17' }).policies.filter((p) => p.ref.name === 'p23');
    const d17 = asker(old, { ciliumVersion: '1.17' })('shop/frontend', 'shop/backend', { l7: { kind: 'http', method: 'GET', path: '/private' } });
    allowed(d17);
    expect(d17.notes.join(' ')).toContain('1.17.4');
  });

  it('C31 CCNP peer {} excludes non-pods', () => {
    const ask = withPolicies('g2');
    allowed(ask('pay/api', 'shop/backend'));
    denied(ask('172.18.0.2', 'shop/backend'));
    denied(ask('8.8.8.8', 'shop/backend'));
  });

  it('C32 CNP namespace-label peer: allowed in 1.19 with a version note; denied on older versions', () => {
    const d = withPolicies('p24')('pay/api', 'shop/backend');
    allowed(d);
    expect(d.notes.join(' ')).toMatch(/namespace labels/);
    const old = policiesFromYaml(yamlText, { ciliumVersion: '1.15' }).policies.filter((p) => p.ref.name === 'p24');
    denied(asker(old, { ciliumVersion: '1.15' })('pay/api', 'shop/backend'));
  });

  it('C32b namespace key with NotIn in a CNP peer', () => {
    const ask = withPolicies('p27');
    allowed(ask('pay/api', 'shop/backend'));
    denied(ask('kube-system/coredns', 'shop/backend'));
    denied(ask('8.8.8.8', 'shop/backend'));
  });

  it('C33 union across policies, with every contributing rule listed', () => {
    const ask = withPolicies('p1', 'p25');
    expect(paths(ask('shop/frontend', 'shop/backend', { port: 9090 }).ingress.rules)).toEqual(['p25 spec.ingress[0]']);
    expect(paths(ask('shop/frontend', 'shop/backend', { port: 8080 }).ingress.rules)).toEqual(['p1 spec.ingress[0]']);
    const three = withPolicies('p1', 'p25', 'p5');
    expect(paths(three('shop/frontend', 'shop/backend', { port: 9090 }).ingress.rules).sort()).toEqual(['p25 spec.ingress[0]', 'p5 spec.ingress[0]']);
    expect(paths(three('shop/frontend', 'shop/backend', { port: 8080 }).ingress.rules).sort()).toEqual(['p1 spec.ingress[0]', 'p5 spec.ingress[0]']);
  });

  it('C34 NetworkPolicy namespaceSelector AND podSelector; default protocol TCP; OR form', () => {
    const ask = withPolicies('np-c34');
    const d = ask('pay/api', 'shop/backend');
    allowed(d);
    expect(d.ingress.rules[0]?.kind).toBe('NetworkPolicy');
    denied(ask('pay/api', 'shop/backend', { proto: 'UDP' }));
    denied(ask('pay/worker', 'shop/backend'));
    const or = withPolicies('np-c34-or');
    allowed(or('pay/worker', 'shop/backend'));
    denied(or('shop/db', 'shop/backend'));
  });

  it('C35 NetworkPolicy ipBlock except, pods and nodes not CIDR-selectable, policyTypes', () => {
    const ask = withPolicies('np-c35');
    allowed(ask('shop/frontend', '8.8.8.8', { port: 443 }));
    denied(ask('shop/frontend', '10.20.0.5', { port: 443 }));
    denied(ask('shop/frontend', 'kube-system/coredns', { port: 53, proto: 'UDP' }));
    denied(ask('shop/frontend', '172.18.0.2', { port: 443 }));
    expect(ask('shop/db', 'shop/frontend').ingress.reason).toBe('no-policy');
    const lock = withPolicies('np-c35-deny-ingress');
    denied(lock('shop/db', 'shop/frontend'));
    allowed(lock('172.18.0.3', 'shop/frontend'));
  });

  it('C36 kube-apiserver entity and the DNAT port', () => {
    denied(withPolicies('p26')('shop/frontend', 'entity:kube-apiserver', { port: 6443 }));
    allowed(withPolicies('p26-6443')('shop/frontend', 'entity:kube-apiserver', { port: 6443 }));
    denied(withPolicies('p26-world')('shop/frontend', 'entity:kube-apiserver', { port: 6443 }));
  });

  it('C37 deprecated and invalid constructs do not load and have no effect', () => {
    for (const n of ['p-c37-requires', 'p-c37-two-kinds', 'p-c37-world-ipv4']) expect(byName.has(n), n).toBe(false);
    allowed(withPolicies()('shop/frontend', 'shop/backend'));
  });

  it('C38 enforcement modes', () => {
    const always = asker([], { enforcementMode: 'always' })('shop/frontend', 'shop/backend');
    denied(always);
    expect(always.egress.reason).toBe('default-deny');
    expect(always.ingress.reason).toBe('default-deny');
    const never = asker(pol('p3'), { enforcementMode: 'never' })('shop/frontend', 'shop/backend');
    allowed(never);
  });
});

describe('C26 matchPattern through toFQDNs', () => {
  it('is covered by fqdnMatch.test.ts; here through a policy', () => {
    const yaml = `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: c26, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: frontend}}
  egress:
  - toFQDNs: [{matchPattern: "*.github.com"}]
  - toEndpoints: [{matchLabels: {"k8s:io.kubernetes.pod.namespace": kube-system, "k8s:k8s-app": kube-dns}}]
    toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]`;
    const ask = asker(policiesFromYaml(yaml).policies);
    allowed(ask('shop/frontend', 'fqdn:api.github.com', { port: 443 }));
    denied(ask('shop/frontend', 'fqdn:github.com', { port: 443 }));
    denied(ask('shop/frontend', 'fqdn:a.b.github.com', { port: 443 }));
  });
});
