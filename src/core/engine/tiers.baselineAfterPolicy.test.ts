import { describe, expect, it } from 'vitest';
import { connlistFromInputs } from '../connlist/fromInputs.ts';
import { formatTxt } from '../connlist/format.ts';
import { loadInputs } from '../load/loadInputs.ts';
import { compile } from './compile.ts';
import { connectivity } from './connectivity.ts';
import { decide } from './decide.ts';
import { hasPort } from './PortSet.ts';
import { peerEndpoint } from './testing.ts';
import { tenantInventory } from './tierTenants.fixture.ts';
import type { EngineSettings } from './types.ts';

/**
 * The Baseline tier of ClusterNetworkPolicy also decides for endpoints that CiliumNetworkPolicies,
 * CiliumClusterwideNetworkPolicies or NetworkPolicies select, as Cilium 1.20 does.
 *
 * The rule, from cilium/cilium at 3ab8efdd3b3f944db3eb8415dfeb4b608e3ae56b (the last commit before
 * main became 1.21, so Cilium 1.20's; read in mhofstetter/cilium, a fork carrying cilium/cilium
 * main, where these files are unchanged up to 17766dc3e65aa886281df17a0e1a8a7e315f8cd1 of
 * 2026-08-05; Apache-2.0):
 * - pkg/policy/types/policyentry.go: every entry has a tier, Admin 100, Normal 200 (CNP, CCNP and
 *   NetworkPolicy entries: pkg/policy/utils/parserules.go, pkg/k8s/network_policy.go), Baseline 250,
 *   and DefaultPolicy 255, "reserved for Cilium internal use".
 * - pkg/policy/repository.go `computePolicyEnforcementAndRules` / `addDefaultRule`: the default
 *   deny of a selected endpoint is no entry of the Normal tier. What an endpoint gets when no entry
 *   matches (the allow-any of `enableDefaultDeny: false`, the wildcard deny added when a Pass is in
 *   use, and the allow-localhost of allow-localhost=always) are rules of the DefaultPolicy tier,
 *   after the Baseline tier (cilium/cilium e5e2885fe9 "policy: Add default deny rule when pass
 *   verdict is used", e0953ce9e8 "policy: Add allow localhost rule to ingress rules").
 * - pkg/policy/testutils/simulate.go `IteratePolicy` / `findMatchingRule`, the step-by-step
 *   simulator the policy map is checked against (pkg/policy/simulate_fuzz_test.go
 *   `FuzzDistillPolicy`: random Admin, Normal and Baseline entries, all with DefaultDeny, map
 *   lookup == simulation): the entries matching the flow, sorted by tier, priority and
 *   deny < allow < pass, are walked in order and the first Allow or Deny decides (a Pass skips the
 *   rest of its tier); default deny only when none decides.
 * So a flow that no Normal-tier entry matches goes on to the Baseline tier even when a
 * NetworkPolicy or CiliumNetworkPolicy selects the endpoint: a Baseline Accept allows it, a
 * Baseline Deny denies it, and only without a Baseline decision does default deny (or the
 * allow-any / allow-localhost) apply. The network-policy-api's ClusterNetworkPolicy doc says
 * otherwise ("v1.NetworkPolicy always makes a final decision for selected pods", vendored
 * sigs.k8s.io/network-policy-api apis/v1alpha2 clusternetworkpolicy_types.go at the same commit):
 * Cilium 1.20 does not do that, and we answer as Cilium does. Releases before 1.20 have no tiers.
 *
 * The ported cases at the end are pkg/policy/distillery_precedence_test.go
 * `Test_MergeRulesWithPrecedence`-style rows at that commit, tier 0 written as an Admin
 * ClusterNetworkPolicy, tier 1 as CiliumNetworkPolicy rules and tier 2 as a Baseline one.
 */

/** Baseline: a tenant's pods accept their own tenant, deny other tenants; they may reach their own tenant and 198.51.100.0/24. */
const baseline = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: tenant-baseline}
spec:
  tier: Baseline
  priority: 100
  subject: {namespaces: {matchLabels: {tenant: acme}}}
  ingress:
  - {name: same-tenant, action: Accept, from: [{namespaces: {matchLabels: {tenant: acme}}}]}
  - {name: other-tenants, action: Deny, from: [{namespaces: {matchExpressions: [{key: tenant, operator: Exists}]}}]}
  egress:
  - {name: own-tenant, action: Accept, to: [{namespaces: {matchLabels: {tenant: acme}}}]}
  - {name: partner, action: Accept, to: [{networks: ["198.51.100.0/24"]}]}
