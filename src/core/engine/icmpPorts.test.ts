import { describe, expect, it } from 'vitest';
import { compile } from './compile.ts';
import { connectivity } from './connectivity.ts';
import { hasPort } from './PortSet.ts';
import { decide } from './decide.ts';
import { buildCluster, podEndpoint, policiesFromYaml } from './testing.ts';
import type { QueryProtocol } from './types.ts';

/**
 * ICMP rules, port ranges, named ports and protocols in allow and deny items, against Cilium's
 * rule merging (pkg/policy/rule.go `mergeIngress`/`mergeEgress`, cilium/cilium, Apache-2.0):
 * an item is L3-only when `toPorts.Len() == 0 && icmp.Len() == 0` (counting items, not ports);
 * ICMP fields become L4 filters on ICMP/ICMPv6 with the type as port (pkg/policy/api/icmp.go
 * `ICMPField.PortProtocol`); protocol ANY is merged as TCP, UDP and SCTP.
 */
function modelOf(spec: string, ciliumVersion = '1.19') {
  const { policies, diagnostics } = policiesFromYaml(
    `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  endpointSelector: {matchLabels: {app: server}}\n${spec}`,
    { ciliumVersion },
  );
  const pods = [
    { ns: 'shop', name: 'client', labels: { app: 'client' } },
    { ns: 'shop', name: 'server', labels: { app: 'server' }, ports: [['http', 8080, 'TCP'] as const, ['dns', 5353, 'UDP'] as const] },
  ];
  return { m: compile(buildCluster({ pods, policies }), { ciliumVersion }), diagnostics };
}

function ask(m: ReturnType<typeof modelOf>['m'], port: number | string | null, protocol: QueryProtocol) {
  return decide(m, { from: podEndpoint(m, 'shop/client'), to: podEndpoint(m, 'shop/server'), port, protocol });
}

describe('icmps items', () => {
  it('an icmps item without fields is not L3-only: the item allows nothing (mergeIngress counts icmps items)', () => {
    const { m, diagnostics } = modelOf(`  ingress:\n  - fromEndpoints: [{matchLabels: {app: client}}]\n    icmps: [{}]\n`);
    expect(ask(m, 80, 'TCP').verdict).toBe('denied');
    expect(ask(m, 8, 'ICMP').verdict).toBe('denied');
    expect(ask(m, 80, 'TCP').ingress.reason).toBe('default-deny');
    const w = diagnostics.find((d) => d.code === 'empty-icmps');
    expect(w?.message).toContain('allows nothing');
  });

  it('an icmps item with an empty fields list also allows nothing', () => {
    const { m } = modelOf(`  ingress:\n  - fromEndpoints: [{matchLabels: {app: client}}]\n    icmps: [{fields: []}]\n`);
    expect(ask(m, 443, 'TCP').verdict).toBe('denied');
    // The graph's matrix agrees: nothing from client to server.
    const conn = connectivity(m, { identitiesOnly: true });
    const idx = (name: string) => conn.peers.findIndex((p) => p.kind === 'identity' && p.workloads.includes(`shop/Pod/${name}`));
    expect(conn.edges.some((e) => e.from === idx('client') && e.to === idx('server'))).toBe(false);
    expect(conn.edges.some((e) => e.from === idx('server') && e.to === idx('client'))).toBe(true);
  });

  it('icmps: [] is absent: the item is L3-only again', () => {
    const { m } = modelOf(`  ingress:\n  - fromEndpoints: [{matchLabels: {app: client}}]\n    icmps: []\n`);
    expect(ask(m, 443, 'TCP').verdict).toBe('allowed');
  });

  it('family IPv6 type names resolve in the ICMPv6 table; the same name in IPv4 is another number', () => {
    const { m } = modelOf(`  ingress:\n  - fromEndpoints: [{matchLabels: {app: client}}]\n    icmps: [{fields: [{type: EchoRequest, family: IPv6}]}]\n`);
    expect(ask(m, 128, 'ICMPv6').verdict).toBe('allowed');
    expect(ask(m, 8, 'ICMP').verdict).toBe('denied');
    expect(ask(m, 80, 'TCP').verdict).toBe('denied');
  });

  it('an ICMP deny wins over an L3 allow for that type only', () => {
    const { m } = modelOf(
      `  ingress:\n  - fromEndpoints: [{matchLabels: {app: client}}]\n  ingressDeny:\n  - fromEndpoints: [{matchLabels: {app: client}}]\n    icmps: [{fields: [{type: 8}]}]\n`,
    );
    const d = ask(m, 8, 'ICMP');
    expect(d.verdict).toBe('denied');
    expect(d.ingress.text).toContain('spec.ingressDeny[0]');
    expect(ask(m, 0, 'ICMP').verdict).toBe('allowed');
    expect(ask(m, 80, 'TCP').verdict).toBe('allowed');
  });
});

