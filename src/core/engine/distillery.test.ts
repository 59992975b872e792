import { describe, expect, it } from 'vitest';
import { compile } from './compile.ts';
import { decide } from './decide.ts';
import { buildCluster, ipEndpoint, podEndpoint, policiesFromYaml, type PodSpec } from './testing.ts';

/**
 * Cilium's policy distillery table, translated: pkg/policy/distillery_test.go `Test_MergeRules`
 * (cilium/cilium, Apache-2.0). Eight rule kinds selecting the endpoint "foo" are combined in all
 * 256 ways (`generateRule`: bit 0 L3 allow from foo, 1 L4 allow port 80, 2 L3L4 allow foo:80,
 * 3 L4L7 allow port 80 with HTTP GET /, 4 L3L4L7 allow foo:80 with HTTP, 5 L3 deny from foo,
 * 6 L4 deny port 80, 7 L3L4 deny foo:80; an unused slot is `ingress: [{}]`, which only turns on
 * default deny). Upstream's expected BPF map state per combination is `generateMapStates`'
 * `rawTestTable` (copied below as written: per key L3L4 (foo, 80/TCP), L4 (any, 80/TCP),
 * L3 (foo, any port) the fields L3, L4, L7, Deny; X = no such key). The expected verdict is what
 * the datapath does with those keys: a deny key covering the packet drops it, else an allow key
 * passes it, redirected to the proxy when the most specific key (L3L4, then L4) says L7
 * (`testCaseToMapState` drops the L3L4 L7 key when the L4 key already redirects).
 */
const rawTestTable: readonly string[] = [
  'X\tX\tX\tX\tX\tX\tX\tX\tX\tX\tX\tX', // 0
  'X\tX\tX\tX\tX\tX\tX\tX\t1\t0\t0\t0',
  'X\tX\tX\tX\t0\t1\t0\t0\tX\tX\tX\tX',
  'X\tX\tX\tX\t0\t1\t0\t0\t1\t0\t0\t0',
  '1\t1\t0\t0\tX\tX\tX\tX\tX\tX\tX\tX',
  '1\t1\t0\t0\tX\tX\tX\tX\t1\t0\t0\t0', // 5
  'X\tX\tX\tX\t0\t1\t0\t0\tX\tX\tX\tX',
  'X\tX\tX\tX\t0\t1\t0\t0\t1\t0\t0\t0',
  'X\tX\tX\tX\t0\t1\t1\t0\tX\tX\tX\tX',
  'X\tX\tX\tX\t0\t1\t1\t0\t1\t0\t0\t0',
  'X\tX\tX\tX\t0\t1\t1\t0\tX\tX\tX\tX', // 10
  'X\tX\tX\tX\t0\t1\t1\t0\t1\t0\t0\t0',
  '1\t1\t1\t0\t0\t1\t1\t0\tX\tX\tX\tX',
  '1\t1\t1\t0\t0\t1\t1\t0\t1\t0\t0\t0',
  '1\t1\t1\t0\t0\t1\t1\t0\tX\tX\tX\tX',
  '1\t1\t1\t0\t0\t1\t1\t0\t1\t0\t0\t0', // 15
  '1\t1\t1\t0\tX\tX\tX\tX\tX\tX\tX\tX',
  '1\t1\t1\t0\tX\tX\tX\tX\t1\t0\t0\t0',
  '1\t1\t1\t0\t0\t1\t0\t0\tX\tX\tX\tX',
  '1\t1\t1\t0\t0\t1\t0\t0\t1\t0\t0\t0',
  '1\t1\t1\t0\tX\tX\tX\tX\tX\tX\tX\tX', // 20
  '1\t1\t1\t0\tX\tX\tX\tX\t1\t0\t0\t0',
  '1\t1\t1\t0\t0\t1\t0\t0\tX\tX\tX\tX',
  '1\t1\t1\t0\t0\t1\t0\t0\t1\t0\t0\t0',
  '1\t1\t1\t0\t0\t1\t1\t0\tX\tX\tX\tX',
  '1\t1\t1\t0\t0\t1\t1\t0\t1\t0\t0\t0', // 25
  '1\t1\t1\t0\t0\t1\t1\t0\tX\tX\tX\tX',
  '1\t1\t1\t0\t0\t1\t1\t0\t1\t0\t0\t0',
  '1\t1\t1\t0\t0\t1\t1\t0\tX\tX\tX\tX',
  '1\t1\t1\t0\t0\t1\t1\t0\t1\t0\t0\t0',
  '1\t1\t1\t0\t0\t1\t1\t0\tX\tX\tX\tX', // 30
  '1\t1\t1\t0\t0\t1\t1\t0\t1\t0\t0\t0',
  ...l3DenyBlock(), // 32
  ...alternate('X\tX\tX\tX\t0\t1\t0\t1\tX\tX\tX\tX', 'X\tX\tX\tX\t0\t1\t0\t1\t1\t0\t0\t0', 32), // 64
  ...repeat('X\tX\tX\tX\t0\t1\t0\t1\t1\t0\t0\t1', 32), // 96
  ...l3l4DenyBlock(), // 128
  ...l3DenyBlock(), // 160
  ...alternate('X\tX\tX\tX\t0\t1\t0\t1\tX\tX\tX\tX', 'X\tX\tX\tX\t0\t1\t0\t1\t1\t0\t0\t0', 32), // 192
  ...repeat('X\tX\tX\tX\t1\t1\t0\t1\t1\t0\t0\t1', 32), // 224
];

