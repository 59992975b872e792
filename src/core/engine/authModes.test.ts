import { describe, expect, it } from 'vitest';
import { compile } from './compile.ts';
import { connectivity } from './connectivity.ts';
import { hasPort } from './PortSet.ts';
import { decide } from './decide.ts';
import { buildCluster, podEndpoint, policiesFromYaml } from './testing.ts';

/**
 * `authentication.mode: test-always-fail` (policy.AuthTypeAlwaysFail): the auth manager's handler
 * for it fails every handshake (pkg/auth/always_fail_authhandler.go: "authenticating failed by
 * the always-fail auth handler"), so the auth map never gets an entry and the datapath keeps
 * dropping the traffic with AUTH_REQUIRED: a permanent drop, not a pending handshake. `required`
 * (SPIRE) passes once the handshake succeeds (cilium/cilium, Apache-2.0).
 */
function modelOf(ingress: string) {
  const { policies, diagnostics } = policiesFromYaml(
    `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  endpointSelector: {matchLabels: {app: server}}\n  ingress:\n${ingress}`,
  );
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const pods = [
    { ns: 'shop', name: 'client', labels: { app: 'client' } },
    { ns: 'shop', name: 'server', labels: { app: 'server' } },
  ];
  return compile(buildCluster({ pods, policies }));
}
const ask = (m: ReturnType<typeof modelOf>, port: number) =>
  decide(m, { from: podEndpoint(m, 'shop/client'), to: podEndpoint(m, 'shop/server'), port, protocol: 'TCP' });
const edge = (m: ReturnType<typeof modelOf>) => {
  const conn = connectivity(m, { identitiesOnly: true });
  const idx = (name: string) => conn.peers.findIndex((p) => p.kind === 'identity' && p.workloads.includes(`shop/Pod/${name}`));
  return conn.edges.find((e) => e.from === idx('client') && e.to === idx('server'));
};

describe('authentication modes', () => {
  it('test-always-fail: a permanent drop (AUTH_REQUIRED), naming the rule and the mode', () => {
    const m = modelOf('  - fromEndpoints: [{matchLabels: {app: client}}]\n    authentication: {mode: test-always-fail}\n');
    const d = ask(m, 80);
    expect(d.verdict).toBe('denied');
    expect(d.ingress.verdict).toBe('denied');
    expect(d.ingress.reason).toBe('auth-denied');
    expect(d.ingress.rules.map((r) => r.path)).toEqual(['spec.ingress[0]']);
    expect(d.ingress.text).toContain('test-always-fail');
    expect(d.ingress.text).toContain('AUTH_REQUIRED');
    expect(d.ingress.text).toContain('never');
    // The graph agrees: nothing from client to server.
    expect(edge(m)).toBeUndefined();
  });

  it('test-always-fail on one port: that port is dropped, another rule item still allows the rest', () => {
    const m = modelOf(
      '  - fromEndpoints: [{matchLabels: {app: client}}]\n    toPorts: [{ports: [{port: "80", protocol: TCP}]}]\n    authentication: {mode: test-always-fail}\n  - fromEndpoints: [{matchLabels: {app: client}}]\n    toPorts: [{ports: [{port: "443", protocol: TCP}]}]\n',
    );
    expect(ask(m, 80).verdict).toBe('denied');
    expect(ask(m, 443).verdict).toBe('allowed');
    const e = edge(m);
    expect(e && hasPort(e.allowed, 'TCP', 443)).toBe(true);
    expect(e && hasPort(e.allowed, 'TCP', 80)).toBe(false);
  });

  it('required: allowed once the handshake succeeds (a note, not a drop); disabled: plain allow', () => {
    const req = ask(modelOf('  - fromEndpoints: [{matchLabels: {app: client}}]\n    authentication: {mode: required}\n'), 80);
    expect(req.verdict).toBe('allowed');
    expect(req.notes.join(' ')).toContain('mutual authentication');
    const off = ask(modelOf('  - fromEndpoints: [{matchLabels: {app: client}}]\n    authentication: {mode: disabled}\n'), 80);
    expect(off.verdict).toBe('allowed');
    expect(off.notes.join(' ')).not.toContain('authentication');
  });
});
