import { describe, expect, it } from 'vitest';
import { parseCiliumPolicy } from './CiliumNetworkPolicy.ts';
import { rawDoc, testCtx, valueDoc } from './testDocs.ts';

/** A CNP in namespace shop with `spec` = given rule. */
const cnp = (spec: unknown, kind = 'CiliumNetworkPolicy') =>
  valueDoc({ apiVersion: 'cilium.io/v2', kind, metadata: { name: 'p', namespace: 'shop' }, spec });
const sel = { matchLabels: { app: 'backend' } };
const peer = { fromEndpoints: [{ matchLabels: { app: 'frontend' } }] };
const tcp80 = (extra: object = {}) => ({ ports: [{ port: '80', protocol: 'TCP' }], ...extra });

function expectRejected(doc: ReturnType<typeof cnp>, path: string, msg: string, ctx = testCtx): void {
  const r = parseCiliumPolicy(doc, ctx);
  expect(r.value).toBeNull();
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  expect(errors.length).toBeGreaterThan(0);
  for (const e of errors) expect(e.message).toMatch(/^Cilium rejects the whole policy: /);
  const hit = errors.find((e) => e.path === path);
  expect(hit, `error at ${path}; got ${errors.map((e) => `${e.path}: ${e.message}`).join(' | ')}`).toBeDefined();
  expect(hit?.message).toContain(msg);
}