// Upstream writes every row out; these helpers write the same rows (rows 32-63 equal rows 160-191,
// rows 64-95 equal rows 192-223, as upstream lists them).
function repeat(row: string, n: number): string[] {
  return Array.from({ length: n }, () => row);
}
function alternate(even: string, odd: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => (i % 2 === 0 ? even : odd));
}
function l3DenyBlock(): string[] {
  const x = 'X\tX\tX\tX\tX\tX\tX\tX\t1\t0\t0\t1';
  const l4 = '1\t1\t0\t1\t0\t1\t0\t0\t1\t0\t0\t1';
  const l7 = '1\t1\t0\t1\t0\t1\t1\t0\t1\t0\t0\t1';
  const half = [x, x, l4, l4, x, x, l4, l4, ...repeat(l7, 8)];
  return [...half, ...half];
}
function l3l4DenyBlock(): string[] {
  const half = [
    '1\t1\t0\t1\tX\tX\tX\tX\tX\tX\tX\tX',
    '1\t1\t0\t1\tX\tX\tX\tX\t1\t0\t0\t0',
    '1\t1\t0\t1\t0\t1\t0\t0\tX\tX\tX\tX',
    '1\t1\t0\t1\t0\t1\t0\t0\t1\t0\t0\t0',
    '1\t1\t0\t1\tX\tX\tX\tX\tX\tX\tX\tX',
    '1\t1\t0\t1\tX\tX\tX\tX\t1\t0\t0\t0',
    '1\t1\t0\t1\t0\t1\t0\t0\tX\tX\tX\tX',
    '1\t1\t0\t1\t0\t1\t0\t0\t1\t0\t0\t0',
    ...alternate('1\t1\t0\t1\t0\t1\t1\t0\tX\tX\tX\tX', '1\t1\t0\t1\t0\t1\t1\t0\t1\t0\t0\t0', 8),
  ];
  return [...half, ...half];
}

interface Key {
  readonly deny: boolean;
  readonly l7: boolean;
}

/** One row: the three keys (absent when its L3 field is X). */
function parseRow(row: string): { l3l4: Key | null; l4: Key | null; l3: Key | null } {
  const f = row.split(/\s+/);
  const key = (i: number): Key | null => (f[i] === 'X' ? null : { l7: f[i + 2] === '1', deny: f[i + 3] === '1' });
  return { l3l4: key(0), l4: key(4), l3: key(8) };
}