`;

/** t1/db: a NetworkPolicy lets t1/web in on 5432; a CNP denies t1/web on 9090. t1/web: egress to 10.0.0.0/8 on 443 only. */
const tenantPolicies = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-web, namespace: t1}
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress]
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: 5432, protocol: TCP}]
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: db-no-metrics, namespace: t1}
spec:
  endpointSelector: {matchLabels: {app: db}}
  ingressDeny:
  - fromEndpoints: [{matchLabels: {app: web}}]
    toPorts: [{ports: [{port: "9090", protocol: TCP}]}]
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: web-egress, namespace: t1}
spec:
  endpointSelector: {matchLabels: {app: web}}
  egress:
  - toCIDR: [10.0.0.0/8]
    toPorts: [{ports: [{port: "443", protocol: TCP}]}]
`;

function model(policies: string, settings: Partial<EngineSettings> = {}) {
  const { cluster, diagnostics } = loadInputs([{ name: 'c.yaml', data: `${tenantInventory}---\n${policies}` }]);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return compile(cluster, { ciliumVersion: '1.20', clusterNetworkPolicy: true, ...settings });
}

function ask(m: ReturnType<typeof model>, from: string, to: string, port: number) {
  return decide(m, { from: peerEndpoint(m, from), to: peerEndpoint(m, to), port, protocol: 'TCP' });
}

/** Every pair of pods and each port: the matrix allows exactly what decide() allows. */
function matrixAgrees(m: ReturnType<typeof model>, ports: readonly number[]): number {
  const conn = connectivity(m, { identitiesOnly: true });
  const name = (i: number) => {
    const p = conn.peers[i];
    return p?.kind === 'identity' ? (p.workloads[0] ?? '').replace('/Pod/', '/') : '';
  };
  const edge = new Map(conn.edges.map((e) => [`${name(e.from)}>${name(e.to)}`, e.allowed]));
  let checked = 0;
  for (const a of ['t1/web', 't1/db', 't2/api'])
    for (const b of ['t1/web', 't1/db', 't2/api'])
      for (const port of ports) {
        const d = ask(m, a, b, port);
        const set = edge.get(`${a}>${b}`);
        expect(set !== undefined && hasPort(set, 'TCP', port), `${a} → ${b} ${port}: decide says ${d.verdict}`).toBe(d.verdict === 'allowed');
        checked++;
      }
  return checked;
}