describe('A.12 validation: Cilium rejects the whole object', () => {
  it('1: a rule without any item (empty lists do not count)', () => {
    expectRejected(cnp({ endpointSelector: sel, ingress: [] }), 'spec', 'ingress: []');
    expectRejected(cnp({ endpointSelector: sel, ingress: [], enableDefaultDeny: { ingress: true } }), 'spec', 'no ingress');
    expectRejected(cnp({ endpointSelector: sel }), 'spec', 'no ingress');
  });

  it('1: one bad rule in specs rejects the whole object', () => {
    const doc = valueDoc({
      kind: 'CiliumNetworkPolicy',
      metadata: { name: 'p' },
      spec: { endpointSelector: sel, ingress: [{}] },
      specs: [{ endpointSelector: sel, egress: [{}] }, { endpointSelector: sel, egress: [] }],
    });
    expectRejected(doc, 'specs[1]', 'no ingress');
  });

  it('2: both, neither, or nodeSelector in a CNP', () => {
    expectRejected(cnp({ ingress: [{}] }), 'spec', 'one of endpointSelector or nodeSelector');
    expectRejected(cnp({ endpointSelector: {}, nodeSelector: {}, ingress: [{}] }, 'CiliumClusterwideNetworkPolicy'), 'spec.nodeSelector', 'both');
    expectRejected(cnp({ nodeSelector: {}, ingress: [{}] }), 'spec.nodeSelector', 'cannot have nodeSelector');
  });

  it('3: more than one peer kind in one item', () => {
    expectRejected(cnp({ endpointSelector: sel, ingress: [{ ...peer, fromCIDR: ['10.0.0.0/8'] }] }), 'spec.ingress[0]', 'combining fromEndpoints and fromCIDR');
    expectRejected(
      cnp({ endpointSelector: sel, egress: [{ toFQDNs: [{ matchName: 'a.io' }], toCIDR: ['1.1.1.1'] }] }),
      'spec.egress[0]',
      'combining toCIDR and toFQDNs',
    );
    expectRejected(cnp({ endpointSelector: sel, egressDeny: [{ toEntities: ['world'], toEndpoints: [{}] }] }), 'spec.egressDeny[0]', 'combining');
  });

  it('4: icmps together with toPorts', () => {
    expectRejected(
      cnp({ endpointSelector: sel, ingress: [{ ...peer, toPorts: [tcp80()], icmps: [{ fields: [{ type: 8 }] }] }] }),
      'spec.ingress[0].icmps',
      'without toPorts',
    );
  });

  it('5: CIDR rules', () => {
    const eg = (item: object) => cnp({ endpointSelector: sel, egress: [item] });
    expectRejected(eg({ toCIDRSet: [{ cidr: '10.0.0.0/8', except: ['192.168.0.0/16'] }] }), 'spec.egress[0].toCIDRSet[0].except[0]', 'not contained');
    expectRejected(eg({ toCIDRSet: [{ cidr: '10.0.0.0/8', except: ['fd00::/8'] }] }), 'spec.egress[0].toCIDRSet[0].except[0]', 'not contained');
    expectRejected(eg({ toCIDRSet: [{ except: ['10.0.0.0/8'] }] }), 'spec.egress[0].toCIDRSet[0]', 'exactly one');
    expectRejected(eg({ toCIDRSet: [{ cidr: '10.0.0.0/8', cidrGroupRef: 'g' }] }), 'spec.egress[0].toCIDRSet[0]', 'exactly one');
    expectRejected(eg({ toCIDRSet: [{ cidr: '10.0.0.1' }] }), 'spec.egress[0].toCIDRSet[0].cidr', 'prefix notation');
    expectRejected(eg({ toCIDR: ['10.0.0.0/33'] }), 'spec.egress[0].toCIDR[0]', 'unable to parse CIDR');
    expectRejected(eg({ toCIDR: ['300.1.1.1'] }), 'spec.egress[0].toCIDR[0]', 'unable to parse CIDR');
  });

  it('6: unknown entity, and world-ipv4/world-ipv6 (not in the CRD enum)', () => {
    expectRejected(cnp({ endpointSelector: sel, ingress: [{ fromEntities: ['everything'] }] }), 'spec.ingress[0].fromEntities[0]', 'unsupported entity');
    expectRejected(cnp({ endpointSelector: sel, egress: [{ toEntities: ['world-ipv4'] }] }), 'spec.egress[0].toEntities[0]', "CRD's enum");
    expectRejected(cnp({ endpointSelector: sel, egress: [{ toEntities: ['world-ipv6'] }] }), 'spec.egress[0].toEntities[0]', "CRD's enum");
  });

  it('7: ports', () => {
    const ing = (pr: object) => cnp({ endpointSelector: sel, ingress: [{ ...peer, toPorts: [pr] }] });
    const p = 'spec.ingress[0].toPorts[0]';
    const many = Array.from({ length: 41 }, (_, i) => ({ port: String(1000 + i) }));
    expectRejected(ing({ ports: many }), `${p}.ports`, 'too many ports');
    expectRejected(ing({ ports: [{ port: '70000' }] }), `${p}.ports[0].port`, 'out of range');
    expectRejected(ing({ ports: [{ port: 'not_a_port' }] }), `${p}.ports[0].port`, 'unable to parse port');
    expectRejected(ing({ ports: [{ port: '080' }] }), `${p}.ports[0].port`, 'unable to parse port');
    expectRejected(ing({ ports: [{ protocol: 'TCP' }] }), `${p}.ports[0].port`, 'port must be specified');
    expectRejected(ing({ ports: [{ port: 80 }] }), `${p}.ports[0].port`, 'must be a string');
    expectRejected(ing({ ports: [{ port: '80', protocol: 'ICMP' }] }), `${p}.ports[0].protocol`, 'icmps');
    expectRejected(ing({ ports: [{ port: '80', protocol: 'QUIC' }] }), `${p}.ports[0].protocol`, 'unknown protocol');
    expectRejected(ing({ ports: [{ port: '80', endPort: 70000 }] }), `${p}.ports[0].endPort`, 'endPort must be an integer');
    expectRejected(ing({ ports: [{ port: '80', protocol: 'VRRP' }] }), `${p}.ports[0].port`, 'VRRP has no ports');
  });

  it('7: L7 rules', () => {
    const ing = (pr: object) => cnp({ endpointSelector: sel, ingress: [{ ...peer, toPorts: [pr] }] });
    const eg = (pr: object) => cnp({ endpointSelector: sel, egress: [{ toEndpoints: [{}], toPorts: [pr] }] });
    const p = 'spec.ingress[0].toPorts[0]';
    const http = { rules: { http: [{ method: 'GET' }] } };
    expectRejected(ing({ ports: [{ port: '80', protocol: 'UDP' }], ...http }), `${p}.ports[0].protocol`, 'only apply to TCP');
    expectRejected(ing({ ports: [{ port: '80' }], ...http }), `${p}.ports[0].protocol`, 'not ANY');
    expectRejected(ing({ ports: [{ port: '0', protocol: 'TCP' }], ...http }), `${p}.ports[0].port`, 'port is 0');
    expectRejected(ing(tcp80({ rules: { dns: [{ matchPattern: '*' }] } })), `${p}.rules.dns`, 'not allowed on ingress');
    expectRejected(eg({ rules: { dns: [{ matchPattern: '*' }] } }), 'spec.egress[0].toPorts[0].rules', 'port 53 must be specified');
    expectRejected(
      eg({ ports: [{ port: '53', endPort: 54, protocol: 'UDP' }], rules: { dns: [{ matchPattern: '*' }] } }),
      'spec.egress[0].toPorts[0].ports[0].endPort',
      'port ranges',
    );
    expectRejected(ing(tcp80({ rules: { http: [{}], kafka: [{ topic: 't' }] } })), `${p}.rules`, 'multiple L7');
    expectRejected(ing(tcp80({ rules: { l7: [{ a: 'b' }] } })), `${p}.rules.l7`, 'l7proto');
    expectRejected(ing(tcp80({ serverNames: ['a.io'], ...http })), `${p}.serverNames`, 'TLS termination');
    expectRejected(ing(tcp80({ serverNames: [''] })), `${p}.serverNames[0]`, 'empty server name');
    expectRejected(ing(tcp80({ listener: { envoyConfig: { name: 'x' }, name: 'l' } })), `${p}.listener`, 'not allowed on ingress');
  });

  it('7: HTTP path and method must compile as RE2 (Cilium PortRuleHTTP.Sanitize; rule_validation_test.go TestHTTPRuleRegexes)', () => {
    const ing = (h: object) => cnp({ endpointSelector: sel, ingress: [{ ...peer, toPorts: [tcp80({ rules: { http: [h] } })] }] });
    const p = 'spec.ingress[0].toPorts[0].rules.http[0]';
    // Cilium's own cases: {Method: "GET", Path: "*"} and {Method: "*", Path: "/"} are rejected.
    expectRejected(ing({ method: 'GET', path: '*' }), `${p}.path`, 'not a valid RE2');
    expectRejected(ing({ method: '*', path: '/' }), `${p}.method`, 'missing argument to repetition operator');
    // JavaScript-only syntax is not RE2: lookbehind and backreferences are rejected as Go rejects them.
    expectRejected(ing({ path: '/(?<=a)b' }), `${p}.path`, 'not a valid RE2');
    expectRejected(ing({ path: '/(a)\\1' }), `${p}.path`, 'not a valid RE2');
    // What RE2 accepts loads, including RE2-only flags.
    for (const ok of [{ method: 'GET', path: '/' }, { path: '/public/.*' }, { method: '(?i)get|post' }, { path: '' }])
      expect(parseCiliumPolicy(ing(ok), testCtx).value, JSON.stringify(ok)).not.toBeNull();
  });

  it('7: HTTP host is not compiled by Sanitize: an invalid RE2 host loads with a warning', () => {
    const doc = cnp({ endpointSelector: sel, ingress: [{ ...peer, toPorts: [tcp80({ rules: { http: [{ host: '*.example.com' }] } })] }] });
    const r = parseCiliumPolicy(doc, testCtx);
    expect(r.value).not.toBeNull();
    const w = r.diagnostics.find((d) => d.code === 'invalid-regex');
    expect(w?.severity).toBe('warning');
    expect(w?.path).toBe('spec.ingress[0].toPorts[0].rules.http[0].host');
  });

  it('7: generic L7 rules may not have an empty key (Cilium PortRuleL7.Sanitize; rule_validation_test.go TestL7Rules)', () => {
    const ing = (l7: object[]) => cnp({ endpointSelector: sel, ingress: [{ ...peer, toPorts: [tcp80({ rules: { l7proto: 'test.lineparser', l7 } })] }] });
    expect(parseCiliumPolicy(ing([{ method: 'PUT', path: '/' }, { method: 'GET', path: '/' }]), testCtx).value).not.toBeNull();
    expect(parseCiliumPolicy(cnp({ endpointSelector: sel, ingress: [{ ...peer, toPorts: [tcp80({ rules: { l7proto: 'test.lineparser' } })] }] }), testCtx).value).not.toBeNull();
    expectRejected(ing([{ method: 'PUT', '': 'Foo' }]), 'spec.ingress[0].toPorts[0].rules.l7[0]', 'Empty key not allowed');
  });

  it('7: L7 in host policies (nodeSelector)', () => {
    const host = (rule: object) => cnp({ nodeSelector: {}, ...rule }, 'CiliumClusterwideNetworkPolicy');
    expectRejected(host({ ingress: [{ toPorts: [tcp80({ rules: { http: [{}] } })] }] }), 'spec.ingress[0].toPorts[0].rules', 'host policies');
    expectRejected(host({ egress: [{ toPorts: [tcp80({ rules: { http: [{}] } })] }] }), 'spec.egress[0].toPorts[0].rules', 'host policies');
    const dns = host({ egress: [{ toPorts: [{ ports: [{ port: '53', protocol: 'UDP' }], rules: { dns: [{ matchName: 'a.io' }] } }] }] });
    expect(parseCiliumPolicy(dns, testCtx).value).not.toBeNull();
  });

  it('8: fromRequires/toRequires on 1.19 rejected; on 1.18 a warning', () => {
    const doc = cnp({ endpointSelector: sel, ingress: [{ ...peer, fromRequires: [{ matchLabels: { env: 'prod' } }] }] });
    expectRejected(doc, 'spec.ingress[0].fromRequires', 'removed in Cilium 1.19');
    const old = parseCiliumPolicy(doc, { ...testCtx, ciliumVersion: '1.18' });
    expect(old.value).not.toBeNull();
    expect(old.diagnostics.find((d) => d.code === 'requires-deprecated')?.severity).toBe('warning');
    const egress = cnp({ endpointSelector: sel, egress: [{ toEndpoints: [{}], toRequires: [{}] }] });
    expectRejected(egress, 'spec.egress[0].toRequires', 'removed');
  });

  it('8: icmps types and families', () => {
    const ic = (f: object) => cnp({ endpointSelector: sel, ingress: [{ icmps: [{ fields: [f] }] }] });
    const p = 'spec.ingress[0].icmps[0].fields[0]';
    expectRejected(ic({ type: 256 }), `${p}.type`, 'out of range');
    expectRejected(ic({ type: 'Ping' }), `${p}.type`, 'unknown IPv4 ICMP type name');
    expectRejected(ic({ type: 'PacketTooBig' }), `${p}.type`, 'unknown IPv4');
    expectRejected(ic({ family: 'IPv5', type: 8 }), `${p}.family`, 'wrong ICMP family');
    const many = cnp({ endpointSelector: sel, ingress: [{ icmps: [{ fields: Array.from({ length: 41 }, () => ({ type: 8 })) }] }] });
    expectRejected(many, 'spec.ingress[0].icmps[0].fields', 'too many ICMP types');
  });

  it('9: invalid label selector syntax anywhere', () => {
    expectRejected(cnp({ endpointSelector: { matchLabels: { 'app!': 'x' } }, ingress: [{}] }), 'spec.endpointSelector.matchLabels["app!"]', 'invalid label key');
    expectRejected(
      cnp({ endpointSelector: sel, ingress: [{ fromEndpoints: [{ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }] }] }),
      'spec.ingress[0].fromEndpoints[0].matchExpressions[0].values',
      'must not have',
    );
    expectRejected(cnp({ endpointSelector: sel, ingress: [{ fromEndpoints: [null] }] }), 'spec.ingress[0].fromEndpoints[0]', 'must be an object');
  });

  it('envelope: missing name, no spec/specs, wrong kinds of values', () => {
    expectRejected(valueDoc({ kind: 'CiliumNetworkPolicy', metadata: {}, spec: { endpointSelector: {}, ingress: [{}] } }), 'metadata.name', 'metadata.name');
    expectRejected(valueDoc({ kind: 'CiliumNetworkPolicy', spec: { endpointSelector: {}, ingress: [{}] } }), 'metadata', 'metadata.name');
    expectRejected(valueDoc({ kind: 'CiliumNetworkPolicy', metadata: { name: 'p' } }), '', 'neither spec nor specs');
    expectRejected(valueDoc({ kind: 'CiliumNetworkPolicy', metadata: { name: 'p' }, spec: null, specs: null }), 'spec', 'neither spec nor specs (its spec is null)');
    expectRejected(cnp({ endpointSelector: sel, ingress: {} }), 'spec.ingress', 'must be a list');
    expectRejected(cnp({ endpointSelector: sel, ingress: [{}], enableDefaultDeny: { ingress: 'yes' } }), 'spec.enableDefaultDeny.ingress', 'true or false');
    expectRejected(cnp({ endpointSelector: sel, ingress: [{ ...peer, authentication: { mode: 'maybe' } }] }), 'spec.ingress[0].authentication.mode', 'authentication mode');
    expectRejected(cnp({ endpointSelector: sel, egress: [{ toFQDNs: [{ matchName: 'a.io', matchPattern: '*.a.io' }] }] }), 'spec.egress[0].toFQDNs[0]', 'only one of');
    expectRejected(cnp({ endpointSelector: sel, egress: [{ toFQDNs: [{ matchName: 'a b' }] }] }), 'spec.egress[0].toFQDNs[0].matchName', 'invalid matchName');
  });

  it('reports every problem, not only the first, with YAML positions', () => {
    const doc = rawDoc(`apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: bad
spec:
  endpointSelector: {}
  ingress:
    - fromEntities: [bogus]
      fromCIDR: [1.1.1.1]
  egress:
    - toPorts:
        - ports:
            - port: "99999"
`);
    const r = parseCiliumPolicy(doc, testCtx);
    expect(r.value).toBeNull();
    const errs = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errs.map((e) => e.path)).toEqual(['spec.ingress[0]', 'spec.ingress[0].fromEntities[0]', 'spec.egress[0].toPorts[0].ports[0].port']);
    expect(errs[1]).toMatchObject({ file: 'test.yaml', document: 0, line: 8, column: 22 });
    expect(errs[2]).toMatchObject({ line: 13, column: 21 });
  });
});

