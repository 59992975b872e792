import { describe, expect, it } from 'vitest';
import { compile } from './compile.ts';
import { decide } from './decide.ts';
import { buildCluster, podEndpoint, policiesFromYaml, type PodSpec } from './testing.ts';

/**
 * Two allow items with the same peer selector on the same port and protocol but different
 * `authentication.mode`: Cilium merges them into one per-selector policy of one L4 filter and
 * fails, "cannot merge conflicting authentication types (required/disabled)" (pkg/policy/rule.go
 * `mergePortProto`; the same check in every release with mutual authentication, read at
 * cilium/cilium v1.20.0-pre.4 2efb257c8533 as vendored by cilium/cilium-cli 7ca7fc53c, and in
 * the older `l7Rules.Authentication` form). The endpoint's policy for that direction cannot be
 * computed: its regeneration fails and it keeps the policy it had. Different selectors that
 * select the same pod are no conflict: their policy-map keys layer (authLayering.ts).
 */
const cnp = (name: string, peer: string, mode: string) => `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: ${name}, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: server}}
  ingress:
  - fromEndpoints: [${peer}]
    toPorts: [{ports: [{port: '8080', protocol: TCP}]}]
    authentication: {mode: ${mode}}
`;
function run(yaml: string, port = 8080) {
  const { policies } = policiesFromYaml(yaml);
  const pods: PodSpec[] = [
    { ns: 'shop', name: 'server', labels: { app: 'server' } },
    { ns: 'shop', name: 'client', labels: { app: 'client', tier: 'web' } },
  ];
  const m = compile(buildCluster({ pods, policies }));
  return decide(m, { from: podEndpoint(m, 'shop/client'), to: podEndpoint(m, 'shop/server'), port, protocol: 'TCP' });
}

describe('two authentication modes on an identical selector and port', () => {
  it('required and disabled on {app: client} 8080/TCP: Cilium cannot compute the policy; the note names both items and the error', () => {
    const d = run(cnp('auth-on', '{matchLabels: {app: client}}', 'required') + '---' + cnp('auth-off', '{matchLabels: {app: client}}', 'disabled'));
    const note = d.notes.find((n) => n.includes('cannot merge conflicting authentication types'));
    expect(note).toBeDefined();
    expect(note).toMatch(/auth-on spec\.ingress\[0\]/);
    expect(note).toMatch(/auth-off spec\.ingress\[0\]/);
    expect(note).toMatch(/keeps the policy it had/);
    // As for two L7 parsers (l7ConflictVerdict.test.ts): the verdict is not known from the policies.
    expect(d.notComputed).toEqual(['shop/server']);
    expect(d.ingress.notComputed).toBe(true);
  });
  it('the same modes on different selectors selecting the client: no conflict (the keys layer)', () => {
    const d = run(cnp('auth-on', '{matchLabels: {app: client}}', 'required') + '---' + cnp('auth-off', '{matchLabels: {tier: web}}', 'disabled'));
    expect(d.notes.some((n) => n.includes('cannot merge conflicting authentication types'))).toBe(false);
    expect(d.notComputed).toBeUndefined();
  });
  it('the same mode twice: no conflict', () => {
    const d = run(cnp('a', '{matchLabels: {app: client}}', 'required') + '---' + cnp('b', '{matchLabels: {app: client}}', 'required'));
    expect(d.notes.some((n) => n.includes('cannot merge conflicting authentication types'))).toBe(false);
  });
  it('entities sharing a selector: cluster (which holds host, pkg/policy/api/entity.go EntitySelectorMapping) and host, from the host', () => {
    const { policies } = policiesFromYaml(cnp('a', '', 'required').replace('fromEndpoints: []', 'fromEntities: [cluster]') + '---' + cnp('b', '', 'disabled').replace('fromEndpoints: []', 'fromEntities: [host]'));
    const m = compile(buildCluster({ pods: [{ ns: 'shop', name: 'server', labels: { app: 'server' } }], policies }));
    const d = decide(m, { from: { kind: 'entity', entity: 'host', display: 'entity:host' }, to: podEndpoint(m, 'shop/server'), port: 8080, protocol: 'TCP' });
    expect(d.notes.some((n) => n.includes('cannot merge conflicting authentication types'))).toBe(true);
  });
});
