import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../load/loadInputs.ts';
import { compile } from '../engine/compile.ts';
import { lint } from './lint.ts';
import { tierPlatformFiles } from '../engine/tierPlatform.fixture.ts';
import { tierPlatformDir } from '../../../test/paths.ts';

const inventory = `
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {tenant: acme}}
---
apiVersion: v1
kind: Namespace
metadata: {name: ops, labels: {platform: "true"}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, image: x}]}
---
apiVersion: v1
kind: Pod
metadata: {name: agent, namespace: ops, labels: {app: agent}}
spec: {containers: [{name: c, image: x}]}
`;

const policies = `
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: lockdown}
spec:
  tier: Admin
  priority: 10
  subject: {namespaces: {matchLabels: {tenant: acme}}}
  ingress:
  - name: deny-all-pods
    action: Deny
    from: [{namespaces: {}}]
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: let-ops-in}
spec:
  tier: Admin
  priority: 20
  subject: {namespaces: {matchLabels: {tenant: acme}}}
  ingress:
  - name: allow-ops-http
    action: Accept
    from: [{namespaces: {matchLabels: {platform: "true"}}}]
    protocols: [{tcp: {destinationPort: {number: 80}}}]
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: ops-first}
spec:
  tier: Admin
  priority: 5
  subject: {namespaces: {matchLabels: {tenant: acme}}}
  ingress:
  - name: allow-ops-ssh
    action: Accept
    from: [{namespaces: {matchLabels: {platform: "true"}}}]
    protocols: [{tcp: {destinationPort: {number: 22}}}]
`;

const run = (files: { name: string; data: string }[], ciliumVersion = '1.20') => {
  const loaded = loadInputs(files);
  const model = compile(loaded.cluster, { ciliumVersion });
  return lint(loaded.cluster, model);
};

describe('lint: policy tiers', () => {
  it('a lower-priority Admin rule shadowed by a higher one', () => {
    const f = run([{ name: 'i.yaml', data: inventory }, { name: 'p.yaml', data: policies }]);
    const shadowed = f.filter((x) => x.code === 'tier-rule-shadowed');
    expect(shadowed.map((x) => `${x.policy.name} ${x.path}`)).toEqual(['let-ops-in spec.ingress[0]']);
    expect(shadowed[0]?.message).toContain('Admin tier, priority 20, rule `allow-ops-http`: Accept never decides a connection');
    expect(shadowed[0]?.message).toContain('Admin tier, priority 10, rule `deny-all-pods`: Deny');
    expect(shadowed[0]?.related).toEqual([{ kind: 'ClusterNetworkPolicy', namespace: null, name: 'lockdown' }]);
    // A rule evaluated before the deny (priority 5) is not shadowed.
    expect(f.some((x) => x.policy.name === 'ops-first')).toBe(false);
  });

  it('a Baseline rule that can never apply: its pods are all selected by a NetworkPolicy', () => {
    const files = tierPlatformFiles.map((n) => ({ name: n, data: readFileSync(path.join(tierPlatformDir, n), 'utf8') }));
    const f = run(files).filter((x) => x.code === 'baseline-never-applies');
    expect(f.map((x) => `${x.policy.name} ${x.path}`)).toEqual(['globex-baseline spec.ingress[0]', 'globex-baseline spec.ingress[1]']);
    expect(f[0]?.message).toContain('NetworkPolicy globex-api/api-from-acme-frontend');
    expect(f[0]?.related).toEqual([{ kind: 'NetworkPolicy', namespace: 'globex-api', name: 'api-from-acme-frontend' }]);
  });

  it('tier policies on a Cilium that does not enforce them', () => {
    const f = run([{ name: 'i.yaml', data: inventory }, { name: 'p.yaml', data: policies }], '1.19');
    expect(f.filter((x) => x.code === 'version-dependent').map((x) => x.policy.name).sort()).toEqual(['let-ops-in', 'lockdown', 'ops-first']);
    expect(f.some((x) => x.code === 'tier-rule-shadowed')).toBe(false);
  });
});
