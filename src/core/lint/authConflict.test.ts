import { describe, it, expect } from 'vitest';
import { codes, lintYaml } from './testing.ts';

/**
 * `auth-mode-conflict`: two allow items of policies selecting one endpoint, same direction, the
 * same peer selector and the same L4 filter (port, end port, protocol), with different
 * `authentication.mode`s. Cilium merges both into one per-selector policy of one L4 filter and
 * fails, "cannot merge conflicting authentication types" (pkg/policy/rule.go `mergePortProto`,
 * cilium/cilium v1.20.0-pre.4 2efb257c8533 as vendored by cilium/cilium-cli 7ca7fc53c, line 248):
 * the endpoint's policy is not computed. The engine notes it per query (authConflict.ts); lint
 * reports it at load, once per pair.
 */
const cnp = (name: string, subject: string, item: string) =>
  `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  endpointSelector: {matchLabels: ${subject}}\n  ingress:\n  - ${item}\n`;
const item = (peer: string, port: string, mode: string, proto = 'TCP') =>
  `{${peer}toPorts: [{ports: [{port: "${port}", protocol: ${proto}}]}], authentication: {mode: ${mode}}}`;
const FRONTEND = 'fromEndpoints: [{matchLabels: {app: frontend}}], ';

describe('auth-mode-conflict', () => {
  it('reports two modes on the same selector and port, naming both items, the port and the error', () => {
    const yaml = `${cnp('auth-on', '{app: backend}', item(FRONTEND, '8080', 'required'))}---\n${cnp('auth-off', '{app: backend}', item(FRONTEND, '8080', 'disabled'))}`;
    const f = codes(lintYaml({ yaml }), 'auth-mode-conflict');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'error', path: 'spec.ingress[0]', related: [{ kind: 'CiliumNetworkPolicy', namespace: 'shop', name: 'auth-on' }] });
    expect(f[0]?.policy.name).toBe('auth-off');
    expect(f[0]?.message).toContain('cannot merge conflicting authentication types');
    expect(f[0]?.message).toContain('shop/backend');
    expect(f[0]?.message).toContain('8080/TCP');
    expect(f[0]?.message).toMatch(/auth-on spec\.ingress\[0\]/);
  });
  it('protocol ANY is a filter per protocol: it meets TCP on the same port', () => {
    const yaml = `${cnp('a', '{app: backend}', item(FRONTEND, '8080', 'required', 'ANY'))}---\n${cnp('b', '{app: backend}', item(FRONTEND, '8080', 'disabled'))}`;
    expect(codes(lintYaml({ yaml }), 'auth-mode-conflict')).toHaveLength(1);
  });
  it('entities that share a selector conflict: cluster holds host (pkg/policy/api/entity.go)', () => {
    const yaml = `${cnp('a', '{app: backend}', item('fromEntities: [cluster], ', '8080', 'required'))}---\n${cnp('b', '{app: backend}', item('fromEntities: [host], ', '8080', 'disabled'))}`;
    expect(codes(lintYaml({ yaml }), 'auth-mode-conflict')).toHaveLength(1);
  });
  it('is quiet for other ports, other protocols, other selectors, the same mode, one item without a mode, and subjects that share no pod', () => {
    const on = cnp('a', '{app: backend}', item(FRONTEND, '8080', 'required'));
    const quiet = [
      cnp('b', '{app: backend}', item(FRONTEND, '9090', 'disabled')),
      cnp('b', '{app: backend}', item(FRONTEND, '8080', 'disabled', 'UDP')),
      cnp('b', '{app: backend}', item('fromEndpoints: [{matchLabels: {app: api}}], ', '8080', 'disabled')),
      cnp('b', '{app: backend}', item(FRONTEND, '8080', 'required')),
      cnp('b', '{app: backend}', `{${FRONTEND}toPorts: [{ports: [{port: "8080", protocol: TCP}]}]}`),
      cnp('b', '{app: db}', item(FRONTEND, '8080', 'disabled')),
    ];
    for (const other of quiet) expect(codes(lintYaml({ yaml: `${on}---\n${other}` }), 'auth-mode-conflict'), other).toEqual([]);
  });
});
