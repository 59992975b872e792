import { describe, expect, it } from 'vitest';
import { loadInputs } from './loadInputs.ts';

/**
 * The Cilium agent's policy repository in the wrapped shapes real outputs have:
 * - `cilium-dbg policy get -o json` (and `cilium policy get -o json` before 1.15): the API's
 *   models.Policy `{policy: "<the rules as a JSON string>", revision: N}` (cilium/cilium
 *   api/v1/models/policy.go; cilium-dbg/cmd/policy_get.go prints `client.PolicyGet` with
 *   command.PrintOutput, which indents JSON by two spaces; `-o yaml` prints the same fields);
 * - bugtool's `cilium-dbg debuginfo --output=markdown,json` file `cilium-debuginfo-<time>.json`
 *   (api/v1/models/debug_info.go: `endpoint-list` is the agent's endpoints, `policy` the same
 *   models.Policy).
 */

const CNP = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: web-ingress, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: web}}
  ingress: [{fromEndpoints: [{matchLabels: {app: lb}}]}]
`;

function labels(kind: string, name: string, namespace: string | null): { key: string; value: string; source: string }[] {
  const out = [
    { key: 'io.cilium.k8s.policy.derived-from', value: kind, source: 'k8s' },
    { key: 'io.cilium.k8s.policy.name', value: name, source: 'k8s' },
  ];
  if (namespace) out.push({ key: 'io.cilium.k8s.policy.namespace', value: namespace, source: 'k8s' });
  out.push({ key: 'io.cilium.k8s.policy.uid', value: '5b0e3f7a-1c2d-4e5f-8a9b-0c1d2e3f4a5b', source: 'k8s' });
  return out;
}

/** The agent's rules as api.Rule JSON: selectors carry the `any:`/`k8s:` sources and the namespace label the agent adds. */
const RULES = [
  {
    endpointSelector: { matchLabels: { 'any:app': 'web', 'k8s:io.kubernetes.pod.namespace': 'shop' } },
    ingress: [{ fromEndpoints: [{ matchLabels: { 'any:app': 'lb', 'k8s:io.kubernetes.pod.namespace': 'shop' } }] }],
    labels: labels('CiliumNetworkPolicy', 'web-ingress', 'shop'),
    enableDefaultDeny: { ingress: true, egress: true },
  },
  {
    nodeSelector: { matchLabels: { 'any:node-role': 'edge' } },
    ingress: [{ fromEntities: ['world'] }],
    labels: labels('CiliumClusterwideNetworkPolicy', 'edge-nodes', null),
    enableDefaultDeny: { ingress: true, egress: false },
  },
];

/** `cilium-dbg policy get -o json` as it prints it (Go json.MarshalIndent, two spaces). */
function policyGetJson(rules: unknown, revision = 42): string {
  return `${JSON.stringify({ policy: typeof rules === 'string' ? rules : JSON.stringify(rules, null, 2), revision }, null, 2)}\n`;
}

const codes = (r: ReturnType<typeof loadInputs>, code: string) => r.diagnostics.filter((d) => d.code === code);

describe('cilium-dbg policy get -o json: the rules as a JSON string in {policy, revision}', () => {
  it('reads every rule and its attribution (derived-from, name, namespace labels)', () => {
    const r = loadInputs([
      { name: 'cnp.yaml', data: CNP },
      { name: 'policy-get.json', data: policyGetJson(RULES) },
    ]);
    const src = r.cluster.sources.find((s) => s.file === 'policy-get.json');
    expect(src?.counts).toEqual({ AgentPolicyRule: 2 });
    expect(src?.skipped).toEqual({});
    const note = codes(r, 'agent-policies')[0];
    expect(note?.message).toContain('2 rules from 2 policies');
    expect(note?.message).toContain('1 of them from loaded policies');
    expect(note?.message).toContain('revision 42');
    const missing = codes(r, 'agent-policy-not-loaded');
    expect(missing.map((d) => d.message)).toEqual([expect.stringContaining('CiliumClusterwideNetworkPolicy edge-nodes')]);
    expect(missing[0]?.line).toBe(2);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('reads the -o yaml form too (the same two fields)', () => {
    const yaml = `policy: |-\n${JSON.stringify(RULES, null, 2)
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n')}\nrevision: 7\n`;
    const r = loadInputs([{ name: 'policy-get.yaml', data: yaml }]);
    expect(r.cluster.sources[0]?.counts).toEqual({ AgentPolicyRule: 2 });
    expect(codes(r, 'agent-policies')[0]?.message).toContain('revision 7');
  });

  it('an empty repository ("[]", or null as Go marshals a nil list) is read and said so, not skipped', () => {
    for (const empty of ['[]', 'null']) {
      const r = loadInputs([{ name: 'policy-get.json', data: policyGetJson(empty, 3) }]);
      expect(r.cluster.sources[0]?.skipped).toEqual({});
      expect(codes(r, 'agent-policies')[0]?.message).toContain('no rules');
    }
  });

  it('a policy string that is not JSON: an error at the field (file, document, line, path); the other inputs load', () => {
    const text = policyGetJson('[\n  {\n    "endpointSelector": {"matchLabels": \n', 9);
    const r = loadInputs([
      { name: 'cnp.yaml', data: CNP },
      { name: 'policy-get.json', data: text },
    ]);
    const bad = codes(r, 'agent-policy-unreadable');
    expect(bad.map((d) => [d.file, d.document, d.line, d.path, d.severity])).toEqual([['policy-get.json', 0, 2, 'policy', 'error']]);
    expect(bad[0]?.message).toContain('cilium-dbg policy get');
    expect(r.cluster.policies.map((p) => p.ref.name)).toEqual(['web-ingress']);
  });

  it('a rule that is not a rule: a warning at policy[i]; the rules beside it are read', () => {
    const r = loadInputs([{ name: 'policy-get.json', data: policyGetJson([RULES[0], 'oops', { ingress: [] }, RULES[1]]) }]);
    expect(r.cluster.sources[0]?.counts).toEqual({ AgentPolicyRule: 2 });
    const bad = codes(r, 'agent-rule-unreadable');
    expect(bad.map((d) => [d.path, d.line, d.severity])).toEqual([
      ['policy[1]', 2, 'warning'],
      ['policy[2]', 2, 'warning'],
    ]);
  });

  it('a policy field that is not a string (an object, a list): a diagnostic, never a crash', () => {
    for (const v of [{ a: 1 }, [RULES[0]], 12]) {
      const r = loadInputs([{ name: 'p.json', data: JSON.stringify({ policy: v, revision: 1 }) }]);
      expect(r.diagnostics.length).toBeGreaterThan(0);
    }
    // A list of rules under `policy` is the rules themselves (as if jq had unwrapped the string).
    const r = loadInputs([{ name: 'p.json', data: JSON.stringify({ policy: RULES, revision: 1 }) }]);
    expect(r.cluster.sources[0]?.counts).toEqual({ AgentPolicyRule: 2 });
  });
});

