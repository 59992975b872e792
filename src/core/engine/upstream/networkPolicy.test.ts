import { describe, expect, it } from 'vitest';
import { flow, k8sModel, loadErrors, remotePod } from './k8sHarness.ts';

/**
 * pkg/k8s/network_policy_test.go (cilium/cilium, Apache-2.0; SOURCES.md), as verdicts: the
 * Kubernetes NetworkPolicy → Cilium rule translation (ParseNetworkPolicy) checked through
 * upstream's own flows (`validateNetworkPolicy`: `policy.LookupFlow` is Allowed / Denied, the
 * sender's egress and the receiver's ingress together). Upstream's structural cases
 * (`TestParseNetworkPolicy`, `Test_parseNetworkPolicyPeer`: the rule each NetworkPolicy becomes)
 * are checked by what that rule selects.
 * Identities: A `id=a`, B `id1=b,id2=c`, C `id=c` in `default`; Other `id=other` in `other`.
 */
const pods = {
  a: { ns: 'default', labels: { id: 'a' } },
  b: { ns: 'default', labels: { id1: 'b', id2: 'c' } },
  c: { ns: 'default', labels: { id: 'c' } },
  other: { ns: 'other', labels: { id: 'other' } },
};
const np = (name: string, spec: string, ns = 'default') => `{kind: NetworkPolicy, apiVersion: networking.k8s.io/v1, metadata: {name: ${name}, namespace: ${ns}}, spec: ${spec}}`;
const SEL_A = '{matchLabels: {id: a}}';
const SEL_B = '{matchLabels: {id1: b}}';
const SEL_C = '{matchLabels: {id: c}}';

describe('TestParseNetworkPolicyMultipleSelectors: A can talk to B and C, only C and Other can talk to A', () => {
  const m = k8sModel(
    [
      np(
        'ingress-multiple-selectors',
        `{podSelector: ${SEL_A},
          egress: [{ports: [{protocol: TCP, port: 80}], to: [{podSelector: ${SEL_B}}, {podSelector: ${SEL_C}}]}],
          ingress: [{from: [{podSelector: {matchLabels: {id: other}}, namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: other}}}, {podSelector: ${SEL_C}}]}]}`,
      ),
    ],
    pods,
  );
  it('allowed: A→B, A→C, C→A, Other→A on 80/TCP', () => {
    for (const [f, t] of [['a', 'b'], ['a', 'c'], ['c', 'a'], ['other', 'a']] as const) expect(flow(m, f, t, 80), `${f}→${t}`).toBe('allowed');
  });
  it('denied: B→A, A→Other', () => {
    expect(flow(m, 'b', 'a', 80)).toBe('denied');
    expect(flow(m, 'a', 'other', 80)).toBe('denied');
  });
});

describe('TestParseNetworkPolicyNoSelectors: an ipBlock peer with except (fromCIDRSet 10.0.0.0/8 except 10.96.0.0/12)', () => {
  const m = k8sModel(
    [np('ingress-cidr-test', "{podSelector: {matchLabels: {role: backend}}, ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8, except: ['10.96.0.0/12']}}]}]}", 'myns')],
    { backend: { ns: 'myns', labels: { role: 'backend' } } },
  );
  it('an address in the range passes, one in the except or outside the range does not; no egress rule', () => {
    expect(flow(m, '10.1.2.3', 'backend', 80)).toBe('allowed');
    expect(flow(m, '10.96.0.1', 'backend', 80)).toBe('denied');
    expect(flow(m, '10.111.255.255', 'backend', 80)).toBe('denied');
    expect(flow(m, '10.112.0.0', 'backend', 443, 'UDP')).toBe('allowed');
    expect(flow(m, '11.0.0.1', 'backend', 80)).toBe('denied');
    expect(flow(m, 'backend', '11.0.0.1', 80)).toBe('allowed');
  });
});

