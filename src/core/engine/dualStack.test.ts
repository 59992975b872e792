import { describe, expect, it } from 'vitest';
import { compile } from './compile.ts';
import { connectivity } from './connectivity.ts';
import { hasPort, isEmpty } from './PortSet.ts';
import { decide } from './decide.ts';
import { buildCluster, entityEndpoint, ipEndpoint, podEndpoint, policiesFromYaml, type PodSpec } from './testing.ts';
import type { EngineSettings } from './types.ts';
import type { Policy } from '../model/policy.ts';
import { loadInputs } from '../load/loadInputs.ts';

/**
 * The outside world in single- and dual-stack clusters (enable-ipv4 / enable-ipv6 of cilium-config,
 * else the families of the pods' addresses). Read in cilium/cilium as vendored by cilium/cilium-cli:
 * - outside identities: reserved:world in a single-stack cluster, reserved:world-ipv4 / -ipv6 in a
 *   dual-stack one (pkg/labels/cidr.go AddWorldLabel, 1.15-1.18; getWorldLabel from 1.19,
 *   v1.19.0-pre.4 e6f9d30 and v1.20.0-pre.4 2efb257); 1.14 has world only;
 * - a zero-length prefix: 1.14 reserved:world whatever its family (pkg/policy/api/cidr.go
 *   CIDRSlice.MatchesAll); 1.15-1.18 toCIDR and 1.15-1.16 toCIDRSet the family's world label in a
 *   dual-stack cluster, reserved:world only for the enabled family of a single-stack one
 *   (CIDRSlice.GetAsEndpointSelectors); 1.17-1.18 toCIDRSet and ipBlock reserved:world for either
 *   family in a single-stack cluster (CIDRRuleSlice.GetAsEndpointSelectors, v1.17.0-pre.1 to
 *   v1.18.0-pre.3 ccb662c); from 1.19 getWorldLabel: 0.0.0.0/0 is world-ipv4 where IPv6 is enabled,
 *   ::/0 world-ipv6 where IPv4 is, else world, so the disabled family's prefix selects nothing;
 * - entities world-ipv4 / world-ipv6 (pkg/policy/api/entity.go, from 1.15): only those labels.
 */
const egress = (peer: string) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: out, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: web}}
  egress: [{${peer}}]