describe("bugtool's cilium-debuginfo-<time>.json", () => {
  const endpoint = {
    id: 1234,
    status: {
      identity: { id: 50123, labels: ['k8s:app=web', 'k8s:io.kubernetes.pod.namespace=shop'] },
      'external-identifiers': { 'k8s-namespace': 'shop', 'k8s-pod-name': 'web-7d4b9-abcde' },
      networking: { addressing: [{ ipv4: '10.0.1.17' }] },
    },
  };
  const host = { id: 7, status: { identity: { id: 1, labels: ['reserved:host'] } } };
  const debuginfo = {
    'cilium-version': '1.16.3 3dc1c5a1 2024-10-22T10:55:23+00:00 go version go1.22.8 linux/amd64',
    'kernel-version': '6.1.0',
    'endpoint-list': [endpoint, host],
    'environment-variables': ['CILIUM_K8S_NAMESPACE=kube-system'],
    policy: { policy: JSON.stringify(RULES, null, 2), revision: 12 },
    'service-list': [],
    subsystem: { 'Cilium status': 'ok' },
  };

  it("reads the agent's endpoints and policy rules out of it", () => {
    const r = loadInputs([
      { name: 'cnp.yaml', data: CNP },
      { name: 'cmd/cilium-debuginfo-20241107-101010.123+0000-UTC.json', data: JSON.stringify(debuginfo, null, 2) },
    ]);
    const src = r.cluster.sources.find((s) => s.file.startsWith('cmd/'));
    expect(src?.counts).toEqual({ AgentEndpoint: 2, AgentPolicyRule: 2 });
    expect(src?.skipped).toEqual({});
    expect(codes(r, 'agent-endpoints')[0]?.message).toContain('2 endpoints');
    expect(codes(r, 'agent-policies')[0]?.message).toContain('2 rules');
    expect(r.cluster.endpoints.map((e) => `${e.namespace}/${e.name} ${e.identityId}`)).toEqual(['shop/web-7d4b9-abcde 50123']);
  });

  it('broken parts are reported at their path; the rest of the file is read', () => {
    const broken = { ...debuginfo, 'endpoint-list': [endpoint, 'x'], policy: { policy: '[{', revision: 1 } };
    const r = loadInputs([{ name: 'cilium-debuginfo.json', data: JSON.stringify(broken, null, 2) }]);
    expect(r.cluster.sources[0]?.counts).toEqual({ AgentEndpoint: 1 });
    expect(codes(r, 'agent-policy-unreadable').map((d) => d.path)).toEqual(['policy.policy']);
    expect(r.diagnostics.some((d) => d.path === 'endpoint-list[1]')).toBe(true);
  });
});