/**
 * pkg/policy/api/rule_validation_test.go `TestToServicesSanitize` (cilium/cilium, Apache-2.0): an
 * egress item with toServices (k8sServiceSelector) and toPorts 80, 81/TCP is an error while
 * `l3DependentL4Support` lists `"ToServices": false` ("see https://github.com/cilium/cilium/issues/20067",
 * 1.14 to 1.16; still accepted in May 2023 per cilium/cilium#25796), and loads from 1.17, where
 * `EgressCommonRule.l3DependentL4Support()` says `"ToServices": true` (toServices selecting pods,
 * cilium/cilium#34208).
 */
describe('toServices with toPorts, by Cilium version (TestToServicesSanitize)', () => {
  const doc = cnp({
    endpointSelector: sel,
    egress: [
      {
        toServices: [{ k8sServiceSelector: { selector: { matchLabels: { app: 'tested-service' } }, namespace: '' } }],
        toPorts: [{ ports: [{ port: '80', protocol: 'TCP' }, { port: '81', protocol: 'TCP' }] }],
      },
    ],
  });
  it('1.14 to 1.16: rejected, naming the version and the issue', () => {
    for (const v of ['1.14', '1.15', '1.16']) {
      expectRejected(doc, 'spec.egress[0].toPorts', 'Combining ToServices and ToPorts is not supported', { ...testCtx, ciliumVersion: v });
      const e = parseCiliumPolicy(doc, { ...testCtx, ciliumVersion: v }).diagnostics.find((d) => d.path === 'spec.egress[0].toPorts');
      expect(e?.message).toContain(`Cilium ${v}`);
      expect(e?.message).toContain('1.17');
    }
  });
  it('1.17 and later: loads', () => {
    for (const v of ['1.17', '1.19', '1.20']) expect(parseCiliumPolicy(doc, { ...testCtx, ciliumVersion: v }).value).not.toBeNull();
  });
  it('toServices without toPorts loads on every version', () => {
    const plain = cnp({ endpointSelector: sel, egress: [{ toServices: [{ k8sService: { serviceName: 's', namespace: 'shop' } }] }] });
    for (const v of ['1.14', '1.16', '1.19']) expect(parseCiliumPolicy(plain, { ...testCtx, ciliumVersion: v }).value).not.toBeNull();
  });
});