/** What the datapath does with a row's keys for foo → foo on 80/TCP and on 81/TCP. */
function expected(row: string): { port80: 'denied' | 'allowed' | 'proxied'; port81: 'denied' | 'allowed' } {
  const { l3l4, l4, l3 } = parseRow(row);
  const covering80 = [l3l4, l4, l3].filter((k): k is Key => k !== null);
  let port80: 'denied' | 'allowed' | 'proxied';
  if (covering80.length === 0 || covering80.some((k) => k.deny)) port80 = 'denied';
  else {
    // testCaseToMapState: an L3L4 L7 key is not added when the L4 key redirects already.
    const l3l4Key = l3l4 !== null && !(l3l4.l7 && l4?.l7 === true) ? l3l4 : null;
    const specific = l3l4Key ?? l4;
    port80 = specific?.l7 === true ? 'proxied' : 'allowed';
  }
  const port81 = l3 !== null && !l3.deny ? 'allowed' : 'denied';
  return { port80, port81 };
}

const FOO = "{matchLabels: {foo: ''}}";
const PORT80 = "[{ports: [{port: '80', protocol: TCP}]}]";
const PORT80_HTTP = "[{ports: [{port: '80', protocol: TCP}], rules: {http: [{method: GET, path: /}]}}]";

/** generateRule's rulesIdx, bit by bit (the spec of each rule). */
const RULES: readonly string[] = [
  `ingress: [{fromEndpoints: [${FOO}]}]`, // ruleL3____Allow
  `ingress: [{toPorts: ${PORT80}}]`, // rule__L4__Allow
  `ingress: [{fromEndpoints: [${FOO}], toPorts: ${PORT80}}]`, // ruleL3L4__Allow
  `ingress: [{toPorts: ${PORT80_HTTP}}]`, // rule__L4L7Allow
  `ingress: [{fromEndpoints: [${FOO}], toPorts: ${PORT80_HTTP}}]`, // ruleL3L4L7Allow
  `ingressDeny: [{fromEndpoints: [${FOO}]}]`, // ruleL3_____Deny
  `ingressDeny: [{toPorts: ${PORT80}}]`, // rule__L4___Deny
  `ingressDeny: [{fromEndpoints: [${FOO}], toPorts: ${PORT80}}]`, // ruleL3L4___Deny
];

function policiesFor(testCase: number, namedPorts = false): string {
  const docs: string[] = [];
  for (let i = RULES.length - 1; i >= 0; i--) {
    // rule____NoAllow / rule_____NoDeny: `ingress: [{}]`, selecting foo and matching nothing.
    // Test_MergeRulesWithNamedPorts: the allow rules name port "port-80" (80 on foo) instead.
    const written = (testCase >> i) & 1 ? (RULES[i] as string) : 'ingress: [{}]';
    const spec = namedPorts && i < 5 ? written.replace("port: '80'", 'port: port-80') : written;
    docs.push(`apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: rule-${i}}\nspec:\n  endpointSelector: ${FOO}\n  ${spec}\n`);
  }
  return docs.join('---\n');
}

function outcome(testCase: number, port: number, namedPorts = false): string {
  const { policies, diagnostics } = policiesFromYaml(policiesFor(testCase, namedPorts));
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const pods: PodSpec[] = [
    { ns: 'default', name: 'foo-a', labels: { foo: '', blue: '' }, ports: [['port-80', 80, 'TCP']] },
    { ns: 'default', name: 'foo-b', labels: { foo: '', blue: '' }, ports: [['port-80', 80, 'TCP']] },
  ];
  const m = compile(buildCluster({ pods, policies }));
  const d = decide(m, { from: podEndpoint(m, 'default/foo-a'), to: podEndpoint(m, 'default/foo-b'), port, protocol: 'TCP' });
  if (d.verdict === 'denied') return 'denied';
  return d.ingress.l7 === 'none' ? 'allowed' : 'proxied';
}