describe('TestParseNetworkPolicyEgress: A egress to B on 80/TCP', () => {
  const m = k8sModel([np('p', `{podSelector: ${SEL_A}, egress: [{to: [{podSelector: ${SEL_B}}], ports: [{port: 80}]}]}`)], pods);
  it('A→B:80 allowed; A→B:81, A→C, A→Other denied', () => {
    expect(flow(m, 'a', 'b', 80)).toBe('allowed');
    expect(flow(m, 'a', 'b', 81)).toBe('denied');
    expect(flow(m, 'a', 'c', 80)).toBe('denied');
    expect(flow(m, 'a', 'other', 80)).toBe('denied');
  });
});

describe('TestParseNetworkPolicyEgressAllowAll: `to: []` allows every destination; policyTypes [Egress] alone denies all egress', () => {
  const m = k8sModel([np('policy-0', `{podSelector: ${SEL_A}, egress: [{to: []}]}`), np('policy-1', `{podSelector: ${SEL_B}, policyTypes: [Egress]}`)], pods);
  it('A→B, A→C allowed (B has no ingress policy); B→A denied (B egress); Other→A denied (A ingress is enforced: no policyTypes means Ingress too)', () => {
    expect(flow(m, 'a', 'b', 80)).toBe('allowed');
    expect(flow(m, 'a', 'c', 80)).toBe('allowed');
    expect(flow(m, 'b', 'a', 80)).toBe('denied');
    expect(flow(m, 'other', 'a', 80)).toBe('denied');
  });
});

describe('TestParseNetworkPolicyEgressL4AllowAll / TestParseNetworkPolicyEgressL4PortRangeAllowAll', () => {
  it('`to: []` on port 80: A→C:80 allowed, A→C:90 denied', () => {
    const m = k8sModel([np('p', `{podSelector: ${SEL_A}, egress: [{ports: [{port: 80}], to: []}]}`)], pods);
    expect(flow(m, 'a', 'c', 80)).toBe('allowed');
    expect(flow(m, 'a', 'c', 90)).toBe('denied');
  });
  it('port 8080 endPort 8090: 8080, 8085, 8090 allowed, 8091 denied', () => {
    const m = k8sModel([np('p', `{podSelector: ${SEL_A}, egress: [{ports: [{port: 8080, endPort: 8090}], to: []}]}`)], pods);
    for (const port of [8080, 8085, 8090]) expect(flow(m, 'a', 'c', port), String(port)).toBe('allowed');
    expect(flow(m, 'a', 'c', 8091)).toBe('denied');
    expect(flow(m, 'a', 'c', 8079)).toBe('denied');
  });
});

describe('TestParseNetworkPolicyIngressAllowAll / TestParseNetworkPolicyIngressL4AllowAll', () => {
  it('A: policyTypes [Ingress] denies all ingress; B: `ingress: [{}]` and C: `from: []` allow all', () => {
    const m = k8sModel(
      [np('pa', `{podSelector: ${SEL_A}, policyTypes: [Ingress]}`), np('pb', `{podSelector: ${SEL_B}, ingress: [{}]}`), np('pc', `{podSelector: ${SEL_C}, ingress: [{from: []}]}`)],
      pods,
    );
    expect(flow(m, 'a', 'b', 80)).toBe('allowed');
    expect(flow(m, 'a', 'c', 80)).toBe('allowed');
    expect(flow(m, 'b', 'a', 80)).toBe('denied');
  });
  it('C: `from: []` on port 80: A→C:80 allowed, A→C:90 denied', () => {
    const m = k8sModel([np('p', `{podSelector: ${SEL_C}, ingress: [{ports: [{port: 80}], from: []}]}`)], pods);
    expect(flow(m, 'a', 'c', 80)).toBe('allowed');
    expect(flow(m, 'a', 'c', 90)).toBe('denied');
  });
});

