import { describe, expect, it } from 'vitest';
import { compile } from '../engine/compile.ts';
import { connectivity } from '../engine/connectivity.ts';
import { decide } from '../engine/decide.ts';
import { hasPort } from '../engine/PortSet.ts';
import { buildCluster, podEndpoint, policiesFromYaml } from '../engine/testing.ts';
import { legendItems } from '../export/legend.ts';
import { DASH, VERDICT_STYLE } from '../export/style.ts';
import { exportView } from '../export/exportView.ts';
import { bundleEdges, bundleKind } from './bundle.ts';
import { buildGraph } from './buildGraph.ts';
import { connectivityInput } from './fromEngine.ts';
import { edgeVerdicts } from './types.ts';
import { defaultViewState, viewReducer } from './viewState.ts';

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

/**
 * The same conflict with the client in another namespace (tenant): client -> server (not known)
 * and client -> other (allowed) run between the same two groups and are drawn as one line. That
 * line counted the not-known path with the allowed ones and was drawn green ('2 paths').
 */
describe('graph: a bundle holding a not-known path', () => {
  const from = '[{matchLabels: {app: client, k8s:io.kubernetes.pod.namespace: web}}]';
  const cnp = (name: string, selector: string, port: string, rules: string) =>
    `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  endpointSelector: {matchLabels: {app: ${selector}}}\n  ingress:\n  - fromEndpoints: ${from}\n    toPorts: [{ports: [{port: "${port}", protocol: TCP}]${rules}}]\n`;
  const { policies } = policiesFromYaml([cnp('web-http', 'server', '80', ', rules: {http: [{method: GET}]}'), cnp('web-kafka', 'server', '80', ', rules: {kafka: [{topic: orders}]}'), cnp('other', 'other', '8080', '')].join('---\n'));
  const pods = [
    { ns: 'web', name: 'client', labels: { app: 'client' } },
    { ns: 'shop', name: 'server', labels: { app: 'server' } },
    { ns: 'shop', name: 'other', labels: { app: 'other' } },
  ];
  const cluster = buildCluster({ pods, policies });
  const model = compile(cluster);
  const input = { cluster, connectivity: connectivityInput(connectivity(model, { includeDenied: true }), cluster, model.settings), flows: null };
  const expanded = buildGraph(input, defaultViewState);
  const view = viewReducer(defaultViewState, { type: 'collapse-all', groups: expanded.groups });
  const collapsed = buildGraph(input, view);

  it('is counted not known and drawn green and grey, never green alone, expanded or collapsed', () => {
    for (const g of [expanded, collapsed]) {
      const [b] = g.bundles ?? [];
      expect(g.bundles).toHaveLength(1);
      expect(b && [b.members.length, b.allowed, b.denied, b.notKnown, bundleKind(b)]).toEqual([2, 1, 0, 1, 'mixed']);
    }
  });

  it('the exported picture: a green/grey line, the not-known row and a grey part in the bundle sample', () => {
    const svg = exportView({ model: expanded, view: defaultViewState, clusterName: cluster.name, digest: 'ab'.repeat(32), time: null, highlight: null }).picture.svg;
    const grey = VERDICT_STYLE['not-known'].color;
    expect(svg).toMatch(/<g class="edge bundle bundle-mixed"/);
    expect(svg).toMatch(new RegExp(`<linearGradient id="bundle-0"[^>]*><stop offset="[^"]+" stop-color="${VERDICT_STYLE.allowed.color}"/><stop offset="[^"]+" stop-color="${grey}"/>`));
    expect(svg).toMatch(/data-legend="not-known"/);
    expect(/<g data-legend="bundle"[^>]*>(.*?)<text/.exec(svg)?.[1]).toContain(grey);
    // Its green part is explained too (the legend listed only 'Not known': a reader had no word for green).
    expect(svg).toMatch(/data-legend="allowed"/);
  });

  it('between two tenants side by side, too short for green and grey, the line is drawn not known (grey, dashed), not green with a grey arrow', () => {
    const svg = exportView({ model: collapsed, view, clusterName: cluster.name, digest: 'ab'.repeat(32), time: null, highlight: null }).picture.svg;
    const line = /<g class="edge bundle bundle-mixed short-not-known"[^>]*>(.*?)<\/g>/.exec(svg)?.[1] ?? '';
    expect(line).toContain(`stroke="${VERDICT_STYLE['not-known'].color}"`);
    expect(line).toContain(`stroke-dasharray="${DASH[VERDICT_STYLE['not-known'].line] ?? ''}"`);
    expect(line).not.toContain(VERDICT_STYLE.allowed.color);
    expect(svg).not.toContain('<linearGradient');
    expect(svg).toMatch(/data-legend="not-known"/);
  });

  it('drawn short (all grey), its legend lists the grey alone: no "Allowed" row, no green in the bundle sample, in the picture and in its text', () => {
    const out = exportView({ model: collapsed, view, clusterName: cluster.name, digest: 'ab'.repeat(32), time: null, highlight: null });
    const svg = out.picture.svg;
    // The one line drawn is grey: nothing green anywhere in the picture.
    expect(svg).toMatch(/class="edge bundle bundle-mixed short-not-known"/);
    expect(svg).not.toContain(VERDICT_STYLE.allowed.color);
    const rows = [...svg.matchAll(/data-legend="([^"]+)"/g)].map((m) => m[1]);
    expect(rows).toEqual(['not-known', 'bundle']);
    // The words written with the picture (PNG text chunk, JSON, HTML) list the same rows.
    expect(out.text.legend.map((l) => l.key)).toEqual(['not-known', 'bundle']);
    expect(new Map(out.pngText()).get('Legend')).not.toMatch(/^Allowed$/m);
  });

  // A third path between the two collapsed tenants, denied by a deny rule: the bundle holds all three kinds.
  const denied = collapsed.edges.map((e) => ({ ...e, id: `${e.id}-denied`, verdict: 'explicit-deny' as const })).slice(0, 1);
  const threeEdges = [...collapsed.edges, ...denied];
  const threeCollapsed = { ...collapsed, edges: threeEdges, bundles: bundleEdges(collapsed.nodes, threeEdges) };

  it('allowed, denied and not known in one bundle: green, grey and red in thirds, each in the legend', () => {
    const [b] = threeCollapsed.bundles ?? [];
    expect(b && [b.members.length, b.allowed, b.denied, b.notKnown, bundleKind(b)]).toEqual([3, 1, 1, 1, 'mixed']);
    const svg = exportView({ model: threeCollapsed, view, clusterName: cluster.name, digest: 'ab'.repeat(32), time: null, highlight: null }).picture.svg;
    const [green, grey, red] = [VERDICT_STYLE.allowed.color, VERDICT_STYLE['not-known'].color, VERDICT_STYLE['default-deny'].color];
    // Grey and red alone: the allowed path was out of the picture.
    const stops = [...(/<linearGradient id="bundle-0"[^>]*>(.*?)<\/linearGradient>/.exec(svg)?.[1] ?? '').matchAll(/offset="([^"]+)" stop-color="([^"]+)"/g)].map((m) => [Number(m[1]).toFixed(2), m[2]]);
    expect(stops).toEqual([
      ['0.33', green],
      ['0.33', grey],
      ['0.67', grey],
      ['0.67', red],
    ]);
    for (const row of ['allowed', 'explicit-deny', 'not-known', 'bundle']) expect(svg, row).toContain(`data-legend="${row}"`);
    const sample = /<g data-legend="bundle"[^>]*>(.*?)<text/.exec(svg)?.[1] ?? '';
    expect([green, grey, red].map((c) => sample.indexOf(c) >= 0)).toEqual([true, true, true]);
  });
});