/**
 * pkg/policy/api/rule_validation_test.go (cilium/cilium, Apache-2.0) `TestL7RulesWithNonTCPProtocols`,
 * `TestL7RuleDirectionalitySupport`: the valid and invalid port rules not covered above, each
 * with upstream's verdict (Sanitize nil or an error).
 */
describe('rule_validation_test.go: L7 rules, protocols, SNI and listeners', () => {
  const eg = (pr: object) => cnp({ endpointSelector: {}, egress: [{ toEndpoints: [{}], toPorts: [pr] }] });
  const ing = (pr: object) => cnp({ endpointSelector: {}, ingress: [{ fromEndpoints: [{}], toPorts: [pr] }] });
  const ok = (doc: ReturnType<typeof cnp>) => expect(parseCiliumPolicy(doc, testCtx).value).not.toBeNull();
  it('valid: DNS rules on 53/TCP and 53/UDP, SCTP 4000, SNI, SNI with TLS termination and HTTP, listeners of each kind, Kafka egress', () => {
    ok(eg({ ports: [{ port: '53', protocol: 'TCP' }, { port: '53', protocol: 'UDP' }], rules: { dns: [{ matchName: 'domain.com' }] } }));
    ok(eg({ ports: [{ port: '4000', protocol: 'SCTP' }] }));
    ok(eg({ ports: [{ port: '443', protocol: 'TCP' }], serverNames: ['foo.bar.com', 'bar.foo.com'] }));
    ok(eg({ ports: [{ port: '443', protocol: 'TCP' }], terminatingTLS: { secret: { name: 'test-secret' } }, serverNames: ['foo.bar.com', 'bar.foo.com'], rules: { http: [{ method: 'GET', path: '/' }] } }));
    for (const kind of [undefined, 'CiliumClusterwideEnvoyConfig', 'CiliumEnvoyConfig'])
      ok(eg({ ports: [{ port: '443', protocol: 'TCP' }], listener: { envoyConfig: { ...(kind ? { kind } : {}), name: 'shared-config' }, name: 'myCustomListener' } }));
    ok(cnp({ endpointSelector: {}, egress: [{ toPorts: [{ ports: [{ port: '80', protocol: 'TCP' }, { port: '81', protocol: 'TCP' }], rules: { kafka: [{ role: 'consume', topic: 'deathstar-plans' }] } }] }] }));
  });
  it('invalid: HTTP on a UDP port next to a TCP one (either order), a listener with L7 rules, DNS rules on ingress', () => {
    const http = { rules: { http: [{ method: 'GET', path: '/' }] } };
    expectRejected(ing({ ports: [{ port: '80', protocol: 'TCP' }, { port: '12345', protocol: 'UDP' }], ...http }), 'spec.ingress[0].toPorts[0].ports[1].protocol', 'only apply to TCP (not UDP)');
    expectRejected(ing({ ports: [{ port: '80', protocol: 'UDP' }, { port: '12345', protocol: 'TCP' }], ...http }), 'spec.ingress[0].toPorts[0].ports[0].protocol', 'only apply to TCP (not UDP)');
    expectRejected(eg({ ports: [{ port: '443', protocol: 'TCP' }], listener: { envoyConfig: { name: 'test-config' }, name: 'myCustomListener' }, ...http }), 'spec.egress[0].toPorts[0].listener', 'L7 rules');
    expectRejected(
      cnp({ endpointSelector: {}, ingress: [{ toPorts: [{ ports: [{ port: '53', protocol: 'TCP' }, { port: '53', protocol: 'UDP' }], rules: { dns: [{ matchName: 'empire.gov' }] } }] }] }),
      'spec.ingress[0].toPorts[0].rules.dns',
      'not allowed on ingress',
    );
  });
});