describe('TestParseNetworkPolicyNamedPort / EmptyPort / UnknownProto / NoIngress: what loads', () => {
  it('a named port loads (and is resolved on the receiver)', () => {
    expect(loadErrors([np('p', '{podSelector: {}, ingress: [{ports: [{port: port-80}]}]}')])).toEqual([]);
  });
  it('an empty port `{}` is every TCP port (Cilium "0"/TCP), not UDP', () => {
    const m = k8sModel([np('p', `{podSelector: ${SEL_A}, ingress: [{ports: [{}]}]}`)], pods);
    expect(flow(m, 'c', 'a', 1)).toBe('allowed');
    expect(flow(m, 'c', 'a', 65535)).toBe('allowed');
    expect(flow(m, 'c', 'a', 53, 'UDP')).toBe('denied');
  });
  it('an unknown protocol is refused (upstream: ParseNetworkPolicy errors, no rule)', () => {
    expect(loadErrors([np('p', '{podSelector: {}, ingress: [{ports: [{port: port-80, protocol: unknown}]}]}')])).not.toEqual([]);
  });
  it('a policy with only a podSelector loads as one rule: ingress deny-all for what it selects', () => {
    const m = k8sModel([np('p', '{podSelector: {matchLabels: {foo1: bar1, foo2: bar2}}}')], { ...pods, sel: { ns: 'default', labels: { foo1: 'bar1', foo2: 'bar2' } } });
    expect(flow(m, 'a', 'sel', 80)).toBe('denied');
    expect(flow(m, 'sel', 'a', 80)).toBe('allowed');
  });
});

describe('TestParseNetworkPolicyEmptyFrom / TestParseNetworkPolicyDenyAll', () => {
  it('`ingress: [{}]` on A: B, C and Other (another namespace) reach A', () => {
    const m = k8sModel([np('p', `{podSelector: ${SEL_A}, ingress: [{}]}`)], pods);
    for (const f of ['b', 'c', 'other']) expect(flow(m, f, 'a', 80), f).toBe('allowed');
  });
  it('no statements and an empty podSelector: ingress-only deny-all for the namespace', () => {
    const m = k8sModel([np('p', '{podSelector: {matchLabels: {}}}')], pods);
    expect(flow(m, 'a', 'other', 80)).toBe('allowed');
    for (const [f, t] of [['a', 'b'], ['b', 'a'], ['a', 'c'], ['c', 'a'], ['other', 'a']] as const) expect(flow(m, f, t, 80), `${f}→${t}`).toBe('denied');
  });
});