/**
 * The server, whose policy Cilium cannot compute, may reach 0.0.0.0/0 except 10.0.0.0/8: the
 * carved-out range got a 'Denied by default' stub from it (what these policies would say, not what
 * the server enforces: it keeps the last policy it computed).
 */
describe('graph: the carve-out stub of a source whose policy Cilium cannot compute', () => {
  // Its stub, not known as its path to the world is, is drawn with that path (one not-known line).
  const cnp = (name: string, body: string) => `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  endpointSelector: {matchLabels: {app: server}}\n${body}`;
  const into = (rules: string) => `  ingress:\n  - fromEndpoints: [{matchLabels: {app: client}}]\n    toPorts: [{ports: [{port: "80", protocol: TCP}], rules: ${rules}}]\n`;
  const out = '  egress:\n  - toCIDRSet: [{cidr: 0.0.0.0/0, except: [10.0.0.0/8]}]\n';
  const build = (conflict: boolean) => {
    const yaml = [cnp('web-http', into('{http: [{method: GET}]}')), ...(conflict ? [cnp('web-kafka', into('{kafka: [{topic: orders}]}'))] : []), cnp('out', out)].join('---\n');
    const cluster = buildCluster({ pods: ['client', 'server'].map((name) => ({ ns: 'shop', name, labels: { app: name } })), policies: policiesFromYaml(yaml).policies });
    const model = compile(cluster);
    const g = buildGraph({ cluster, connectivity: connectivityInput(connectivity(model, { includeDenied: true }), cluster, model.settings), flows: null }, defaultViewState);
    return g.edges.filter((e) => e.source === 'w:shop/Pod/server').map((e) => `${e.target} ${e.verdict}`);
  };

  it('is not drawn denied by default: every line from that source is not known; computed, the stub stays', () => {
    expect(build(false)).toEqual(['o:cidr:10.0.0.0/8 default-deny', 'o:world allowed']);
    expect(build(true)).toEqual(['o:world not-known']);
  });
});
