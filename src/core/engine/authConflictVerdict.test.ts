import { describe, expect, it } from 'vitest';
import { compile } from './compile.ts';
import { connectivity } from './connectivity.ts';
import { decide } from './decide.ts';
import { buildCluster, podEndpoint, policiesFromYaml } from './testing.ts';

/**
 * Two allow items of shop/server's ingress with the same peer selector and port but different
 * `authentication.mode`s: Cilium's mergePortProto (pkg/policy/rule.go) returns "cannot merge
 * conflicting authentication types", the same error path as two L7 parsers (l7Conflict.ts), so
 * the endpoint's policy is not computed and it keeps what it had (pkg/endpoint/policy.go
 * regeneratePolicy). Every port and both directions are not known, as for the parser conflict.
 */
function modelOf(modes: readonly [string, string]) {
  const cnp = (name: string, mode: string) =>
    `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  endpointSelector: {matchLabels: {app: server}}\n  ingress:\n  - fromEndpoints: [{matchLabels: {app: client}}]\n    toPorts: [{ports: [{port: "80", protocol: TCP}]}]\n    authentication: {mode: ${mode}}\n`;
  const { policies } = policiesFromYaml(`${cnp('a', modes[0])}---\n${cnp('b', modes[1])}`);
  const pods = ['client', 'server'].map((name) => ({ ns: 'shop', name, labels: { app: name } }));
  return compile(buildCluster({ pods, policies }));
}
const ask = (m: ReturnType<typeof modelOf>, from: string, to: string, port: number) => decide(m, { from: podEndpoint(m, from), to: podEndpoint(m, to), port, protocol: 'TCP' });

describe('an endpoint with two authentication modes on one selector and port', () => {
  it('is not computed: every port and both directions, and the matrix marks it', () => {
    const m = modelOf(['required', 'disabled']);
    for (const [from, to, port] of [
      ['shop/client', 'shop/server', 80],
      ['shop/client', 'shop/server', 443],
      ['shop/server', 'shop/client', 80],
    ] as const)
      expect(ask(m, from, to, port).notComputed, `${from} -> ${to}:${port}`).toEqual(['shop/server']);
    const peers = connectivity(m, { includeDenied: true }).peers;
    expect(peers.filter((p) => p.notComputed).map((p) => (p.kind === 'identity' ? p.workloads : []))).toEqual([['shop/Pod/server']]);
  });

  it('the same mode twice merges: computed', () => {
    const m = modelOf(['required', 'required']);
    expect(ask(m, 'shop/client', 'shop/server', 80).notComputed).toBeUndefined();
    expect(connectivity(m, { includeDenied: true }).peers.some((p) => p.notComputed)).toBe(false);
  });
});
