import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../load/loadInputs.ts';
import { compile } from './compile.ts';
import { connectivity } from './connectivity.ts';
import { decide } from './decide.ts';
import { hasPort } from './PortSet.ts';
import { peerEndpoint } from './testing.ts';
import { tenantInventory } from './tierTenants.fixture.ts';

/**
 * Cilium's own check of its tiered policy map, ported: pkg/policy/simulate_fuzz_test.go
 * `FuzzDistillPolicy` draws random Admin, Normal and Baseline entries (peer, ports, verdict,
 * priority) and compares the policy map with pkg/policy/testutils/simulate.go `IteratePolicy`,
 * a step-by-step simulator. Here the entries become ClusterNetworkPolicies (Admin, Baseline; one
 * rule each, its priority the policy's) and CiliumNetworkPolicies (Normal: allow `ingress`, deny
 * `ingressDeny`) on t1/db's ingress, and decide() and the connectivity matrix are compared with
 * the simulator ported below, fed the DefaultPolicy rule pkg/policy/repository.go
 * `computePolicyEnforcementAndRules` adds (an allow-all when no rule enables default deny). All at
 * cilium/cilium 3ab8efdd3b3f944db3eb8415dfeb4b608e3ae56b (Cilium 1.20's; read in
 * mhofstetter/cilium; Apache-2.0); the rule itself: tiers.baselineAfterPolicy.test.ts.
 */
type TierName = 'Admin' | 'Normal' | 'Baseline';
type Verdict = 'allow' | 'deny' | 'pass';
type L3 = 'web' | 'api' | 'all';
type L4 = 'any' | 80 | 81;
interface PEntry {
  readonly tier: TierName;
  readonly priority: number;
  readonly verdict: Verdict;
  readonly l3: L3;
  readonly l4: L4;
}

const CNP_PEER: Record<L3, string> = {
  web: 'fromEndpoints: [{matchLabels: {app: web}}]',
  api: 'fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: t2}}]',
  all: 'fromEntities: [cluster]',
};
const TIER_PEER: Record<L3, string> = {
  web: '{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}}',
  api: '{namespaces: {matchLabels: {tenant: globex}}}',
  all: '{namespaces: {}}',
};
const ACTION: Record<Verdict, string> = { allow: 'Accept', deny: 'Deny', pass: 'Pass' };

function yamlOf(entries: readonly PEntry[]): string {
  return entries
    .map((e, i) => {
      if (e.tier === 'Normal') {
        const ports = e.l4 === 'any' ? '' : `\n    toPorts: [{ports: [{port: "${e.l4}", protocol: TCP}]}]`;
        return `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: n${i}, namespace: t1}
spec:
  endpointSelector: {matchLabels: {app: db}}
  ${e.verdict === 'deny' ? 'ingressDeny' : 'ingress'}:
  - ${CNP_PEER[e.l3]}${ports}
`;
      }
      const protocols = e.l4 === 'any' ? '' : `, protocols: [{tcp: {destinationPort: {number: ${e.l4}}}}]`;
      return `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: c${i}}
spec:
  tier: ${e.tier}
  priority: ${e.priority}
  subject: {pods: {namespaceSelector: {matchLabels: {tenant: acme}}, podSelector: {matchLabels: {app: db}}}}
  ingress:
  - {name: r${i}, action: ${ACTION[e.verdict]}, from: [${TIER_PEER[e.l3]}]${protocols}}
`;
    })
    .join('---\n');
}

const TIER_RANK: Record<TierName | 'DefaultPolicy', number> = { Admin: 100, Normal: 200, Baseline: 250, DefaultPolicy: 255 };
const VERDICT_RANK: Record<Verdict, number> = { deny: 0, allow: 1, pass: 2 };
const peerMatches = (l3: L3, from: string): boolean => l3 === 'all' || (l3 === 'web' ? from === 't1/web' : from === 't2/api');

/**
 * simulate.go `findEntries` + `findMatchingRule` for t1/db's ingress, with repository.go's
 * DefaultPolicy allow-all when no Normal entry (the only ones with DefaultDeny) selects it.
 */