describe('pkg/policy/distillery_test.go Test_MergeRules: 256 combinations of L3, L4, L3L4, L7 and deny rules', () => {
  it('has the 256 rows of rawTestTable', () => {
    expect(rawTestTable).toHaveLength(256);
  });
  for (let testCase = 0; testCase < 256; testCase++) {
    const row = rawTestTable[testCase] as string;
    const want = expected(row);
    it(`permutation_${testCase}: foo → foo on 80/TCP is ${want.port80}, on 81/TCP ${want.port81}`, () => {
      expect(outcome(testCase, 80)).toBe(want.port80);
      expect(outcome(testCase, 81)).toBe(want.port81);
    });
  }
});

describe('pkg/policy/distillery_test.go Test_MergeRulesWithNamedPorts: the allow combinations with port "port-80"', () => {
  for (let testCase = 0; testCase < 32; testCase++) {
    const want = expected(rawTestTable[testCase] as string);
    it(`permutation_${testCase}: foo → foo on 80/TCP is ${want.port80}, on 81/TCP ${want.port81}`, () => {
      expect(outcome(testCase, 80, true)).toBe(want.port80);
      expect(outcome(testCase, 81, true)).toBe(want.port81);
    });
  }
});

/**
 * pkg/policy/distillery_test.go `Test_MergeL3` (cilium/cilium, Apache-2.0): allows with and
 * without `authentication` selecting foo, with the expected map state per peer (foo, bar). A
 * packet needs authentication when the key it hits carries an auth type, its own or one inherited
 * from a broader key that covers it (cases 3, 9: the L4 key or the L3 bar key); `AuthTypeAlwaysFail`
 * (mode test-always-fail) is written as mode required here, both need the handshake.
 */
describe('pkg/policy/distillery_test.go Test_MergeL3: which packets need mutual authentication', () => {
  const L3_FOO = `ingress: [{fromEndpoints: [${FOO}]}]`;
  const L3_BAR = "ingress: [{fromEndpoints: [{matchLabels: {bar: ''}}]}]";
  const L3_BAR_AUTH = "ingress: [{fromEndpoints: [{matchLabels: {bar: ''}}], authentication: {mode: required}}]";
  const L4 = `ingress: [{toPorts: ${PORT80}}]`;
  const L4_AUTH = `ingress: [{toPorts: ${PORT80}, authentication: {mode: required}}]`;
  const ALL = "ingress: [{fromEndpoints: [{}]}]";
  const ALL_AUTH = 'ingress: [{fromEndpoints: [{}], authentication: {mode: required}}]';
  // [test, rules, peers × ports needing auth: foo:80, foo:81, bar:80, bar:81]
  const cases: readonly [number, readonly string[], readonly [boolean, boolean, boolean, boolean]][] = [
    [0, [L3_FOO, L3_BAR], [false, false, false, false]],
    [2, [L3_FOO, L3_BAR_AUTH], [false, false, true, true]],
    [3, [L3_FOO, L3_BAR_AUTH, L4_AUTH], [true, false, true, true]],
    [4, [ALL, L3_BAR_AUTH], [false, false, true, true]],
    [5, [ALL_AUTH, L3_BAR], [true, true, true, true]],
    [6, [ALL_AUTH, L4], [true, true, true, true]],
    [7, [ALL_AUTH, L3_BAR, L4], [true, true, true, true]],
    [8, [ALL, L3_BAR, L4], [false, false, false, false]],
    [9, [ALL, L4, L3_BAR_AUTH], [false, false, true, true]],
  ];
  for (const [test, specs, want] of cases)
    it(`case ${test}: authentication needed for foo:80 ${want[0]}, foo:81 ${want[1]}, bar:80 ${want[2]}, bar:81 ${want[3]}`, () => {
      const yaml = specs
        .map((spec, i) => `apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: rule-${i}}\nspec:\n  endpointSelector: ${FOO}\n  ${spec}\n`)
        .join('---\n');
      const { policies } = policiesFromYaml(yaml);
      const pods: PodSpec[] = [
        { ns: 'default', name: 'foo', labels: { foo: '', blue: '' } },
        { ns: 'default', name: 'foo-peer', labels: { foo: '', blue: '' } },
        { ns: 'default', name: 'bar', labels: { bar: '', blue: '' } },
      ];
      const m = compile(buildCluster({ pods, policies }));
      const got = (['foo-peer', 'bar'] as const).flatMap((peer) =>
        [80, 81].map((port) => {
          const d = decide(m, { from: podEndpoint(m, `default/${peer}`), to: podEndpoint(m, 'default/foo'), port, protocol: 'TCP' });
          expect(d.verdict).toBe('allowed');
          const note = d.notes.find((n) => n.includes('mutual authentication'));
          // The note names the rule that asks for it.
          if (note !== undefined) expect(note).toMatch(/CCNP rule-\d spec\.ingress\[0\]/);
          return note !== undefined;
        }),
      );
      expect(got).toEqual(want);
    });
});