`;
const v4 = '8.8.8.8';
const v6 = '2001:4860:4860::8888';

function model(yaml: string, settings: Partial<EngineSettings>, podIp = '10.244.0.10', edit: (p: Policy[]) => Policy[] = (p) => p) {
  const { policies, diagnostics } = policiesFromYaml(yaml, { ciliumVersion: settings.ciliumVersion ?? '1.19' });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const pods: PodSpec[] = [{ ns: 'shop', name: 'web', labels: { app: 'web' }, ip: podIp }];
  return compile(buildCluster({ pods, policies: edit(policies) }), settings);
}
function to(m: ReturnType<typeof model>, dest: string) {
  const d = decide(m, { from: podEndpoint(m, 'shop/web'), to: dest === 'world' ? entityEndpoint('world') : ipEndpoint(dest), port: 443, protocol: 'TCP' });
  return { reason: d.egress.reason, text: [...d.egress.nearMisses.map((n) => n.text), ...d.notes].join('\n') };
}

describe('a zero-length prefix of the family the cluster does not run', () => {
  it('1.19, IPv4-only: toCIDR ::/0 selects nothing, not even the world; the explanation names the version and the stack', () => {
    const m = model(egress("toCIDR: ['::/0']"), { ipFamilies: 'ipv4' });
    const r = to(m, 'world');
    expect(r.reason).toBe('default-deny');
    expect(r.text).toMatch(/Cilium 1\.19/);
    expect(r.text).toMatch(/IPv4-only/);
    expect(r.text).toMatch(/world-ipv6/);
    expect(to(m, v4).reason).toBe('default-deny');
    expect(to(model(egress("toCIDR: ['0.0.0.0/0']"), { ipFamilies: 'ipv4' }), 'world').reason).toBe('allowed');
  });
  it('says the releases it holds for, not only the one decided under: toCIDR from 1.15, toCIDRSet 1.15-1.16 and from 1.19 (1.17-1.18 give it reserved:world)', () => {
    const cidr = to(model(egress("toCIDR: ['::/0']"), { ipFamilies: 'ipv4' }), 'world').text;
    expect(cidr).toContain('::/0 (spec.egress[0].toCIDR[0]) selects reserved:world-ipv6 on Cilium 1.19, which no address of an IPv4-only cluster carries: it selects nothing there on Cilium 1.15 and later');
    const set = to(model(egress("toCIDRSet: [{cidr: '::/0'}]"), { ipFamilies: 'ipv4', ciliumVersion: '1.16' }), 'world').text;
    expect(set).toContain('::/0 (spec.egress[0].toCIDRSet[0]) selects cidr:0--0/0 on Cilium 1.16, which no address of an IPv4-only cluster carries: it selects nothing there on Cilium 1.15-1.16 and 1.19 and later');
    const dual = to(model(egress("toCIDR: ['0.0.0.0/0']"), { ipFamilies: 'dual' }), 'world');
    expect(dual.text).toContain('in a dual-stack cluster 0.0.0.0/0 (spec.egress[0].toCIDR[0]) selects reserved:world-ipv4 on Cilium 1.15 and later');
  });
  it('IPv6-only: 0.0.0.0/0 selects nothing, ::/0 the world', () => {
    expect(to(model(egress("toCIDR: ['0.0.0.0/0']"), { ipFamilies: 'ipv6' }), 'world').reason).toBe('default-deny');
    expect(to(model(egress("toCIDR: ['::/0']"), { ipFamilies: 'ipv6' }), 'world').reason).toBe('allowed');
  });
  it('1.17 and 1.18 toCIDRSet (and ipBlock) give a single-stack cluster reserved:world for either family; toCIDR does not', () => {
    for (const ciliumVersion of ['1.17', '1.18']) {
      expect(to(model(egress("toCIDRSet: [{cidr: '::/0'}]"), { ipFamilies: 'ipv4', ciliumVersion }), v4).reason, ciliumVersion).toBe('allowed');
      expect(to(model(egress("toCIDR: ['::/0']"), { ipFamilies: 'ipv4', ciliumVersion }), v4).reason, ciliumVersion).toBe('default-deny');
    }
    expect(to(model(egress("toCIDRSet: [{cidr: '::/0'}]"), { ipFamilies: 'ipv4', ciliumVersion: '1.16' }), v4).reason).toBe('default-deny');
    expect(to(model(egress("toCIDRSet: [{cidr: '::/0'}]"), { ipFamilies: 'ipv4', ciliumVersion: '1.19' }), v4).reason).toBe('default-deny');
  });
  it('1.14: either all-addresses prefix is reserved:world', () => {
    expect(to(model(egress("toCIDR: ['::/0']"), { ipFamilies: 'ipv4', ciliumVersion: '1.14' }), v4).reason).toBe('allowed');
  });
});

/**
 * A prefix of a family the cluster does not run, other than the all-addresses one: the rule's
 * selector exists, but no packet of that family reaches policy. A pod's datapath program handles
 * only the families it was built for: bpf/bpf_lxc.c cil_from_container switches on the ethertype,
 * with the IPv6 case only under ENABLE_IPV6 (the IPv4 one under ENABLE_IPV4), and drops the rest
 * with DROP_UNKNOWN_L3 (cilium/cilium, all releases the engine models). So 2001:db8::/32 in an
 * IPv4-only cluster opens nothing: the graph draws no path to it and explain says why.
 */
describe('a non-zero prefix of the family the cluster does not run', () => {
  const reaches = (m: ReturnType<typeof model>, family: 4 | 6) => {
    const conn = connectivity(m);
    return conn.edges.some((e) => {
      const p = conn.peers[e.to];
      return p?.kind === 'range' && p.family === family && !isEmpty(e.allowed);
    });
  };
  it('IPv4-only: toCIDR, toCIDRSet and an IPv6 address in them are not reachable; the explanation says the datapath drops IPv6', () => {
    for (const peer of ["toCIDR: ['2001:db8::/32']", "toCIDRSet: [{cidr: '2001:db8::/32', except: ['2001:db8:ff::/48']}]"]) {
      const m = model(egress(peer), { ipFamilies: 'ipv4' });
      const r = to(m, '2001:db8::1');
      expect(r.reason, peer).toBe('default-deny');
      expect(r.text).toContain('2001:db8::1 is an IPv6 address, which an IPv4-only cluster has none of');
      expect(r.text).toContain('DROP_UNKNOWN_L3');
      expect(reaches(m, 6), peer).toBe(false);
    }
  });
  it('dual stack and IPv6-only: the same rule allows it', () => {
    for (const ipFamilies of ['dual', 'ipv6'] as const) {
      const m = model(egress("toCIDR: ['2001:db8::/32']"), { ipFamilies }, ipFamilies === 'ipv6' ? 'fd00::10' : '10.244.0.10');
      expect(to(m, '2001:db8::1').reason, ipFamilies).toBe('allowed');
      expect(reaches(m, 6), ipFamilies).toBe(true);
    }
  });
  it('IPv6-only: an IPv4 prefix is not reachable either', () => {
    const m = model(egress("toCIDR: ['192.0.2.0/24']"), { ipFamilies: 'ipv6' }, 'fd00::10');
    expect(to(m, '192.0.2.1').reason).toBe('default-deny');
    expect(to(m, '192.0.2.1').text).toContain('192.0.2.1 is an IPv4 address, which an IPv6-only cluster has none of');
    expect(reaches(m, 4)).toBe(false);
  });
});

/**
 * The same drop with no CIDR rule in the way: a pod's program drops a packet of a family the
 * cluster does not run before any policy is looked up (bpf/bpf_lxc.c cil_from_container and the
 * ingress tail call switch on the ethertype; the other family's case is compiled out and the
 * default is DROP_UNKNOWN_L3, Hubble UNSUPPORTED_L3_PROTOCOL). So no policy, enable-policy=never,
 * an allow-any (enableDefaultDeny: false), toEntities world/all and an L4-only rule open it
 * neither: only the pod's side is dropped (the outside end is no Cilium endpoint).
 */
describe('an address of a family the cluster does not run, whatever the policies', () => {
  const cases: readonly (readonly [string, string, Partial<EngineSettings>])[] = [
    ['no policy', '', {}],
    ['enable-policy=never', '', { enforcementMode: 'never' }],
    ['toEntities world', egress('toEntities: [world]'), {}],
    ['toEntities all', egress('toEntities: [all]'), {}],
    ['an L4-only rule', egress("toPorts: [{ports: [{port: '443'}]}]"), {}],
    ['enableDefaultDeny.egress false', `${egress('toEntities: [all]')}  enableDefaultDeny: {egress: false}\n`, {}],
  ];
  for (const [name, yaml, settings] of cases)
    it(`IPv4-only, ${name}: both directions of a pod and an IPv6 address are dropped before policy`, () => {
      const m = model(yaml, { ipFamilies: 'ipv4', ...settings });
      const web = podEndpoint(m, 'shop/web');
      const out = decide(m, { from: web, to: ipEndpoint('2001:db8::1'), port: 443, protocol: 'TCP' });
      expect(out.verdict, name).toBe('denied');
      expect(out.egress.verdict).toBe('denied');
      expect(out.egress.text).toContain('DROP_UNKNOWN_L3');
      expect(out.egress.text).toContain('IPv4-only');
      const back = decide(m, { from: ipEndpoint('2001:db8::1'), to: web, port: 443, protocol: 'TCP' });
      expect(back.verdict, name).toBe('denied');
      expect(back.ingress.verdict).toBe('denied');
      expect(back.egress.reason).toBe('not-applicable');
      // An IPv4 address on the same path is still up to the policies.
      expect(decide(m, { from: web, to: ipEndpoint(v4), port: 443, protocol: 'TCP' }).verdict, name).toBe('allowed');
    });
  it('the connectivity matrix draws no path between a pod and an address range of the other family', () => {
    const yaml = `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: in, namespace: shop}\nspec:\n  endpointSelector: {matchLabels: {app: db}}\n  ingress: [{fromCIDR: ['2001:db8::/32']}]\n`;
    const { policies } = policiesFromYaml(yaml, { ciliumVersion: '1.19' });
    const pods: PodSpec[] = [
      { ns: 'shop', name: 'web', labels: { app: 'web' }, ip: '10.244.0.10' },
      { ns: 'shop', name: 'db', labels: { app: 'db' }, ip: '10.244.0.11' },
    ];
    const conn = connectivity(compile(buildCluster({ pods, policies }), { ipFamilies: 'ipv4' }));
    const v6 = conn.edges.filter((e) => [conn.peers[e.from], conn.peers[e.to]].some((p) => p?.kind === 'range' && p.family === 6));
    expect(v6).toEqual([]);
    expect(conn.edges.some((e) => conn.peers[e.to]?.kind === 'range')).toBe(true);
  });
});

describe('dual stack', () => {
  it('0.0.0.0/0 selects IPv4 outside addresses only (reserved:world-ipv4), so not the whole world', () => {
    const m = model(egress("toCIDR: ['0.0.0.0/0']"), { ipFamilies: 'dual' });
    expect(to(m, v4).reason).toBe('allowed');
    expect(to(m, v6).reason).toBe('default-deny');
    const w = to(m, 'world');
    expect(w.reason).toBe('default-deny');
    expect(w.text).toMatch(/dual-stack/);
    expect(to(model(egress("toCIDR: ['0.0.0.0/0', '::/0']"), { ipFamilies: 'dual' }), 'world').reason).toBe('allowed');
    expect(to(model(egress('toEntities: [world]'), { ipFamilies: 'dual' }), v6).reason).toBe('allowed');
  });
  it('entities world-ipv4 / world-ipv6 (agent-imported rules: not in the CRD enum) select their family in a dual-stack cluster only', () => {
    const asV6 = (ps: Policy[]) => ps.map((p) => ({ ...p, rules: p.rules.map((r) => ({ ...r, egress: r.egress.map((e) => ({ ...e, peers: e.peers.kind === 'list' ? { ...e.peers, items: e.peers.items.map((x) => (x.kind === 'entity' ? { ...x, entity: 'world-ipv6' as const } : x)) } : e.peers })) })) }));
    const dual = model(egress('toEntities: [world]'), { ipFamilies: 'dual' }, undefined, asV6);
    expect(to(dual, v6).reason).toBe('allowed');
    expect(to(dual, v4).reason).toBe('default-deny');
    expect(to(model(egress('toEntities: [world]'), { ipFamilies: 'ipv6' }, 'fd00::10', asV6), v6).reason).toBe('default-deny');
  });
});

/**
 * 0.0.0.0/0 and ::/0 in separate allow items of one endpoint, in a dual-stack cluster: each
 * selects its family's world label (pkg/labels/cidr.go getWorldLabel), and every outside address
 * is of one family, so an address the query does not know (the world, a DNS name) is allowed on a
 * port when both items allow that port: the policy map holds both keys and the packet matches one.
 */
describe('0.0.0.0/0 and ::/0 in separate items, dual stack, an address not known', () => {
  const both = (items: string) => model(`apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: out, namespace: shop}\nspec:\n  endpointSelector: {matchLabels: {app: web}}\n  egress: ${items}\n`, { ipFamilies: 'dual' });
  const reason = (m: ReturnType<typeof both>, dest: 'world' | 'name', port: number) =>
    decide(m, { from: podEndpoint(m, 'shop/web'), to: dest === 'world' ? entityEndpoint('world') : { kind: 'fqdn', name: 'example.com', ip: null, display: 'fqdn:example.com' }, port, protocol: 'TCP' }).egress;
  it('both items allow the port: allowed, by both items', () => {
    const m = both("[{toCIDR: ['0.0.0.0/0']}, {toCIDRSet: [{cidr: '::/0'}], toPorts: [{ports: [{port: '443'}]}]}]");
    for (const dest of ['world', 'name'] as const) {
      const s = reason(m, dest, 443);
      expect(s.reason, dest).toBe('allowed');
      expect(s.matched.map((x) => x.rule.path)).toEqual(['spec.egress[0]', 'spec.egress[1]']);
    }
    // Only the IPv4 item allows 80: the address may be IPv6.
    expect(reason(m, 'world', 80).reason).toBe('default-deny');
  });
  // The matrix's DNS-name peers have no address either: the same combination (and the same
  // pair in one peer list, for denies too), as decide() gives it.
  const fqdnPorts = (m: ReturnType<typeof both>) => {
    const conn = connectivity(m);
    const e = conn.edges.find((x) => conn.peers[x.to]?.kind === 'fqdn');
    return [80, 443, 8443].filter((port) => e !== undefined && hasPort(e.allowed, 'TCP', port));
  };
  const dnsItems = "{toFQDNs: [{matchName: example.com}], toPorts: [{ports: [{port: '8443'}]}]}, {toEndpoints: [{}], toPorts: [{ports: [{port: '53', protocol: UDP}], rules: {dns: [{matchPattern: '*'}]}}]}";
  it('the connectivity matrix combines them for a DNS-name peer as decide does', () => {
    for (const zero of ["{toCIDR: ['0.0.0.0/0']}, {toCIDRSet: [{cidr: '::/0'}], toPorts: [{ports: [{port: '443'}]}]}", "{toCIDR: ['0.0.0.0/0', '::/0'], toPorts: [{ports: [{port: '443'}]}]}"]) {
      const m = both(`[${zero}, ${dnsItems}]`);
      const byDecide = [80, 443, 8443].filter((port) => reason(m, 'name', port).reason === 'allowed');
      expect(byDecide, zero).toEqual([443, 8443]);
      expect(fqdnPorts(m), zero).toEqual(byDecide);
    }
  });
  it('a deny naming both in one peer list denies a DNS-name peer in the matrix as in decide', () => {
    const m = model(
      `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: out, namespace: shop}\nspec:\n  endpointSelector: {matchLabels: {app: web}}\n  egress: [{toFQDNs: [{matchName: example.com}]}, ${dnsItems}]\n  egressDeny: [{toCIDR: ['0.0.0.0/0', '::/0'], toPorts: [{ports: [{port: '443'}]}]}]\n`,
      { ipFamilies: 'dual' },
    );
    expect(reason(m, 'name', 443).reason).toBe('explicit-deny');
    expect(fqdnPorts(m)).toEqual([80, 8443]);
  });
  it('an except in either: not combined (the address may lie in it)', () => {
    expect(reason(both("[{toCIDRSet: [{cidr: '0.0.0.0/0', except: ['10.0.0.0/8']}]}, {toCIDR: ['::/0']}]"), 'world', 443).reason).toBe('default-deny');
  });
});

describe('the cluster\'s address families', () => {
  it('come from cilium-config enable-ipv4 / enable-ipv6, else from the pods\' addresses', () => {
    const pods = (ips: string) => `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, image: x}]}
status: {podIPs: [${ips}]}
`;
    const cm = (v6on: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cilium-config, namespace: kube-system}\ndata: {enable-ipv4: "true", enable-ipv6: "${v6on}"}\n`;
    const families = (...texts: string[]) => compile(loadInputs(texts.map((text, i) => ({ name: `f${i}.yaml`, data: text }))).cluster).settings.ipFamilies;
    expect(families(pods('{ip: 10.244.0.10}'))).toBe('ipv4');
    expect(families(pods('{ip: 10.244.0.10}, {ip: "fd00::10"}'))).toBe('dual');
    expect(families(pods('{ip: "fd00::10"}'))).toBe('ipv6');
    expect(families(pods('{ip: 10.244.0.10}'), cm('true'))).toBe('dual');
    expect(families(pods('{ip: 10.244.0.10}, {ip: "fd00::10"}'), cm('false'))).toBe('ipv4');
  });
});