describe('TestNetworkPolicyExamples', () => {
  const ex = {
    frontend: { ns: 'myns', labels: { role: 'frontend' } },
    backend: { ns: 'myns', labels: { role: 'backend' } },
    db: { ns: 'myns', labels: { role: 'db' } },
    bob: { ns: 'nsbob', labels: { role: 'frontend' }, nsLabels: { user: 'bob' } },
    sally: { ns: 'nssally', labels: { role: 'frontend' }, nsLabels: { user: 'sally' } },
  };
  it('1a: only frontend pods of myns reach backend on 6379/TCP', () => {
    const m = k8sModel([np('allow-frontend', "{podSelector: {matchLabels: {role: backend}}, ingress: [{from: [{podSelector: {matchLabels: {role: frontend}}}], ports: [{protocol: TCP, port: 6379}]}]}", 'myns')], ex);
    expect(flow(m, 'frontend', 'backend', 6379)).toBe('allowed');
    expect(flow(m, 'frontend', 'backend', 6379, 'UDP')).toBe('denied');
    expect(flow(m, 'frontend', 'backend', 6378)).toBe('denied');
    expect(flow(m, 'bob', 'backend', 6379)).toBe('denied');
    expect(flow(m, 'sally', 'backend', 6379)).toBe('denied');
    expect(flow(m, 'db', 'backend', 6379)).toBe('denied');
  });
  it('1b: frontend on everything, anyone (any namespace) on 6379/TCP', () => {
    const m = k8sModel(
      [np('allow-frontend', "{podSelector: {matchLabels: {role: backend}}, ingress: [{from: [{podSelector: {matchLabels: {role: frontend}}}]}, {ports: [{protocol: TCP, port: 6379}]}]}", 'myns')],
      ex,
    );
    for (const [f, port, proto] of [['frontend', 6379, 'TCP'], ['frontend', 1, 'TCP'], ['frontend', 1, 'UDP'], ['bob', 6379, 'TCP'], ['sally', 6379, 'TCP'], ['db', 6379, 'TCP']] as const) {
      expect(flow(m, f, 'backend', port, proto), `${f} ${port}/${proto}`).toBe('allowed');
    }
    for (const [f, port, proto] of [['db', 6379, 'UDP'], ['db', 1, 'TCP'], ['bob', 1, 'TCP'], ['sally', 1, 'TCP']] as const) {
      expect(flow(m, f, 'backend', port, proto), `${f} ${port}/${proto}`).toBe('denied');
    }
  });
  it("2a: TCP 443 from any pod of Bob's namespaces only", () => {
    const m = k8sModel([np('allow-tcp-443', "{podSelector: {matchLabels: {role: frontend}}, ingress: [{ports: [{protocol: TCP, port: 443}], from: [{namespaceSelector: {matchLabels: {user: bob}}}]}]}", 'myns')], ex);
    expect(flow(m, 'bob', 'frontend', 443)).toBe('allowed');
    expect(flow(m, 'bob', 'frontend', 80)).toBe('denied');
    expect(flow(m, 'bob', 'frontend', 443, 'UDP')).toBe('denied');
    for (const f of ['sally', 'backend', 'db']) expect(flow(m, f, 'frontend', 443), f).toBe('denied');
  });
  it('3: `podSelector: null` with `ingress: [{}]` allows everything to every pod of myns', () => {
    const m = k8sModel([np('allow-all', '{podSelector: null, ingress: [{}]}', 'myns')], ex);
    for (const [f, t] of [['bob', 'frontend'], ['bob', 'backend'], ['bob', 'db'], ['frontend', 'backend'], ['db', 'backend']] as const) expect(flow(m, f, t, 443), `${f}→${t}`).toBe('allowed');
  });
  it('4: two policies on one podSelector add up (UDP 8080 from Bob; UDP 8080 from all + all from Bob)', () => {
    const a = np('allow-tcp-8080', "{podSelector: {matchLabels: {role: frontend}}, ingress: [{ports: [{protocol: UDP, port: 8080}], from: [{namespaceSelector: {matchLabels: {user: bob}}}]}]}", 'myns');
    const b = np('allow-tcp-8080-b', "{podSelector: {matchLabels: {role: frontend}}, ingress: [{ports: [{protocol: UDP, port: 8080}]}, {from: [{namespaceSelector: {matchLabels: {user: bob}}}]}]}", 'myns');
    const m = k8sModel([a, b], ex);
    for (const [f, port] of [['bob', 8080], ['bob', 8081], ['sally', 8080], ['backend', 8080], ['db', 8080]] as const) expect(flow(m, f, 'frontend', port, 'UDP'), `${f} ${port}`).toBe('allowed');
    for (const f of ['sally', 'backend', 'db']) expect(flow(m, f, 'frontend', 8081, 'UDP'), f).toBe('denied');
  });
  it('5: matchExpressions (In, NotIn) on the podSelector and the namespaceSelector, beside a namespace default deny', () => {
    const defaultDeny = np('ingress-default-deny', '{podSelector: {}, policyTypes: [Ingress]}', 'expressions');
    const expr = '{matchLabels: {component: redis}, matchExpressions: [{key: tier, operator: In, values: [cache]}, {key: environment, operator: NotIn, values: [dev]}]}';
    const ex5 = np('allow-tcp-8080', `{podSelector: ${expr}, ingress: [{ports: [{protocol: UDP, port: 8080}], from: [{namespaceSelector: ${expr}}]}]}`, 'expressions');
    const nsDev = { component: 'redis', tier: 'cache', environment: 'dev' };
    const nsProd = { component: 'redis', tier: 'cache', environment: 'prod' };
    const m = k8sModel([defaultDeny, ex5], {
      cacheDev: { ns: 'expressions', labels: nsDev },
      cacheProd: { ns: 'expressions', labels: nsProd },
      devOther: { ns: 'otherdev', labels: { component: 'monitoring' }, nsLabels: nsDev },
      prodOther: { ns: 'otherprod', labels: { component: 'monitoring' }, nsLabels: nsProd },
    });
    expect(flow(m, 'prodOther', 'cacheProd', 8080, 'UDP')).toBe('allowed');
    for (const [f, t] of [['devOther', 'cacheProd'], ['cacheDev', 'cacheProd'], ['prodOther', 'cacheDev'], ['devOther', 'cacheDev'], ['cacheProd', 'cacheDev']] as const) {
      expect(flow(m, f, t, 8080, 'UDP'), `${f}→${t}`).toBe('denied');
    }
  });
});