describe('Cilium 1.20: the Baseline tier decides what the NetworkPolicy tier leaves (pkg/policy/testutils/simulate.go)', () => {
  const m = model(`${baseline}---\n${tenantPolicies}`);

  it('a NetworkPolicy allow decides before the Baseline tier', () => {
    const d = ask(m, 't1/web', 't1/db', 5432);
    expect(d.verdict).toBe('allowed');
    expect(d.ingress.rules.map((r) => r.name)).toEqual(['db-from-web']);
  });

  it('a NetworkPolicy-selected pod: traffic its rules do not match is accepted by a Baseline Accept', () => {
    const d = ask(m, 't1/web', 't1/db', 8080);
    expect(d.verdict).toBe('allowed');
    expect(d.ingress.reason).toBe('allowed');
    expect(d.ingress.rules).toEqual([{ kind: 'ClusterNetworkPolicy', namespace: null, name: 'tenant-baseline', path: 'spec.ingress[0]' }]);
    expect(d.ingress.text).toContain('Baseline tier, priority 100, rule `same-tenant`: Accept');
    // Which tier decided and why the NetworkPolicy tier did not, as Cilium 1.20 does; older releases have no tiers.
    expect(d.ingress.text).toContain('CNP t1/db-no-metrics spec, NetworkPolicy t1/db-from-web spec select t1/db for ingress, but none of their rules matches');
    expect(d.ingress.text).toContain('as Cilium 1.20 does');
    expect(d.ingress.text).toContain('before 1.20 there are no tiers and default deny decides');
    expect(d.ingress.tier).toBe('no rule of the NetworkPolicy tier matches; Baseline tier, priority 100, rule `same-tenant`: Accept');
  });

  it('a NetworkPolicy-selected pod: a Baseline Deny decides instead of default deny', () => {
    for (const port of [5432, 8080]) {
      const d = ask(m, 't2/api', 't1/db', port);
      expect(d.verdict).toBe('denied');
      expect(d.ingress.reason).toBe('explicit-deny');
      expect(d.ingress.rules.map((r) => `${r.name} ${r.path}`)).toEqual(['tenant-baseline spec.ingress[1]']);
      expect(d.ingress.text).toContain('Baseline tier, priority 100, rule `other-tenants`: Deny');
    }
  });

  it('a CiliumNetworkPolicy deny decides before a Baseline Accept', () => {
    const d = ask(m, 't1/web', 't1/db', 9090);
    expect(d.verdict).toBe('denied');
    expect(d.ingress.reason).toBe('explicit-deny');
    expect(d.ingress.rules.map((r) => r.name)).toEqual(['db-no-metrics']);
  });

  it('egress of a CiliumNetworkPolicy-selected pod: a Baseline Accept allows what its rules do not', () => {
    const d = ask(m, 't1/web', '198.51.100.7', 443);
    expect(d.verdict).toBe('allowed');
    expect(d.egress.rules.map((r) => `${r.name} ${r.path}`)).toEqual(['tenant-baseline spec.egress[1]']);
    expect(d.egress.text).toContain('CNP t1/web-egress spec selects t1/web for egress, but none of its rules matches, so the Baseline tier comes before default deny');
    // Nothing in the Baseline tier for 203.0.113.9: default deny as before, said.
    const other = ask(m, 't1/web', '203.0.113.9', 443);
    expect(other.verdict).toBe('denied');
    expect(other.egress.reason).toBe('default-deny');
    expect(other.egress.text).toContain('no Baseline tier rule matches either');
  });

  it('the connectivity matrix agrees with decide()', () => {
    expect(matrixAgrees(m, [80, 443, 5432, 8080, 9090])).toBe(45);
  });

  it("the matrix's outside ranges are cut at the ClusterNetworkPolicy networks, so connlist agrees with explain", () => {
    const conn = connectivity(m);
    const web = conn.peers.findIndex((p) => p.kind === 'identity' && p.workloads.some((w) => w.startsWith('t1/')) && p.workloads[0]?.endsWith('/web'));
    const v4 = (ip: string) => ip.split('.').reduce((a, x) => a * 256 + Number(x), 0);
    const rangeOf = (ip: string) => conn.peers.findIndex((p) => p.kind === 'range' && p.family === 4 && v4(p.start) <= v4(ip) && v4(ip) <= v4(p.end));
    for (const ip of ['198.51.100.7', '203.0.113.9', '10.1.2.3']) {
      const to = rangeOf(ip);
      const e = conn.edges.find((x) => x.from === web && x.to === to);
      const d = ask(m, 't1/web', ip, 443);
      expect(e !== undefined && hasPort(e.allowed, 'TCP', 443), `t1/web → ${ip} 443: decide says ${d.verdict}`).toBe(d.verdict === 'allowed');
    }
    // connlist (netpol-analyzer's ranges) likewise: 198.51.100.0/24 is a range of its own, accepted by the Baseline tier.
    const txt = formatTxt(connlistFromInputs([{ name: 'c.yaml', data: `${tenantInventory}---\n${baseline}---\n${tenantPolicies}` }], { settings: { ciliumVersion: '1.20', clusterNetworkPolicy: true } }).list);
    expect(txt.split('\n').filter((l) => l.startsWith('t1/web[Pod] => ') && l.includes('External'))).toEqual([
      't1/web[Pod] => 10.0.0.0-10.255.255.255[External] : TCP 443',
      't1/web[Pod] => 198.51.100.0-198.51.100.255[External] : All Connections',
    ]);
  });

  it('enable-policy=always: a pod no policy selects is in default deny, and the Baseline tier comes first', () => {
    const always = model(baseline, { enforcementMode: 'always' });
    const d = ask(always, 't1/web', 't1/db', 8080);
    expect(d.verdict).toBe('allowed');
    expect(d.ingress.text).toContain('t1/db is in default deny for ingress (enable-policy=always) and no rule matches, so the Baseline tier comes before default deny');
    expect(ask(always, 't1/web', 't2/api', 8080).ingress.reason).toBe('default-deny');
    expect(matrixAgrees(always, [80, 8080])).toBe(18);
  });

  it("netpol-analyzer's reading of BaselineAdminNetworkPolicy (v1alpha1) keeps the NetworkPolicy final for the pods it selects, as the API says", () => {
    const banp = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {matchLabels: {tenant: acme}}}
  ingress:
  - {name: same-tenant, action: Allow, from: [{namespaces: {matchLabels: {tenant: acme}}}]}
`;
    const np = model(`${banp}---\n${tenantPolicies}`, { tiersAs: 'netpol-analyzer' });
    const d = ask(np, 't1/web', 't1/db', 8080);
    expect(d.ingress.reason).toBe('default-deny');
    expect(d.ingress.text).not.toContain('Baseline');
    // A pod no policy selects: the Baseline tier decides.
    expect(ask(np, 't1/db', 't1/web', 8080).ingress.rules.map((r) => r.name)).toEqual(['default']);
    expect(matrixAgrees(np, [5432, 8080])).toBe(18);
  });

  it('Cilium 1.19 has no tiers: the NetworkPolicy default deny decides and a note says the tiers are not enforced', () => {
    const old = model(`${baseline}---\n${tenantPolicies}`, { ciliumVersion: '1.19' });
    const d = ask(old, 't1/web', 't1/db', 8080);
    expect(d.verdict).toBe('denied');
    expect(d.ingress.reason).toBe('default-deny');
    expect(d.notes.join(' ')).toContain('Cilium 1.19 does not enforce ClusterNetworkPolicy');
  });
});

describe('Cilium 1.20: the DefaultPolicy tier comes after the Baseline tier (pkg/policy/repository.go addDefaultRule)', () => {
  it('enableDefaultDeny: false: a Baseline Deny decides before the allow-any', () => {
    const m = model(`${baseline}---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: web-observe, namespace: t1}
spec:
  endpointSelector: {matchLabels: {app: web}}
  enableDefaultDeny: {ingress: false}
  ingress:
  - fromEndpoints: [{matchLabels: {app: db}}]
    toPorts: [{ports: [{port: "80", protocol: TCP}]}]
`);
    const d = ask(m, 't2/api', 't1/web', 80);
    expect(d.verdict).toBe('denied');
    expect(d.ingress.reason).toBe('explicit-deny');
    expect(d.ingress.rules.map((r) => `${r.name} ${r.path}`)).toEqual(['tenant-baseline spec.ingress[1]']);
    // Matched by the CiliumNetworkPolicy: its allow decides.
    expect(ask(m, 't1/db', 't1/web', 80).ingress.rules.map((r) => r.name)).toEqual(['web-observe']);
    expect(matrixAgrees(m, [80, 8080])).toBe(18);
  });

  it('a Baseline Pass leaves the flow to default deny', () => {
    const m = model(`apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: pass-then-accept}
spec:
  tier: Baseline
  priority: 10
  subject: {namespaces: {matchLabels: {tenant: acme}}}
  ingress:
  - {name: pass-web, action: Pass, from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}}]}
  - {name: all, action: Accept, from: [{namespaces: {}}]}
