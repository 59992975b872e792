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

/**
 * How the auth types of several allow items layer on one packet (cilium/cilium, Apache-2.0):
 * each item gives policy-map keys (peer identity or any, protocol/port prefix); a key keeps its
 * own explicit `authentication.mode` (`disabled` too), else inherits the one of the most specific
 * broader key of the same identity (pkg/policy/mapstate.go authPreferredInsert); the datapath then
 * picks the key with the more specific port, the identity's on a tie, and takes the other key's
 * auth type when the picked one has none of its own and the other's is higher (bpf/lib/policy.h
 * __policy_check, Cilium 1.17+; mapstate.go Lookup). Items on one key: explicit over inherited,
 * then the higher type (mapStateEntry.merge).
 */
describe('authentication layering: a narrower item decides its own ports', () => {
  const CLIENT = '  - fromEndpoints: [{matchLabels: {app: client}}]\n';
  const item = (peer: boolean, port: string | null, mode: string | null) =>
    `${peer ? CLIENT : '  - toPorts: [{ports: [{port: "' + (port ?? '') + '", protocol: TCP}]}]\n'}${peer && port !== null ? `    toPorts: [{ports: [{port: "${port}", protocol: TCP}]}]\n` : ''}${mode !== null ? `    authentication: {mode: ${mode}}\n` : ''}`;
  const note = (d: ReturnType<typeof ask>) => d.notes.find((n) => n.includes('mutual authentication'));

  it('an explicit mode: disabled on port 80 keeps 80 free of the broader item asking for required', () => {
    const m = modelOf(item(true, null, 'required') + item(true, '80', 'disabled'));
    const d80 = ask(m, 80);
    expect(d80.verdict).toBe('allowed');
    expect(note(d80)).toBeUndefined();
    const d81 = ask(m, 81);
    expect(d81.verdict).toBe('allowed');
    expect(note(d81)).toContain('spec.ingress[0]');
  });

  it('required on port 80 takes 80 out of a broader test-always-fail; the other ports fail for good', () => {
    const m = modelOf(item(true, null, 'test-always-fail') + item(true, '80', 'required'));
    const d80 = ask(m, 80);
    expect(d80.verdict).toBe('allowed');
    expect(note(d80)).toContain('spec.ingress[1]');
    expect(note(d80)).not.toContain('spec.ingress[0]');
    const d81 = ask(m, 81);
    expect(d81.ingress.reason).toBe('auth-denied');
    expect(d81.ingress.rules.map((r) => r.path)).toEqual(['spec.ingress[0]']);
    const e = edge(m);
    expect(e && hasPort(e.allowed, 'TCP', 80)).toBe(true);
    expect(e && hasPort(e.allowed, 'TCP', 81)).toBe(false);
  });

  it('a port-only item with mode: disabled is more specific than a test-always-fail item for the peer', () => {
    const m = modelOf(item(true, null, 'test-always-fail') + item(false, '80', 'disabled'));
    expect(ask(m, 80).verdict).toBe('allowed');
    expect(note(ask(m, 80))).toBeUndefined();
    expect(ask(m, 81).ingress.reason).toBe('auth-denied');
    const e = edge(m);
    expect(e && hasPort(e.allowed, 'TCP', 80)).toBe(true);
    expect(e && hasPort(e.allowed, 'TCP', 81)).toBe(false);
  });

  it('a port-only item without authentication takes the peer item\'s higher test-always-fail', () => {
    const m = modelOf(item(true, null, 'test-always-fail') + item(false, '80', null));
    const d = ask(m, 80);
    expect(d.ingress.reason).toBe('auth-denied');
    expect(d.ingress.rules.map((r) => r.path)).toEqual(['spec.ingress[0]']);
    expect(d.ingress.text).toContain('spec.ingress[0]');
  });

  it('two items on the same key: the higher explicit mode wins (test-always-fail over required)', () => {
    const m = modelOf(item(true, '80', 'required') + '  - fromEndpoints: [{matchLabels: {app: client, "k8s:io.kubernetes.pod.namespace": shop}}]\n    toPorts: [{ports: [{port: "80", protocol: TCP}]}]\n    authentication: {mode: test-always-fail}\n');
    expect(ask(m, 80).ingress.reason).toBe('auth-denied');
    expect(ask(m, 80).ingress.rules.map((r) => r.path)).toEqual(['spec.ingress[1]']);
  });

  it('a narrower item without authentication inherits the broader item\'s required', () => {
    const m = modelOf(item(true, null, 'required') + item(true, '80', null));
    expect(note(ask(m, 80))).toContain('spec.ingress[0]');
    expect(note(ask(m, 80))).toContain('inherit');
  });
});