describe('TestCIDRPolicyExamples: two ipBlocks with excepts in one egress rule', () => {
  const m = k8sModel(
    [
      np(
        'ingress-cidr-test',
        "{podSelector: {matchLabels: {role: backend}}, ingress: [{from: [{namespaceSelector: {matchLabels: {user: bob}}}]}, {from: [{ipBlock: {cidr: 10.0.0.0/8, except: ['10.96.0.0/12']}}]}], egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: ['10.96.0.0/12', '10.255.255.254/32']}}, {ipBlock: {cidr: 11.0.0.0/8, except: ['11.96.0.0/12', '11.255.255.254/32']}}]}]}",
        'myns',
      ),
    ],
    { backend: { ns: 'myns', labels: { role: 'backend' } }, bob: { ns: 'nsbob', labels: {}, nsLabels: { user: 'bob' } } },
  );
  it('each range with its own excepts', () => {
    expect(flow(m, 'backend', '10.0.0.1', 443)).toBe('allowed');
    expect(flow(m, 'backend', '10.255.255.254', 443)).toBe('denied');
    expect(flow(m, 'backend', '10.255.255.253', 443)).toBe('allowed');
    expect(flow(m, 'backend', '10.100.0.1', 443)).toBe('denied');
    expect(flow(m, 'backend', '11.255.255.254', 443)).toBe('denied');
    expect(flow(m, 'backend', '11.96.0.0', 443)).toBe('denied');
    expect(flow(m, 'backend', '11.112.0.0', 443)).toBe('allowed');
    expect(flow(m, 'backend', '12.0.0.1', 443)).toBe('denied');
  });
  it('two ingress rules: Bob\'s namespace or the range', () => {
    expect(flow(m, 'bob', 'backend', 80)).toBe('allowed');
    expect(flow(m, '10.5.0.1', 'backend', 80)).toBe('allowed');
    expect(flow(m, '10.96.0.1', 'backend', 80)).toBe('denied');
  });
});

