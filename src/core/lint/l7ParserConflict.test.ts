import { describe, it, expect } from 'vitest';
import { codes, lintYaml } from './testing.ts';

/**
 * `l7-parser-conflict`: two allow items of the policies selecting one endpoint put two L7 parsers
 * on one port, protocol and direction. Cilium cannot merge them, "cannot merge conflicting L7
 * parsers" (pkg/policy/l4.go `L7ParserType.Merge`; pkg/policy/l4_filter_test.go cases 5, 9, 9b),
 * so the endpoint's policy is not computed. Up to 1.17 any two items on the port conflict, from
 * 1.18 only items with a peer selector in common. The engine notes it per query
 * (engine/l7Conflict.ts, which finds the pairs for both); lint reports it at load, once per pair.
 */
const cnp = (name: string, subject: string, ...items: string[]) =>
  `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  endpointSelector: ${subject}\n  egress:\n${items.map((i) => `  - ${i}\n`).join('')}`;
const l7 = { http: '{http: [{method: GET, path: /}]}', dns: "{dns: [{matchPattern: '*'}]}", kafka: '{kafka: [{topic: orders}]}' } as const;
const item = (peers: string, port: string, rules: keyof typeof l7 | null, proto = 'TCP') =>
  `{${peers}toPorts: [{ports: [{port: "${port}", protocol: ${proto}}]${rules === null ? '' : `, rules: ${l7[rules]}`}}]}`;
const TO_BACKEND = 'toEndpoints: [{matchLabels: {app: backend}}], ';
const TO_ALL = 'toEndpoints: [{}], ';
const FRONTEND = '{matchLabels: {app: frontend}}';

describe('l7-parser-conflict', () => {
  it('reports HTTP and DNS rules on one port and selector as an error, naming both items, the port, the endpoint and the release rule', () => {
    const yaml = `${cnp('web-http', FRONTEND, item(TO_BACKEND, '8080', 'http'))}---\n${cnp('web-dns', FRONTEND, item(TO_BACKEND, '8080', 'dns'))}`;
    const f = codes(lintYaml({ yaml }), 'l7-parser-conflict');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'error', path: 'spec.egress[0]', related: [{ kind: 'CiliumNetworkPolicy', namespace: 'shop', name: 'web-http' }] });
    expect(f[0]?.policy.name).toBe('web-dns');
    expect(f[0]?.message).toContain('CNP shop/web-http spec.egress[0] (http) and CNP shop/web-dns spec.egress[0] (dns) put two L7 parsers on 8080/TCP from shop/frontend');
    expect(f[0]?.message).toContain('cannot merge conflicting L7 parsers');
    expect(f[0]?.message).toContain('Cilium 1.19: one L7 parser per port and peer selector, since 1.18');
    expect(f[0]?.fix).toMatch(/http or dns/);
  });
  it('9b: DNS to one selector and HTTP to every endpoint on one port: a conflict up to 1.17 (one parser per port), none from 1.18', () => {
    const yaml = cnp('mixed', FRONTEND, item(TO_BACKEND, '8080', 'dns'), item(TO_ALL, '8080', 'http'));
    for (const v of ['1.16', '1.17']) {
      const f = codes(lintYaml({ yaml, settings: { ciliumVersion: v } }), 'l7-parser-conflict');
      expect(f, v).toHaveLength(1);
      expect(f[0]?.path).toBe('spec.egress[1]');
      expect(f[0]?.related).toBeUndefined();
      expect(f[0]?.message).toContain(`CNP shop/mixed spec.egress[0] (dns) and CNP shop/mixed spec.egress[1] (http)`);
      expect(f[0]?.message).toContain(`Cilium ${v}: one L7 parser per port, whatever the peers; from 1.18 one per port and peer selector`);
    }
    for (const v of ['1.18', '1.19', '1.20']) expect(codes(lintYaml({ yaml, settings: { ciliumVersion: v } }), 'l7-parser-conflict'), v).toEqual([]);
  });
  it('once per pair of items: every port they share and every endpoint both apply to in one finding', () => {
    const two = (rules: keyof typeof l7) => `{${TO_BACKEND}toPorts: [{ports: [{port: "8080", protocol: TCP}, {port: "9090", protocol: TCP}], rules: ${l7[rules]}}]}`;
    const subject = '{matchExpressions: [{key: app, operator: In, values: [frontend, db]}]}';
    const yaml = `${cnp('a', subject, two('http'))}---\n${cnp('b', subject, two('kafka'))}`;
    const f = codes(lintYaml({ yaml }), 'l7-parser-conflict');
    expect(f).toHaveLength(1);
    expect(f[0]?.message).toContain('on 8080/TCP, 9090/TCP from shop/db, shop/frontend');
  });
  it('without an inventory: rules with the same subject selector stand for the endpoints', () => {
    const yaml = `${cnp('a', FRONTEND, item(TO_BACKEND, '8080', 'http'))}---\n${cnp('b', FRONTEND, item(TO_BACKEND, '8080', 'dns'))}`;
    const f = codes(lintYaml({ yaml, noInventory: true }), 'l7-parser-conflict');
    expect(f).toHaveLength(1);
    expect(f[0]?.message).toContain('from the endpoints both select');
  });
  it('is quiet for the same parser, a plain port beside an L7 one, other ports, other protocols, other selectors (1.18 on), and subjects that share no pod', () => {
    const on = cnp('a', FRONTEND, item(TO_BACKEND, '8080', 'http'));
    const quiet = [
      cnp('b', FRONTEND, item(TO_ALL, '8080', 'http')),
      cnp('b', FRONTEND, item(TO_BACKEND, '8080', null)),
      cnp('b', FRONTEND, item(TO_BACKEND, '9090', 'dns')),
      cnp('b', FRONTEND, item(TO_BACKEND, '8080', 'dns', 'UDP')),
      cnp('b', FRONTEND, item('toEndpoints: [{matchLabels: {app: db}}], ', '8080', 'dns')),
      cnp('b', '{matchLabels: {app: db}}', item(TO_BACKEND, '8080', 'dns')),
    ];
    for (const other of quiet) expect(codes(lintYaml({ yaml: `${on}---\n${other}` }), 'l7-parser-conflict'), other).toEqual([]);
  });
});