---
${tenantPolicies}`);
    const web = ask(m, 't1/web', 't1/db', 8080);
    expect(web.verdict).toBe('denied');
    expect(web.ingress.reason).toBe('default-deny');
    expect(ask(m, 't2/api', 't1/db', 8080).verdict).toBe('allowed');
    expect(matrixAgrees(m, [5432, 8080])).toBe(18);
  });

  it('an Admin Pass, no NetworkPolicy-tier match, then a Baseline Accept', () => {
    const m = model(`apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: admin-pass}
spec:
  tier: Admin
  priority: 5
  subject: {namespaces: {matchLabels: {tenant: acme}}}
  ingress:
  - {name: pass-tenant, action: Pass, from: [{namespaces: {matchLabels: {tenant: acme}}}]}
  - {name: deny-rest, action: Deny, from: [{namespaces: {}}]}
---
${baseline}---
${tenantPolicies}`);
    const d = ask(m, 't1/web', 't1/db', 8080);
    expect(d.verdict).toBe('allowed');
    expect(d.ingress.text).toContain('Admin tier, priority 5, rule `pass-tenant`: Pass');
    expect(d.ingress.text).toContain('Baseline tier, priority 100, rule `same-tenant`: Accept');
    expect(ask(m, 't2/api', 't1/db', 8080).ingress.rules.map((r) => r.name)).toEqual(['admin-pass']);
    expect(matrixAgrees(m, [5432, 8080, 9090])).toBe(27);
  });
});

/**
 * pkg/policy/distillery_precedence_test.go at 3ab8efdd3b3f944db3eb8415dfeb4b608e3ae56b, the rows
 * that ClusterNetworkPolicy and CiliumNetworkPolicy can write (one priority in the Normal tier),
 * egress of t1/web; expected as the row's map reads (its `expected` keys; the probes' entries are
 * overwritten by the looked-up precedence there, so the map decides).
 */
describe('ported: distillery_precedence_test.go rows with tiers', () => {
  const admin = (rules: string) => `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: tier0}