describe('port ranges and named ports in deny items', () => {
  const spec = `  ingress:\n  - fromEndpoints: [{matchLabels: {app: client}}]\n  ingressDeny:\n  - fromEndpoints: [{matchLabels: {app: client}}]\n    toPorts: [{ports: [{port: '8000', endPort: 8100, protocol: TCP}]}]\n`;
  it('from 1.16 the whole range is denied', () => {
    const { m } = modelOf(spec, '1.16');
    expect(ask(m, 8050, 'TCP').verdict).toBe('denied');
    expect(ask(m, 8101, 'TCP').verdict).toBe('allowed');
  });
  it('on 1.15 only the first port is denied, and the note names the release', () => {
    const { m } = modelOf(spec, '1.15');
    expect(ask(m, 8000, 'TCP').verdict).toBe('denied');
    const d = ask(m, 8050, 'TCP');
    expect(d.verdict).toBe('allowed');
    expect(d.notes.some((n) => n.includes('Cilium 1.15') && n.includes('endPort') && n.includes('spec.ingressDeny[0]'))).toBe(true);
  });
  it('a named port in a deny item resolves on the destination', () => {
    const { m } = modelOf(
      `  ingress:\n  - fromEndpoints: [{matchLabels: {app: client}}]\n  ingressDeny:\n  - toPorts: [{ports: [{port: http, protocol: TCP}]}]\n`,
    );
    expect(ask(m, 8080, 'TCP').verdict).toBe('denied');
    expect(ask(m, 'http', 'TCP').verdict).toBe('denied');
    expect(ask(m, 8081, 'TCP').verdict).toBe('allowed');
  });
});

describe('protocols ANY and SCTP', () => {
  it('ANY covers TCP, UDP and SCTP (merged three times), never ICMP', () => {
    const { m } = modelOf(`  ingress:\n  - toPorts: [{ports: [{port: '5353', protocol: ANY}]}]\n`);
    for (const p of ['TCP', 'UDP', 'SCTP', 'ANY'] as const) expect(ask(m, 5353, p).verdict).toBe('allowed');
    expect(ask(m, 5353, 'ICMP').verdict).toBe('denied');
  });
  it('a protocol-less port is ANY', () => {
    const { m } = modelOf(`  ingress:\n  - toPorts: [{ports: [{port: '9000'}]}]\n`);
    expect(ask(m, 9000, 'SCTP').verdict).toBe('allowed');
  });
  it('SCTP only: TCP on the same port stays denied, and ANY is denied naming TCP', () => {
    const { m } = modelOf(`  ingress:\n  - toPorts: [{ports: [{port: '9000', protocol: SCTP}]}]\n`);
    expect(ask(m, 9000, 'SCTP').verdict).toBe('allowed');
    expect(ask(m, 9000, 'TCP').verdict).toBe('denied');
    const any = ask(m, 9000, 'ANY');
    expect(any.verdict).toBe('denied');
    expect(any.notes[0]).toContain('TCP is denied');
  });
  it('a deny on ANY denies UDP too', () => {
    const { m } = modelOf(`  ingress:\n  - {}\n  - fromEndpoints: [{matchLabels: {app: client}}]\n  ingressDeny:\n  - toPorts: [{ports: [{port: dns, protocol: ANY}]}]\n`);
    expect(ask(m, 5353, 'UDP').verdict).toBe('denied');
    expect(ask(m, 5353, 'TCP').verdict).toBe('allowed');
  });
});

/**
 * ICMP type 0 (EchoReply) is a wildcard: the type becomes the L4 port of the rule
 * (pkg/policy/api/icmp.go `ICMPField.PortProtocol`) and port "0" means every port, so the rule
 * matches every ICMP type of its family (cilium/cilium#41304, open: "CCNP ICMP Rule with Type 0
 * Matches All ICMP Traffic"; `cilium monitor` shows such echo requests as "match L3-Proto").
 */
describe('ICMP type 0 matches every type of its family', () => {
  const spec = (type: string, family = 'IPv4') => `  ingress:\n  - fromEndpoints: [{matchLabels: {app: client}}]\n    icmps: [{fields: [{type: ${type}, family: ${family}}]}]\n`;
  it('type 0 allows echo requests (8) too, and the note says why', () => {
    const { m } = modelOf(spec('0'));
    const d = ask(m, 8, 'ICMP');
    expect(d.verdict).toBe('allowed');
    expect(d.notes.join(' ')).toContain('#41304');
    expect(ask(m, 0, 'ICMP').verdict).toBe('allowed');
    expect(ask(m, 128, 'ICMPv6').verdict).toBe('denied');
    expect(ask(m, 80, 'TCP').verdict).toBe('denied');
  });
  it('the name EchoReply is type 0 as well', () => {
    expect(ask(modelOf(spec('EchoReply')).m, 13, 'ICMP').verdict).toBe('allowed');
  });
  it('another type stays exact', () => {
    const { m } = modelOf(spec('8'));
    expect(ask(m, 0, 'ICMP').verdict).toBe('denied');
    expect(ask(m, 8, 'ICMP').notes.join(' ')).not.toContain('#41304');
  });
  it('the graph matrix agrees: every ICMP type from client to server', () => {
    const { m } = modelOf(spec('0'));
    const conn = connectivity(m, { identitiesOnly: true });
    const idx = (name: string) => conn.peers.findIndex((p) => p.kind === 'identity' && p.workloads.includes(`shop/Pod/${name}`));
    const edge = conn.edges.find((e) => e.from === idx('client') && e.to === idx('server'));
    expect(edge && hasPort(edge.allowed, 'ICMP', 3)).toBe(true);
    expect(edge && hasPort(edge.allowed, 'ICMPv6', 128)).toBe(false);
  });
  it('a deny of type 0 denies every ICMP type of the family', () => {
    const { m } = modelOf(`  ingress:\n  - fromEndpoints: [{matchLabels: {app: client}}]\n  ingressDeny:\n  - icmps: [{fields: [{type: 0}]}]\n`);
    expect(ask(m, 8, 'ICMP').verdict).toBe('denied');
    expect(ask(m, 80, 'TCP').verdict).toBe('allowed');
  });
});