describe('Test_parseNetworkPolicyPeer: what a peer selects', () => {
  const peers = {
    sub: { ns: 'foo-namespace', labels: { sub: '' } },
    fooBar: { ns: 'foo-namespace', labels: { foo: 'bar' } },
    fooBaz: { ns: 'foo-namespace', labels: { foo: 'baz' } },
    fooBarElsewhere: { ns: 'elsewhere', labels: { foo: 'bar' }, nsLabels: { 'ns-foo': 'ns-bar', 'ns-foo-expression': 'x' } },
    fooBarNoExpr: { ns: 'nsnoexpr', labels: { foo: 'bar' }, nsLabels: { 'ns-foo': 'ns-bar' } },
    plainElsewhere: { ns: 'elsewhere', labels: { other: '' }, nsLabels: { 'ns-foo': 'ns-bar', 'ns-foo-expression': 'x' } },
  };
  const model = (peer: string) => k8sModel([np('p', `{podSelector: {matchLabels: {sub: ''}}, ingress: [{from: [${peer}]}]}`, 'foo-namespace')], peers);
  it('peer-with-pod-selector: matchLabels foo=bar and foo In (bar, baz), the policy namespace only', () => {
    const m = model('{podSelector: {matchLabels: {foo: bar}, matchExpressions: [{key: foo, operator: In, values: [bar, baz]}]}}');
    expect(flow(m, 'fooBar', 'sub', 80)).toBe('allowed');
    expect(flow(m, 'fooBaz', 'sub', 80)).toBe('denied');
    expect(flow(m, 'fooBarElsewhere', 'sub', 80)).toBe('denied');
  });
  it('peer-with-pod-selector-and-ns-selector: both, any namespace whose labels match (Exists on a namespace label)', () => {
    const m = model(
      '{podSelector: {matchLabels: {foo: bar}, matchExpressions: [{key: foo, operator: In, values: [bar, baz]}]}, namespaceSelector: {matchLabels: {ns-foo: ns-bar}, matchExpressions: [{key: ns-foo-expression, operator: Exists}]}}',
    );
    expect(flow(m, 'fooBarElsewhere', 'sub', 80)).toBe('allowed');
    expect(flow(m, 'fooBarNoExpr', 'sub', 80)).toBe('denied');
    expect(flow(m, 'plainElsewhere', 'sub', 80)).toBe('denied');
    expect(flow(m, 'fooBar', 'sub', 80)).toBe('denied');
  });
  it('peer-with-ns-selector: every pod of the matching namespaces', () => {
    const m = model('{namespaceSelector: {matchLabels: {ns-foo: ns-bar}, matchExpressions: [{key: ns-foo-expression, operator: Exists}]}}');
    expect(flow(m, 'plainElsewhere', 'sub', 80)).toBe('allowed');
    expect(flow(m, 'fooBarNoExpr', 'sub', 80)).toBe('denied');
  });
  it('peer-with-allow-all-ns-selector: `namespaceSelector: {}` is every pod of every namespace (k8s:io.kubernetes.pod.namespace Exists), not outside addresses', () => {
    const m = model('{namespaceSelector: {}}');
    for (const f of ['fooBar', 'fooBarNoExpr', 'plainElsewhere']) expect(flow(m, f, 'sub', 80), f).toBe('allowed');
    expect(flow(m, '203.0.113.9', 'sub', 80)).toBe('denied');
  });
});

