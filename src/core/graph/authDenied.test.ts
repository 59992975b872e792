import { describe, expect, it } from 'vitest';
import { compile } from '../engine/compile.ts';
import { connectivity } from '../engine/connectivity.ts';
import { hasPort } from '../engine/PortSet.ts';
import { buildCluster, policiesFromYaml } from '../engine/testing.ts';
import { buildGraph } from './buildGraph.ts';
import { connectivityInput } from './fromEngine.ts';
import { defaultViewState } from './viewState.ts';

/**
 * Ports an allow asks `authentication.mode: test-always-fail` for are dropped by Cilium for good
 * (AUTH_REQUIRED), not by a deny rule: the graph draws them as their own verdict, naming the
 * rule item that asks for the mode.
 */
describe('graph: authentication that always fails is its own verdict, not a deny rule', () => {
  const { policies } = policiesFromYaml(
    'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  endpointSelector: {matchLabels: {app: server}}\n  ingress:\n  - fromEndpoints: [{matchLabels: {app: client}}]\n    authentication: {mode: test-always-fail}\n  - fromEndpoints: [{matchLabels: {app: client}}]\n    toPorts: [{ports: [{port: "443", protocol: TCP}]}]\n    authentication: {mode: disabled}\n',
  );
  const cluster = buildCluster({ pods: [{ ns: 'shop', name: 'client', labels: { app: 'client' } }, { ns: 'shop', name: 'server', labels: { app: 'server' } }], policies });
  const model = compile(cluster);
  const conn = connectivity(model, { includeDenied: true });
  const g = buildGraph({ cluster, connectivity: connectivityInput(conn, cluster, model.settings), flows: null }, defaultViewState);
  const between = g.edges.filter((e) => e.source === 'w:shop/Pod/client' && e.target === 'w:shop/Pod/server');

  it('443/TCP allowed (its own mode: disabled), every other port auth-denied by spec.ingress[0]', () => {
    const byVerdict = new Map(between.map((e) => [e.verdict, e]));
    expect(byVerdict.has('explicit-deny')).toBe(false);
    const allowed = byVerdict.get('allowed');
    expect(allowed && hasPort(allowed.ports, 'TCP', 443)).toBe(true);
    const auth = byVerdict.get('auth-denied');
    expect(auth && hasPort(auth.ports, 'TCP', 80)).toBe(true);
    expect(auth && hasPort(auth.ports, 'TCP', 443)).toBe(false);
    expect(auth?.rules.map((r) => `${r.name} ${r.path}`)).toEqual(['p spec.ingress[0]']);
  });
});