function simulate(entries: readonly PEntry[], from: string, port: number): 'allowed' | 'denied' {
  const defaultDeny = entries.some((e) => e.tier === 'Normal');
  type Sim = { readonly tier: number; readonly priority: number; readonly verdict: Verdict };
  const matching: Sim[] = entries.filter((e) => peerMatches(e.l3, from) && (e.l4 === 'any' || e.l4 === port)).map((e) => ({ tier: TIER_RANK[e.tier], priority: e.tier === 'Normal' ? 0 : e.priority, verdict: e.verdict }));
  if (!defaultDeny && entries.length > 0) matching.push({ tier: TIER_RANK.DefaultPolicy, priority: 0, verdict: 'allow' });
  if (matching.length === 0) return defaultDeny ? 'denied' : 'allowed';
  matching.sort((a, b) => a.tier - b.tier || a.priority - b.priority || VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict]);
  let skipTierBefore = 0;
  for (const e of matching) {
    if (skipTierBefore > e.tier) continue;
    if (e.verdict === 'pass') skipTierBefore = e.tier + 1;
    else return e.verdict === 'allow' ? 'allowed' : 'denied';
  }
  return 'denied';
}

const entryArb: fc.Arbitrary<PEntry> = fc
  .record({
    tier: fc.constantFrom<TierName>('Admin', 'Normal', 'Baseline'),
    priority: fc.integer({ min: 0, max: 3 }),
    verdict: fc.constantFrom<Verdict>('allow', 'deny', 'pass'),
    l3: fc.constantFrom<L3>('web', 'api', 'all'),
    l4: fc.constantFrom<L4>('any', 80, 81),
  })
  // A CiliumNetworkPolicy has no Pass.
  .map((e) => (e.tier === 'Normal' && e.verdict === 'pass' ? { ...e, verdict: 'allow' as const } : e));

function check(entries: readonly PEntry[]): void {
  const { cluster, diagnostics } = loadInputs([{ name: 'c.yaml', data: `${tenantInventory}---\n${yamlOf(entries)}` }]);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const m = compile(cluster, { ciliumVersion: '1.20', clusterNetworkPolicy: true });
  const conn = connectivity(m, { identitiesOnly: true });
  const idx = (w: string) => conn.peers.findIndex((p) => p.kind === 'identity' && p.workloads.some((x) => x.replace('/Pod/', '/') === w));
  for (const from of ['t1/web', 't2/api'])
    for (const port of [80, 81, 82]) {
      const want = simulate(entries, from, port);
      const d = decide(m, { from: peerEndpoint(m, from), to: peerEndpoint(m, 't1/db'), port, protocol: 'TCP' });
      expect(d.ingress.verdict, `${from} → t1/db ${port}: ${d.ingress.text}`).toBe(want);
      const e = conn.edges.find((x) => x.from === idx(from) && x.to === idx('t1/db'));
      expect(e !== undefined && hasPort(e.allowed, 'TCP', port), `matrix ${from} → t1/db ${port}`).toBe(want === 'allowed');
    }
}

describe('ported FuzzDistillPolicy: decide() and the matrix against Cilium 1.20 simulate.go', () => {
  it('random Admin / NetworkPolicy-tier / Baseline entries on one ingress', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { minLength: 1, maxLength: 6 }), (entries) => check(entries)),
      {
        numRuns: 120,
        examples: [
          // The case the engine got wrong before tiers.baselineAfterPolicy.test.ts: a NetworkPolicy-tier allow of another port, a Baseline Accept.
          [[{ tier: 'Normal', priority: 0, verdict: 'allow', l3: 'web', l4: 80 }, { tier: 'Baseline', priority: 0, verdict: 'allow', l3: 'all', l4: 'any' }]],
          // An Admin Pass over an Admin Deny, to a Baseline Deny past a NetworkPolicy tier that matches nothing.
          [[{ tier: 'Admin', priority: 0, verdict: 'pass', l3: 'web', l4: 'any' }, { tier: 'Admin', priority: 1, verdict: 'deny', l3: 'all', l4: 'any' }, { tier: 'Normal', priority: 0, verdict: 'allow', l3: 'api', l4: 80 }, { tier: 'Baseline', priority: 2, verdict: 'deny', l3: 'web', l4: 81 }]],
        ],
      },
    );
  });
});