/**
 * pkg/policy/distillery_test.go `Test_EnsureDeniesPrecedeAllows` (cilium/cilium, Apache-2.0):
 * world, CIDR and port denies against CIDR allows, for an endpoint selected by `{}`, in both
 * directions; plus its named-port and port-range cases (ingress from the /24). Identities:
 * 192.0.2.3/32 (worldIP), 192.0.2.0/24 (worldSubnet), world.
 */
describe('pkg/policy/distillery_test.go Test_EnsureDeniesPrecedeAllows', () => {
  const both = (peerIn: string, peerOut: string, ports = '') =>
    `  ingress:\n  - ${peerIn}${ports}\n  egress:\n  - ${peerOut}${ports}\n`;
  const rule = (name: string, body: string) => `apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: ${name}}\nspec:\n  endpointSelector: {}\n${body}`;
  const deny = (body: string) => body.replace('  ingress:', '  ingressDeny:').replace('  egress:', '  egressDeny:');
  const PORT8080_ANY = "\n    toPorts: [{ports: [{port: '8080', protocol: ANY}]}]";
  const ruleL3DenyWorld = rule('deny-world', deny(both('fromEntities: [world]', 'toEntities: [world]')));
  const ruleL3AllowWorldIP = rule('allow-world-ip', both('fromCIDR: [192.0.2.3/32]', 'toCIDR: [192.0.2.3/32]'));
  const ruleL3DenySubnet = rule('deny-subnet', deny(both('fromCIDRSet: [{cidr: 192.0.2.0/24}]', 'toCIDRSet: [{cidr: 192.0.2.0/24}]')));
  const ruleL3DenySmallerSubnet = rule('deny-smaller', deny(both('fromCIDRSet: [{cidr: 192.0.2.3/32}]', 'toCIDRSet: [{cidr: 192.0.2.3/32}]')));
  const ruleL3AllowLargerSubnet = rule('allow-larger', both('fromCIDRSet: [{cidr: 192.0.2.0/24}]', 'toCIDRSet: [{cidr: 192.0.2.0/24}]'));
  const ruleL3L4Port8080ProtoAnyDenyWorld = rule('deny-world-8080', deny(both('fromEntities: [world]', 'toEntities: [world]', PORT8080_ANY)));
  const ruleL3AllowWorldSubnet = rule('allow-subnet-8080', both('fromCIDR: [192.0.2.0/24]', 'toCIDR: [192.0.2.0/24]', PORT8080_ANY));
  const ruleL3DenyWorldIP = rule('deny-world-ip', deny(both('fromCIDR: [192.0.2.3/32]', 'toCIDR: [192.0.2.3/32]')));
  const ruleNamedPort = rule('allow-subnet-http', "  ingress:\n  - fromCIDR: [192.0.2.0/24]\n    toPorts: [{ports: [{port: http, protocol: TCP}]}]\n");
  const rulePortRange = rule('allow-subnet-ranges', "  ingress:\n  - fromCIDR: [192.0.2.0/24]\n    toPorts: [{ports: [{port: '64', endPort: 127, protocol: TCP}, {port: '5', endPort: 10, protocol: TCP}]}]\n");

  function verdicts(rules: readonly string[], ip: string, port: number, protocol: 'TCP' | 'UDP' | 'SCTP' = 'TCP'): [string, string] {
    const { policies } = policiesFromYaml(rules.join('---\n'));
    const m = compile(buildCluster({ pods: [{ ns: 'default', name: 'foo', labels: { foo: '', blue: '' }, ip: '10.244.0.9', ports: [['http', 80, 'TCP']] }], policies }));
    const foo = podEndpoint(m, 'default/foo');
    const peer = ipEndpoint(ip);
    return [decide(m, { from: peer, to: foo, port, protocol }).verdict, decide(m, { from: foo, to: peer, port, protocol }).verdict];
  }
  const denied: [string, string] = ['denied', 'denied'];
  const allowed: [string, string] = ['allowed', 'allowed'];

  it('deny_world_no_labels: a world deny beats a /32 allow', () => {
    expect(verdicts([ruleL3DenyWorld, ruleL3AllowWorldIP], '192.0.2.3', 80)).toEqual(denied);
  });
  it('deny_one_ip_with_a_larger_subnet', () => {
    expect(verdicts([ruleL3DenySubnet, ruleL3AllowWorldIP], '192.0.2.3', 80)).toEqual(denied);
  });
  it('deny_part_of_a_subnet_with_an_ip: the /32 is denied, the rest of the /24 allowed', () => {
    expect(verdicts([ruleL3DenySmallerSubnet, ruleL3AllowLargerSubnet], '192.0.2.3', 80)).toEqual(denied);
    expect(verdicts([ruleL3DenySmallerSubnet, ruleL3AllowLargerSubnet], '192.0.2.4', 80)).toEqual(allowed);
  });
  it('broad_cidr_deny_is_a_portproto_subset_of_a_specific_cidr_allow: 8080 denied on TCP, UDP and SCTP, other ports allowed', () => {
    for (const p of ['TCP', 'UDP', 'SCTP'] as const) expect(verdicts([ruleL3L4Port8080ProtoAnyDenyWorld, ruleL3AllowWorldIP], '192.0.2.3', 8080, p)).toEqual(denied);
    expect(verdicts([ruleL3L4Port8080ProtoAnyDenyWorld, ruleL3AllowWorldIP], '192.0.2.3', 80)).toEqual(allowed);
  });
  it('broad_cidr_allow_is_a_portproto_subset_of_a_specific_cidr_deny', () => {
    for (const p of ['TCP', 'UDP', 'SCTP'] as const) {
      expect(verdicts([ruleL3AllowWorldSubnet, ruleL3DenyWorldIP], '192.0.2.3', 8080, p)).toEqual(denied);
      expect(verdicts([ruleL3AllowWorldSubnet, ruleL3DenyWorldIP], '192.0.2.4', 8080, p)).toEqual(allowed);
    }
    expect(verdicts([ruleL3AllowWorldSubnet, ruleL3DenyWorldIP], '192.0.2.4', 80)).toEqual(denied);
  });
  it('named_port_world_subnet: the name resolves to 80 on the endpoint', () => {
    expect(verdicts([ruleNamedPort], '192.0.2.3', 80)[0]).toBe('allowed');
    expect(verdicts([ruleNamedPort], '192.0.2.3', 81)[0]).toBe('denied');
  });
  it('port_range_world_subnet: 5-10 and 64-127, nothing around them', () => {
    for (const port of [5, 6, 7, 8, 9, 10, 64, 100, 127]) expect(verdicts([rulePortRange], '192.0.2.3', port)[0], String(port)).toBe('allowed');
    for (const port of [4, 11, 63, 128]) expect(verdicts([rulePortRange], '192.0.2.3', port)[0], String(port)).toBe('denied');
  });
});
