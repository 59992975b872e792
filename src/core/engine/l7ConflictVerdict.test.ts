import { describe, expect, it } from 'vitest';
import { compile } from './compile.ts';
import { decide } from './decide.ts';
import { explainText } from './explainText.ts';
import { buildCluster, podEndpoint, policiesFromYaml } from './testing.ts';

/**
 * An endpoint whose policy Cilium cannot compute (two L7 parsers on one port, l7Conflict.ts): its
 * regeneration fails before the policy is changed "so that the last policy remains fully in
 * effect" (pkg/endpoint/policy.go regeneratePolicy; setDesiredPolicy's revert to realizedPolicy),
 * and is retried (startRegenerationFailureHandler's regeneration-recovery controller). A pod
 * created while the conflict lasts never completes a first regeneration: the CNI plugin's
 * endpoint creation (SyncBuildEndpoint) waits for it and fails, "timeout while waiting for
 * initial endpoint generation to complete" (pkg/endpoint waitForFirstRegeneration), so the pod
 * gets no network. Either way the verdict is not the one these policies state: it depends on
 * the policies the endpoint had before the conflict.
 */
function modelOf(version = '1.19', enforcementMode: 'default' | 'never' = 'default') {
  const cnp = (name: string, rules: string) =>
    `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  endpointSelector: {matchLabels: {app: server}}\n  ingress:\n  - fromEndpoints: [{matchLabels: {app: client}}]\n    toPorts: [{ports: [{port: "80", protocol: TCP}], rules: ${rules}}]\n`;
  const { policies, diagnostics } = policiesFromYaml(`${cnp('web-http', '{http: [{method: GET}]}')}---\n${cnp('web-kafka', '{kafka: [{topic: orders}]}')}`, { ciliumVersion: version });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const pods = [
    { ns: 'shop', name: 'client', labels: { app: 'client' } },
    { ns: 'shop', name: 'server', labels: { app: 'server' } },
  ];
  return compile(buildCluster({ pods, policies }), { ciliumVersion: version, enforcementMode });
}
const ask = (m: ReturnType<typeof modelOf>, from: string, to: string, port: number) => decide(m, { from: podEndpoint(m, from), to: podEndpoint(m, to), port, protocol: 'TCP' });

describe('an endpoint whose policy Cilium cannot compute (two L7 parsers on one port)', () => {
  it('the decision says its policy is not computed, on every port and in both directions', () => {
    const m = modelOf();
    for (const [from, to, port, side] of [
      ['shop/client', 'shop/server', 80, 'ingress'],
      ['shop/client', 'shop/server', 443, 'ingress'],
      ['shop/server', 'shop/client', 80, 'egress'],
    ] as const) {
      const d = ask(m, from, to, port);
      expect(d.notComputed, `${from} -> ${to}:${port}`).toEqual(['shop/server']);
      expect(d[side].notComputed, `${from} -> ${to}:${port}`).toBe(true);
      expect(d[side === 'ingress' ? 'egress' : 'ingress'].notComputed).toBeUndefined();
    }
  });

  it('explain does not say ALLOWED with L7 filtering: the verdict is not known, and it says what it depends on', () => {
    const m = modelOf();
    const text = explainText({ from: 'shop/client', to: 'shop/server', what: 'TCP/80' }, ask(m, 'shop/client', 'shop/server', 80));
    const verdict = text.split('\n')[1] ?? '';
    expect(verdict).not.toContain('ALLOWED');
    expect(verdict).toContain('Verdict: NOT KNOWN (Cilium cannot compute the policy of shop/server');
    expect(verdict).toContain('a running endpoint keeps the last policy it computed, a pod started since gets no network; the verdict depends on that past');
    expect(text).toContain('These policies would say: ALLOWED');
  });

  it('says which releases merge parsers how: per peer selector from 1.18, per port before', () => {
    const said = (v: string) => {
      const m = modelOf(v);
      return explainText({ from: 'shop/client', to: 'shop/server', what: 'TCP/80' }, ask(m, 'shop/client', 'shop/server', 80), m);
    };
    expect(said('1.19')).toContain('put two L7 parsers on ingress 80/TCP with the same peer selector (Cilium 1.18 and later: one parser per peer selector; before 1.18, one per port)');
    expect(said('1.17')).toContain('(Cilium 1.17 has one parser per port; from 1.18 one per peer selector)');
  });

  it('1.18 on: items with different peer selectors do not conflict, and the verdict is an ordinary one', () => {
    const yaml = (sel: string, rules: string) =>
      `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: p${sel.length}, namespace: shop}\nspec:\n  endpointSelector: {matchLabels: {app: server}}\n  ingress:\n  - fromEndpoints: [${sel}]\n    toPorts: [{ports: [{port: "80", protocol: TCP}], rules: ${rules}}]\n`;
    const { policies } = policiesFromYaml(`${yaml('{matchLabels: {app: client}}', '{http: [{}]}')}---\n${yaml('{}', '{kafka: [{topic: t}]}')}`, { ciliumVersion: '1.19' });
    const pods = [
      { ns: 'shop', name: 'client', labels: { app: 'client' } },
      { ns: 'shop', name: 'server', labels: { app: 'server' } },
    ];
    for (const v of ['1.17', '1.19']) {
      const m = compile(buildCluster({ pods, policies }), { ciliumVersion: v });
      const d = ask(m, 'shop/client', 'shop/server', 80);
      if (v === '1.17') expect(d.notComputed, v).toEqual(['shop/server']);
      else {
        expect(d.notComputed, v).toBeUndefined();
        expect(explainText({ from: 'a', to: 'b', what: 'TCP/80' }, d).split('\n')[1]).toBe('Verdict: ALLOWED');
      }
    }
  });

  it('enable-policy=never computes no policy, so nothing fails', () => {
    const never = modelOf('1.19', 'never');
    expect(ask(never, 'shop/client', 'shop/server', 80).notComputed).toBeUndefined();
  });
});