spec:
  tier: Admin
  priority: 0
  subject: {namespaces: {matchLabels: {tenant: acme}}}
  egress:
${rules}`;
  const web = (egress: string, extra = '') => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: tier1, namespace: t1}
spec:
  endpointSelector: {matchLabels: {app: web}}
${extra}  egress:
${egress}`;
  const verdicts = (m: ReturnType<typeof model>, probes: readonly (readonly [string, number])[]) => probes.map(([ip, port]) => `${ip}:${port} ${ask(m, 't1/web', ip, port).verdict}`);

  it('"allow 1.1.1.1 deny port 80": the Admin deny of port 80 beats the Normal allows', () => {
    const m = model(`${admin('  - {action: Deny, to: [{networks: ["0.0.0.0/0"]}], protocols: [{tcp: {destinationPort: {number: 80}}}]}\n')}---
${web(`  - toCIDR: [1.1.1.1/32]
    toPorts: [{ports: [{port: "80", protocol: TCP}, {port: "81", protocol: TCP}]}]
  - toEntities: [all]
`)}`);
    expect(verdicts(m, [['8.8.8.8', 80], ['1.1.1.1', 80], ['1.1.1.1', 81], ['1.1.1.1', 82], ['8.8.8.8', 82]])).toEqual([
      '8.8.8.8:80 denied',
      '1.1.1.1:80 denied',
      '1.1.1.1:81 allowed',
      '1.1.1.1:82 allowed',
      '8.8.8.8:82 allowed',
    ]);
  });

  it('"PASS 1.1.1.1 over deny": the Pass skips the Admin deny; the Normal allow, then default deny', () => {
    const m = model(`${admin('  - {action: Pass, to: [{networks: ["1.1.1.1/32"]}]}\n  - {action: Deny, to: [{networks: ["1.1.1.1/32"]}]}\n')}---
${web(`  - toCIDR: [1.1.1.1/32]
    toPorts: [{ports: [{port: "80", protocol: TCP}]}]
`)}`);
    expect(verdicts(m, [['1.1.1.1', 80], ['1.1.1.1', 81], ['8.8.8.8', 80]])).toEqual(['1.1.1.1:80 allowed', '1.1.1.1:81 denied', '8.8.8.8:80 denied']);
    expect(ask(m, 't1/web', '1.1.1.1', 81).egress.reason).toBe('default-deny');
  });

  it('"PASS 1.1.1.1 over deny with default allow": the Pass skips the Admin deny to the allow-any', () => {
    const m = model(`${admin('  - {action: Pass, to: [{networks: ["1.1.1.1/32"]}]}\n  - {action: Deny, to: [{networks: ["1.1.1.1/32"]}]}\n')}---
${web(
  `  - toCIDR: [1.1.1.1/32]
    toPorts: [{ports: [{port: "80", protocol: TCP}]}]
`,
  '  enableDefaultDeny: {egress: false}\n',
)}`);
    expect(verdicts(m, [['1.1.1.1', 80], ['1.1.1.1', 81], ['8.8.8.8', 80]])).toEqual(['1.1.1.1:80 allowed', '1.1.1.1:81 allowed', '8.8.8.8:80 allowed']);
  });

  it('"PASS 1.1.1.1 to lower-tier deny with non-consecutive tiers": the Pass reaches the Baseline deny', () => {
    const m = model(`${admin('  - {action: Pass, to: [{networks: ["1.1.1.1/32"]}]}\n')}---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: tier2}
spec:
  tier: Baseline
  priority: 10
  subject: {namespaces: {matchLabels: {tenant: acme}}}
  egress:
  - {action: Deny, to: [{networks: ["1.1.1.1/32"]}]}
`);
    expect(verdicts(m, [['1.1.1.1', 80], ['8.8.8.8', 80]])).toEqual(['1.1.1.1:80 denied', '8.8.8.8:80 allowed']);
  });
});
