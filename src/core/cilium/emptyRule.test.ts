import { describe, expect, it } from 'vitest';
import { policiesFromYaml } from '../engine/testing.ts';

/**
 * A rule with no ingress, ingressDeny, egress or egressDeny item (e.g. `ingress: []` beside
 * `specs`): the agent refuses it from Cilium 1.18 (pkg/policy/api/rule_validation.go
 * `Rule.Sanitize`: "rule must have at least one of Ingress, IngressDeny, Egress, EgressDeny",
 * absent at v1.17.0-pre.3 and present at v1.18.0-pre.3 in the cilium/cilium copies vendored by
 * cilium/cilium-cli 43f930e14 and 6e65fa094), and one invalid rule fails the whole object
 * (CiliumNetworkPolicy.Parse). Up to 1.17 the rule is accepted and does nothing: the other rules
 * of the policy apply. A rule without endpointSelector/nodeSelector (`spec: {}`) is refused on
 * every release ("rule must have one of EndpointSelector or NodeSelector").
 */
const doc = (spec: string) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: p, namespace: shop}
${spec}
specs:
- endpointSelector: {matchLabels: {app: api}}
  ingress: [{fromEndpoints: [{matchLabels: {app: web}}]}]
`;
const EMPTY = 'spec: {endpointSelector: {matchLabels: {app: api}}, ingress: []}';

describe('an empty rule beside specs, by Cilium version', () => {
  it('1.18 and 1.19: the whole policy is refused (empty-rule error)', () => {
    for (const v of ['1.18', '1.19']) {
      const r = policiesFromYaml(doc(EMPTY), { ciliumVersion: v });
      expect(r.policies, v).toEqual([]);
      expect(r.diagnostics.find((d) => d.code === 'empty-rule')?.severity, v).toBe('error');
    }
  });
  it('1.17 and older: the policy loads with its other rule; the empty one is a warning naming the releases', () => {
    for (const v of ['1.14', '1.17']) {
      const r = policiesFromYaml(doc(EMPTY), { ciliumVersion: v });
      expect(r.policies[0]?.rules.filter((x) => x.ingress.length > 0), v).toHaveLength(1);
      const d = r.diagnostics.find((x) => x.code === 'empty-rule');
      expect(d?.severity, v).toBe('warning');
      expect(d?.message, v).toMatch(new RegExp(`Cilium ${v.replace('.', '\\.')} accepts.*1\\.18`));
    }
  });
  it('`spec: {}` (no endpointSelector) is refused on every release', () => {
    for (const v of ['1.14', '1.17', '1.19']) expect(policiesFromYaml(doc('spec: {}'), { ciliumVersion: v }).policies, v).toEqual([]);
  });
});