describe('TestParseNetworkPolicy: the translated rules select what upstream expects', () => {
  const sel = { ns: 'default', labels: { foo1: 'bar1', foo2: 'bar2' } };
  const ps = {
    sel,
    p34: { ns: 'default', labels: { foo3: 'bar3', foo4: 'bar4' } },
    p34ns: { ns: 'nsfoo', labels: { foo3: 'bar3', foo4: 'bar4' }, nsLabels: { nsfoo: 'nsbar' } },
    p3: { ns: 'default', labels: { foo3: 'bar3' } },
  };
  const m = (spec: string) => k8sModel([np('testing', `{podSelector: {matchLabels: {foo1: bar1, foo2: bar2}}, ${spec}}`)], ps);
  it('ingress pod + port: fromEndpoints in the policy namespace on 80/TCP', () => {
    const r = m('ingress: [{from: [{podSelector: {matchLabels: {foo3: bar3, foo4: bar4}}}], ports: [{port: 80}]}]');
    expect(flow(r, 'p34', 'sel', 80)).toBe('allowed');
    expect(flow(r, 'p34', 'sel', 81)).toBe('denied');
    expect(flow(r, 'p3', 'sel', 80)).toBe('denied');
    expect(flow(r, 'p34ns', 'sel', 80)).toBe('denied');
  });
  it('ingress only port: every peer (fromEndpoints {}) on 80/TCP', () => {
    const r = m('ingress: [{ports: [{port: 80}]}]');
    expect(flow(r, 'p34ns', 'sel', 80)).toBe('allowed');
    expect(flow(r, 'p3', 'sel', 80, 'UDP')).toBe('denied');
  });
  it('ingress pod + namespace + port: pod labels and namespace labels, in any namespace', () => {
    const r = m('ingress: [{from: [{podSelector: {matchLabels: {foo3: bar3, foo4: bar4}}, namespaceSelector: {matchLabels: {nsfoo: nsbar}}}], ports: [{port: 80}]}]');
    expect(flow(r, 'p34ns', 'sel', 80)).toBe('allowed');
    expect(flow(r, 'p34', 'sel', 80)).toBe('denied');
  });
  it('ingress default deny (policyTypes [Ingress]) and ingress allow all (`ingress: [{}]`)', () => {
    expect(flow(m('policyTypes: [Ingress]'), 'p3', 'sel', 80)).toBe('denied');
    expect(flow(m('ingress: [{}]'), 'p34ns', 'sel', 80)).toBe('allowed');
  });
});

describe('TestParseNetworkPolicyClusterLabel: peers are the local cluster unless they name one (cluster1, ClusterMesh)', () => {
  const np1 = np(
    'p',
    "{podSelector: {matchLabels: {foo: bar}}, ingress: [{from: [{podSelector: {matchLabels: {}}}]}], egress: [{to: [{podSelector: {matchLabels: {io.cilium.k8s.policy.cluster: cluster2}}}]}]}",
  );
  const local = { sel: { ns: 'default', labels: { foo: 'bar' } }, peer: { ns: 'default', labels: { x: 'y' } } };
  it('1.19 (policy-default-local-cluster): `podSelector: {}` is the local namespace of cluster1 only; the egress names cluster2', () => {
    const m = k8sModel([np1], local, { ciliumVersion: '1.19' }, 'cluster1');
    expect(flow(m, 'peer', 'sel', 80)).toBe('allowed');
    expect(flow(m, remotePod('cluster2', 'default', { x: 'y' }), 'sel', 80)).toBe('denied');
    expect(flow(m, 'sel', remotePod('cluster2', 'default', { x: 'y' }), 80)).toBe('allowed');
    expect(flow(m, 'sel', remotePod('cluster2', 'elsewhere', { x: 'y' }), 80)).toBe('denied');
    expect(flow(m, 'sel', 'peer', 80)).toBe('denied');
  });
  it('1.19: a namespaceSelector peer gets the local cluster too (parseNetworkPolicyPeer adds it to the podSelector it builds)', () => {
    const m = k8sModel([np('p', '{podSelector: {matchLabels: {foo: bar}}, ingress: [{from: [{namespaceSelector: {}}]}]}')], local, { ciliumVersion: '1.19' }, 'cluster1');
    expect(flow(m, 'peer', 'sel', 80)).toBe('allowed');
    expect(flow(m, remotePod('cluster2', 'default', { x: 'y' }), 'sel', 80)).toBe('denied');
  });
  it('1.18 (PolicyAnyCluster by default): the same peers select every cluster', () => {
    const m = k8sModel([np1], local, { ciliumVersion: '1.18' }, 'cluster1');
    expect(flow(m, remotePod('cluster2', 'default', { x: 'y' }), 'sel', 80)).toBe('allowed');
    const ns = k8sModel([np('p', '{podSelector: {matchLabels: {foo: bar}}, ingress: [{from: [{namespaceSelector: {}}]}]}')], local, { ciliumVersion: '1.18' }, 'cluster1');
    expect(flow(ns, remotePod('cluster2', 'default', { x: 'y' }), 'sel', 80)).toBe('allowed');
  });
});