/**
 * pkg/policy/api/rule_validation_test.go `TestInvalidEndpointSelectors`, `TestNodeSelector`
 * (cilium/cilium, Apache-2.0): a matchExpressions operator that is not In/NotIn/Exists/DoesNotExist
 * rejects the rule wherever the selector is (subject, fromEndpoints, toEndpoints, fromRequires,
 * toRequires on a release that still has them, nodeSelector).
 */
describe('rule_validation_test.go: invalid selector operators', () => {
  const bad = { matchLabels: { 'any:foo': 'bar', 'k8s:baz': 'alice' }, matchExpressions: [{ key: 'any:foo', operator: 'asdfasdfasdf', values: ['default'] }] };
  const v118 = { ...testCtx, ciliumVersion: '1.18' };
  it('in every selector position', () => {
    expectRejected(cnp({ endpointSelector: bad, ingress: [{}] }), 'spec.endpointSelector.matchExpressions[0].operator', 'operator');
    expectRejected(cnp({ endpointSelector: {}, ingress: [{ fromEndpoints: [bad] }] }), 'spec.ingress[0].fromEndpoints[0].matchExpressions[0].operator', 'operator');
    expectRejected(cnp({ endpointSelector: {}, egress: [{ toEndpoints: [bad] }] }), 'spec.egress[0].toEndpoints[0].matchExpressions[0].operator', 'operator');
    expectRejected(cnp({ endpointSelector: {}, ingress: [{ fromRequires: [bad] }] }), 'spec.ingress[0].fromRequires[0].matchExpressions[0].operator', 'operator', v118);
    expectRejected(cnp({ endpointSelector: {}, egress: [{ toRequires: [bad] }] }), 'spec.egress[0].toRequires[0].matchExpressions[0].operator', 'operator', v118);
    expectRejected(cnp({ nodeSelector: bad, ingress: [{}] }, 'CiliumClusterwideNetworkPolicy'), 'spec.nodeSelector.matchExpressions[0].operator', 'operator');
  });
});
