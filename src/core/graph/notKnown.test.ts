import { describe, expect, it } from 'vitest';
import { compile } from '../engine/compile.ts';
import { connectivity } from '../engine/connectivity.ts';
import { decide } from '../engine/decide.ts';
import { hasPort } from '../engine/PortSet.ts';
import { buildCluster, podEndpoint, policiesFromYaml } from '../engine/testing.ts';
import { legendItems } from '../export/legend.ts';
import { VERDICT_STYLE } from '../export/style.ts';
import { buildGraph } from './buildGraph.ts';
import { connectivityInput } from './fromEngine.ts';
import { edgeVerdicts } from './types.ts';
import { defaultViewState } from './viewState.ts';

/**
 * Two L7 parsers on one port of shop/server's ingress: Cilium cannot compute its policy
 * (l7Conflict.ts) and decide() says not known. The graph draws every path through it as its own
 * verdict, `not-known`, not with what the policies would say (allowed, L7-filtered).
 */
describe('graph: a path through an endpoint whose policy Cilium cannot compute is not known', () => {
  const cnp = (name: string, selector: string, body: string) => `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  endpointSelector: {matchLabels: {app: ${selector}}}\n${body}`;
  const into = (from: string, port: string, rules: string) => `  ingress:\n  - fromEndpoints: [{matchLabels: {app: ${from}}}]\n    toPorts: [{ports: [{port: "${port}", protocol: TCP}]${rules}}]\n`;
  const yaml = [
    cnp('web-http', 'server', into('client', '80', ', rules: {http: [{method: GET}]}')),
    cnp('web-kafka', 'server', into('client', '80', ', rules: {kafka: [{topic: orders}]}')),
    cnp('other', 'other', `${into('server', '8080', '')}  - fromEndpoints: [{matchLabels: {app: client}}]\n    toPorts: [{ports: [{port: "8080", protocol: TCP}]}]\n`),
  ].join('---\n');
  const { policies } = policiesFromYaml(yaml);
  const cluster = buildCluster({ pods: ['client', 'server', 'other'].map((name) => ({ ns: 'shop', name, labels: { app: name } })), policies });
  const model = compile(cluster);
  const conn = connectivity(model, { includeDenied: true });
  const g = buildGraph({ cluster, connectivity: connectivityInput(conn, cluster, model.settings), flows: null }, defaultViewState);
  const between = (a: string, b: string) => g.edges.filter((e) => e.source === `w:shop/Pod/${a}` && e.target === `w:shop/Pod/${b}`);

  it('client -> server 80/TCP: one not-known edge, nothing drawn allowed or L7-filtered', () => {
    expect(between('client', 'server').map((e) => e.verdict)).toEqual(['not-known']);
    const [edge] = between('client', 'server');
    expect(edge && hasPort(edge.ports, 'TCP', 80)).toBe(true);
    expect(edge?.rules.map((r) => r.name).sort()).toEqual(['web-http', 'web-kafka']);
  });

  it('both directions: server -> other is not known too; client -> other, no end affected, stays allowed', () => {
    expect(between('server', 'other').map((e) => e.verdict)).toEqual(['not-known']);
    expect(between('client', 'other').map((e) => e.verdict)).toEqual(['allowed']);
    expect(g.edges.filter((e) => e.verdict === 'not-known')).toHaveLength(2);
  });

  it('agrees with decide(): the edges drawn not known are the paths it names notComputed', () => {
    const at = (a: string, b: string, port: number) => decide(model, { from: podEndpoint(model, `shop/${a}`), to: podEndpoint(model, `shop/${b}`), protocol: 'TCP', port });
    expect(at('client', 'server', 80)?.notComputed).toEqual(['shop/server']);
    expect(at('server', 'other', 8080)?.notComputed).toEqual(['shop/server']);
    expect(at('client', 'other', 8080)?.notComputed).toBeUndefined();
  });

  it('its style is its own (colour, and line with arrow, for a black-and-white print), with a "?" in its label; the exported legend lists it only when drawn', () => {
    const s = VERDICT_STYLE['not-known'];
    expect(s.label).toContain('?');
    for (const v of edgeVerdicts.filter((x) => x !== 'not-known')) {
      expect(VERDICT_STYLE[v].color).not.toBe(s.color);
      expect(`${VERDICT_STYLE[v].line}/${VERDICT_STYLE[v].arrow}`).not.toBe(`${s.line}/${s.arrow}`);
    }
    expect(legendItems(g, null).map((i) => i.key)).toContain('not-known');
    const plain = buildGraph({ cluster, connectivity: connectivityInput(connectivity(compile(buildCluster({ pods: [{ ns: 'shop', name: 'client', labels: { app: 'client' } }], policies: [] })), { includeDenied: true }), cluster, model.settings), flows: null }, defaultViewState);
    expect(legendItems(plain, null).map((i) => i.key)).not.toContain('not-known');
  });
});
